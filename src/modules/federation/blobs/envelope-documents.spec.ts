import { attachmentRefsOf, documentRecordsOf } from './envelope-documents';

const SHA = 'a'.repeat(64);
const ID = '0b6c3f5e-7d1a-4c2b-9e8f-1a2b3c4d5e6f';
const REQUEST = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const doc = {
  id: ID,
  requestId: 'ignored: the envelope names the request',
  authorityId: ID,
  uploadedByUserId: ID,
  kind: 'warrant',
  filename: 'warrant.pdf',
  mediaType: 'application/pdf',
  size: 12,
  sha256: SHA,
  description: null,
  createdAt: '2026-12-01T09:00:00.000Z',
};

describe('envelope documents', () => {
  it('should read attachments[] and refuse a malformed one', () => {
    expect(attachmentRefsOf([{ sha256: SHA, size: 12, mediaType: 'application/pdf' }])).toEqual([
      { sha256: SHA, size: 12, mediaType: 'application/pdf' },
    ]);
    expect(() => attachmentRefsOf([{ sha256: 'x', size: 12, mediaType: 'application/pdf' }])).toThrow(
      'attachments[0]',
    );
    expect(() => attachmentRefsOf([{ sha256: SHA, size: 0, mediaType: 'application/pdf' }])).toThrow();
    expect(() => attachmentRefsOf('no')).toThrow('attachments must be a list');
  });

  it('should read body.documents on the envelope request, each listed in attachments[] with its size', () => {
    const refs = [{ sha256: SHA, size: 12, mediaType: 'application/pdf' }];
    expect(documentRecordsOf([doc], REQUEST, refs)).toEqual([{ ...doc, requestId: REQUEST }]);
    expect(documentRecordsOf(undefined, REQUEST, refs)).toEqual([]);
    expect(() => documentRecordsOf([{ ...doc, size: 13 }], REQUEST, refs)).toThrow('body.documents[0]');
    expect(() => documentRecordsOf([{ ...doc, sha256: 'b'.repeat(64) }], REQUEST, refs)).toThrow();
    expect(() => documentRecordsOf([{ ...doc, id: 'not-a-uuid' }], REQUEST, refs)).toThrow();
  });
});
