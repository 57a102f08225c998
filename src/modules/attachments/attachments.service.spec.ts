import type { DataSource } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { sha256Hex } from '@/common/crypto/sha256';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@/common/errors/domain-error';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { autoMock } from '@/test-utils/auto-mock';
import {
  type ChannelDefinition,
  ChannelRegistry,
  type Committed,
  type CooperationRequest,
  type PayloadCheck,
  type SideEvent,
  type UserActor,
  WorkflowService,
} from '@/workflows';
import { extraditionMachine } from '@/modules/extradition/extradition.machine';
import type { RetentionService } from './retention.service';
import { AttachmentsService, type UploadedFile } from './attachments.service';
import { Attachment } from './entities/attachment.entity';

/*
 * The service takes a TypeORM DataSource through @InjectDataSource(), a type-only import: there is no
 * constructor metadata for newTestService to mock it (it refuses an `Object` parameter). The other
 * dependencies are auto-mocked with autoMock from the same test utilities; the DataSource is a hand mock.
 */
const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const THIRD_PARTY = 'cccccccc-0000-4000-8000-000000000003';
const DOC_ID = '11111111-0000-4000-8000-000000000001';
const CONTENT = Buffer.from('%PDF-1.7 arrest warrant HN-2026-117');
const SHA = sha256Hex(CONTENT);

function request(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return {
    id: REQUEST_ID,
    channel: 'extradition',
    status: 'FORMAL_REQUEST_SUBMITTED',
    version: 3,
    requestingAuthorityId: REQUESTING,
    requestedAuthorityId: REQUESTED,
    deliveredAt: new Date('2026-02-01T00:00:00.000Z'),
    caseData: {},
    ...overrides,
  } as CooperationRequest;
}

function principal(
  authorityId: string | null = REQUESTING,
  roles: Principal['roles'] = ['officer'],
): Principal {
  return { userId: 'user-1', authorityId, roles, name: 'Officer' };
}

function file(overrides: Partial<UploadedFile> = {}): UploadedFile {
  return {
    originalname: 'warrant.pdf',
    mimetype: 'application/pdf',
    size: CONTENT.length,
    buffer: CONTENT,
    ...overrides,
  };
}

const stored = (over: Partial<Attachment> = {}): Attachment =>
  Object.assign(new Attachment(), {
    id: DOC_ID,
    requestId: REQUEST_ID,
    authorityId: REQUESTING,
    uploadedByUserId: 'user-1',
    kind: 'warrant',
    filename: 'warrant.pdf',
    mediaType: 'application/pdf',
    size: CONTENT.length,
    sha256: SHA,
    description: null,
    createdAt: new Date('2026-03-01T10:00:00.000Z'),
    ...over,
  });

interface QueryBuilderMock {
  addSelect: jest.Mock<QueryBuilderMock, [string]>;
  where: jest.Mock<QueryBuilderMock, [string, Record<string, string>]>;
  getOne: jest.Mock<Promise<Attachment | null>, []>;
}

function setup(visible: CooperationRequest = request(), options: { commit?: boolean } = {}) {
  const inserted: Attachment[] = [];
  const queryBuilder: QueryBuilderMock = {
    addSelect: jest.fn((_select: string) => queryBuilder),
    where: jest.fn((_where: string, _params: Record<string, string>) => queryBuilder),
    getOne: jest.fn((): Promise<Attachment | null> => Promise.resolve(null)),
  };
  const repo = {
    create: jest.fn((plain: Partial<Attachment>) => Object.assign(new Attachment(), plain)),
    find: jest.fn((): Promise<Attachment[]> => Promise.resolve([])),
    findOne: jest.fn((): Promise<Attachment | null> => Promise.resolve(null)),
    createQueryBuilder: jest.fn(() => queryBuilder),
  };
  const manager = {
    getRepository: jest.fn(() => ({
      insert: jest.fn((a: Attachment) => {
        inserted.push(a);
        return Promise.resolve();
      }),
    })),
  };
  const dataSource = { getRepository: jest.fn(() => repo) };

  const requests = autoMock(RequestsService);
  const workflow = autoMock(WorkflowService);
  const registry = autoMock(ChannelRegistry);

  requests.authorityOf.mockImplementation((p: Principal) => {
    if (!p.authorityId) {
      throw new ForbiddenError('Operator admins see no case content');
    }
    return p.authorityId;
  });
  requests.actorOf.mockImplementation((p: Principal): UserActor => ({
    type: 'user',
    userId: p.userId,
    authorityId: requests.authorityOf(p),
    roles: p.roles.filter((r) => r !== 'admin'),
  }));
  requests.visible.mockResolvedValue(visible);
  registry.get.mockReturnValue({ channel: 'extradition', machine: extraditionMachine } as ChannelDefinition);
  // Like WorkflowService.recordEvent: 404 when the request is gone, the check on the locked row, then the
  // writes that belong to the event in its transaction.
  const events: SideEvent[] = [];
  const committed: Committed[] = [];
  workflow.recordEvent.mockImplementation(async (_id, _actor, event, { check, within } = {}) => {
    if (options.commit === false) {
      throw new NotFoundError('Request');
    }
    const locked = structuredClone(visible);
    check?.(locked);
    events.push(event);
    await within?.(manager as never);
    const done = {
      request: { ...locked, version: locked.version + 1 },
      event: { seq: 4, occurredAt: new Date(), ...event },
      outbox: [],
    } as unknown as Committed;
    committed.push(done);
    return done;
  });

  const accessLog = autoMock(AccessLogService);
  accessLog.recordItems.mockResolvedValue(undefined);
  const sut = new AttachmentsService(
    dataSource as unknown as DataSource,
    requests,
    workflow,
    registry,
    accessLog,
    { retentionFor: () => Promise.resolve(new Map()) } as unknown as RetentionService,
  );
  return { sut, requests, workflow, registry, repo, queryBuilder, inserted, events, committed, accessLog };
}

describe('AttachmentsService', () => {
  describe('upload', () => {
    it('should store the document with its SHA-256 and record the hash in the history, in one change', async () => {
      const { sut, workflow, inserted, events, committed } = setup();
      const res = await sut.upload(
        REQUEST_ID,
        file(),
        { kind: 'warrant', description: 'Arrest warrant' },
        principal(),
      );

      expect(workflow.recordEvent).toHaveBeenCalledTimes(1);
      expect(workflow.recordEvent).toHaveBeenCalledWith(
        REQUEST_ID,
        { type: 'user', userId: 'user-1', authorityId: REQUESTING, roles: ['officer'] },
        expect.anything(),
        { check: expect.any(Function), within: expect.any(Function) },
      );
      expect(events[0]).toEqual({
        action: 'attach-document',
        payload: {
          attachmentId: inserted[0].id,
          kind: 'warrant',
          filename: 'warrant.pdf',
          mediaType: 'application/pdf',
          size: CONTENT.length,
          sha256: SHA,
        },
      });
      expect(inserted).toHaveLength(1);
      expect(inserted[0]).toMatchObject({
        requestId: REQUEST_ID,
        authorityId: REQUESTING,
        uploadedByUserId: 'user-1',
        kind: 'warrant',
        sha256: SHA,
        description: 'Arrest warrant',
        content: CONTENT,
      });
      // The document is written in the event's transaction (`within`); an open request passes the check.
      expect(() => workflow.recordEvent.mock.calls[0][3]?.check?.(request())).not.toThrow();
      expect(committed).toHaveLength(1);
      expect(res).toMatchObject({
        requestId: REQUEST_ID,
        kind: 'warrant',
        filename: 'warrant.pdf',
        mediaType: 'application/pdf',
        size: CONTENT.length,
        sha256: SHA,
        description: 'Arrest warrant',
        addedBy: 'requesting',
      });
      expect(res).not.toHaveProperty('content');
    });

    it('should date the response with the time of the change when the row has no creation date yet', async () => {
      const { sut, committed } = setup();
      const res = await sut.upload(REQUEST_ID, file(), { kind: 'warrant' }, principal());
      expect(res.createdAt).toBe(committed[0].event.occurredAt.toISOString());
      expect(res.description).toBeNull();
    });

    it('should say which side added the document', async () => {
      const { sut } = setup();
      const res = await sut.upload(
        REQUEST_ID,
        file(),
        { kind: 'translation' },
        principal(REQUESTED, ['approver']),
      );
      expect(res.addedBy).toBe('requested');
    });

    it.each([
      { originalname: '../../etc/passwd', filename: '.._.._etc_passwd' },
      { originalname: 'Haftbefehl (Kopie) ä.pdf', filename: 'Haftbefehl (Kopie) _.pdf' },
      { originalname: 'a"b;c<d>.pdf', filename: 'a_b_c_d_.pdf' },
      { originalname: '', filename: 'document' },
      { originalname: `${'x'.repeat(300)}.pdf`, filename: 'x'.repeat(255) },
    ])('should store $originalname as $filename', async ({ originalname, filename }) => {
      const { sut, events } = setup();
      const res = await sut.upload(REQUEST_ID, file({ originalname }), { kind: 'other' }, principal());
      expect(res.filename).toBe(filename);
      expect((events[0].payload as { filename: string }).filename).toBe(filename);
    });

    it.each([
      { mimetype: 'application/pdf', mediaType: 'application/pdf' },
      {
        mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { mimetype: 'text/html; charset=utf-8', mediaType: 'application/octet-stream' },
      { mimetype: 'nonsense', mediaType: 'application/octet-stream' },
      { mimetype: '', mediaType: 'application/octet-stream' },
    ])('should keep the media type $mimetype as $mediaType', async ({ mimetype, mediaType }) => {
      const { sut } = setup();
      const res = await sut.upload(REQUEST_ID, file({ mimetype }), { kind: 'evidence' }, principal());
      expect(res.mediaType).toBe(mediaType);
    });

    it.each([
      { fields: {}, field: 'kind' },
      { fields: { kind: 'photo' }, field: 'kind' },
      { fields: { kind: 'warrant', description: '' }, field: 'description' },
      { fields: { kind: 'warrant', extra: 'x' }, field: 'extra' },
    ])('should refuse the form fields $fields naming $field, changing nothing', async ({ fields, field }) => {
      const { sut, workflow } = setup();
      const attempt = sut.upload(REQUEST_ID, file(), fields, principal());
      await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(attempt).rejects.toMatchObject({ details: [{ field }] });
      expect(workflow.recordEvent).not.toHaveBeenCalled();
    });

    it.each([
      { upload: undefined, message: 'a document is required in the field "file"' },
      { upload: file({ size: 0, buffer: Buffer.alloc(0) }), message: 'the document is empty' },
    ])('should refuse a missing or empty file: $message', async ({ upload, message }) => {
      const { sut, workflow } = setup();
      const attempt = sut.upload(REQUEST_ID, upload, { kind: 'warrant' }, principal());
      await expect(attempt).rejects.toMatchObject({ details: [{ field: 'file', messages: [message] }] });
      expect(workflow.recordEvent).not.toHaveBeenCalled();
    });

    it.each(['WITHDRAWN', 'CLOSED'])(
      'should refuse documents on a %s request with REQUEST_CLOSED',
      async (status) => {
        const { sut, inserted, committed } = setup(request({ status }));
        const attempt = sut.upload(REQUEST_ID, file(), { kind: 'warrant' }, principal());
        await expect(attempt).rejects.toBeInstanceOf(DomainError);
        await expect(attempt).rejects.toMatchObject({ code: 'REQUEST_CLOSED', kind: 'conflict' });
        expect(inserted).toEqual([]);
        expect(committed).toEqual([]);
      },
    );

    it.each(['REFUSED', 'SURRENDERED', 'PA_LAPSED'])(
      'should still take documents on a %s request',
      async (status) => {
        const { sut, inserted } = setup(request({ status }));
        await sut.upload(REQUEST_ID, file(), { kind: 'other' }, principal());
        expect(inserted).toHaveLength(1);
      },
    );

    it('should answer 404 when the caller is on neither side', async () => {
      const { sut, workflow } = setup();
      const attempt = sut.upload(REQUEST_ID, file(), { kind: 'warrant' }, principal(THIRD_PARTY));
      await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
      expect(workflow.recordEvent).not.toHaveBeenCalled();
    });

    it('should answer 404 when the request vanished before the change', async () => {
      const { sut, inserted } = setup(request(), { commit: false });
      await expect(sut.upload(REQUEST_ID, file(), { kind: 'warrant' }, principal())).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(inserted).toEqual([]);
    });

    it('should refuse an operator admin without an authority', async () => {
      const { sut, requests } = setup();
      await expect(
        sut.upload(REQUEST_ID, file(), { kind: 'warrant' }, principal(null, ['admin'])),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(requests.visible).not.toHaveBeenCalled();
    });
  });

  describe('list', () => {
    it("should list the request's documents oldest first, each with the side that added it", async () => {
      const { sut, repo } = setup();
      repo.find.mockResolvedValue([stored(), stored({ id: 'x', authorityId: REQUESTED, kind: 'judgment' })]);
      const res = await sut.list(REQUEST_ID, principal(REQUESTED));
      expect(repo.find).toHaveBeenCalledWith({
        where: { requestId: REQUEST_ID },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      expect(res.map((a) => [a.kind, a.addedBy])).toEqual([
        ['warrant', 'requesting'],
        ['judgment', 'requested'],
      ]);
      expect(res[0].createdAt).toBe('2026-03-01T10:00:00.000Z');
    });
  });

  describe('download', () => {
    it('should load the content of a document of this request', async () => {
      const { sut, queryBuilder, requests } = setup();
      const doc = stored({ content: CONTENT });
      queryBuilder.getOne.mockResolvedValue(doc);
      await expect(sut.download(REQUEST_ID, DOC_ID, principal(REQUESTED))).resolves.toBe(doc);
      expect(requests.visible).toHaveBeenCalledWith(REQUEST_ID, REQUESTED);
      expect(queryBuilder.addSelect).toHaveBeenCalledWith('a.content');
      expect(queryBuilder.where).toHaveBeenCalledWith(expect.stringContaining('a.request_id = :requestId'), {
        attachmentId: DOC_ID,
        requestId: REQUEST_ID,
      });
    });

    it('should answer 404 for a document that is not on this request', async () => {
      const { sut } = setup();
      await expect(sut.download(REQUEST_ID, DOC_ID, principal())).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'Attachment not found',
      });
    });

    it("should ask the channel's documentAccess rule, with the uploader's side and the reader's side and roles", async () => {
      const { sut, queryBuilder, registry } = setup();
      queryBuilder.getOne.mockResolvedValue(stored({ kind: 'evidence', authorityId: REQUESTED }));
      const documentAccess = jest.fn(() => 'intercepted content: approvers only');
      registry.get.mockReturnValue({ channel: 'x', machine: extraditionMachine, documentAccess } as never);
      await expect(sut.download(REQUEST_ID, DOC_ID, principal())).rejects.toMatchObject({
        code: 'DOCUMENT_RESTRICTED',
        kind: 'forbidden',
        message: 'intercepted content: approvers only',
      });
      expect(documentAccess).toHaveBeenCalledWith(
        expect.objectContaining({ id: REQUEST_ID }),
        { id: DOC_ID, kind: 'evidence', uploadedBy: 'requested' },
        { side: 'requesting', roles: ['officer'] },
      );
      documentAccess.mockReturnValue(null as never);
      await expect(sut.download(REQUEST_ID, DOC_ID, principal())).resolves.toMatchObject({ id: DOC_ID });
    });

    it('should log the download per item before releasing it, after the release checks', async () => {
      const { sut, queryBuilder, accessLog } = setup();
      queryBuilder.getOne.mockResolvedValue(stored({ content: CONTENT }));
      await sut.download(REQUEST_ID, DOC_ID, principal(REQUESTED));
      expect(accessLog.recordItems).toHaveBeenCalledWith(
        expect.objectContaining({ authorityId: REQUESTED }),
        REQUEST_ID,
        [DOC_ID],
        'document',
      );
    });

    it('should refuse the download when a release check refuses, and log nothing', async () => {
      const { sut, queryBuilder, accessLog } = setup();
      queryBuilder.getOne.mockResolvedValue(stored({ content: CONTENT }));
      const check = jest.fn(() => Promise.reject(new ForbiddenError('not released', 'NOT_RELEASED')));
      sut.addReleaseCheck(check);
      await expect(sut.download(REQUEST_ID, DOC_ID, principal(REQUESTED))).rejects.toMatchObject({
        code: 'NOT_RELEASED',
      });
      expect(check).toHaveBeenCalledWith(
        expect.objectContaining({ id: REQUEST_ID }),
        expect.objectContaining({ id: DOC_ID }),
        expect.objectContaining({ authorityId: REQUESTED }),
      );
      expect(accessLog.recordItems).not.toHaveBeenCalled();
    });

    it('should answer 404 before looking for the document when the request is not visible', async () => {
      const { sut, requests, repo } = setup();
      requests.visible.mockRejectedValue(new NotFoundError('Request'));
      await expect(sut.download(REQUEST_ID, DOC_ID, principal(THIRD_PARTY))).rejects.toMatchObject({
        message: 'Request not found',
      });
      expect(repo.createQueryBuilder).not.toHaveBeenCalled();
    });
  });

  describe('evidence items that reference documents', () => {
    function registeredCheck(s: ReturnType<typeof setup>): PayloadCheck {
      s.sut.onModuleInit();
      expect(s.workflow.addPayloadCheck).toHaveBeenCalledTimes(1);
      return s.workflow.addPayloadCheck.mock.calls[0][0];
    }

    it('should not look anything up when no item references a document', async () => {
      const s = setup();
      const check = registeredCheck(s);
      await expect(
        check(request(), 'transmit-results', { items: [{ name: 'a', sha256: SHA }] }),
      ).resolves.toEqual([]);
      await expect(check(request(), 'refuse', { grounds: ['NATIONALITY'] })).resolves.toEqual([]);
      expect(s.repo.findOne).not.toHaveBeenCalled();
    });

    it('should accept a reference whose hash matches the stored document of the same request', async () => {
      const s = setup();
      s.repo.findOne.mockResolvedValue(stored());
      const check = registeredCheck(s);
      const items = [
        { name: 'n', sha256: SHA },
        { name: 'w', sha256: SHA, attachmentId: DOC_ID },
      ];
      await expect(check(request(), 'transmit-results', { items })).resolves.toEqual([]);
      expect(s.repo.findOne).toHaveBeenCalledWith({ where: { id: DOC_ID, requestId: REQUEST_ID } });
    });

    it('should name an unknown document and a hash that does not match', async () => {
      const s = setup();
      s.repo.findOne.mockResolvedValueOnce(null).mockResolvedValueOnce(stored());
      const check = registeredCheck(s);
      const items = [
        { name: 'a', sha256: SHA, attachmentId: '99999999-0000-4000-8000-000000000009' },
        { name: 'b', sha256: 'f'.repeat(64), attachmentId: DOC_ID },
      ];
      await expect(check(request(), 'transmit-results', { items })).resolves.toEqual([
        { field: 'items[0].attachmentId', messages: ['no such document on this request'] },
        { field: 'items[1].sha256', messages: [`does not match the document's SHA-256 (${SHA})`] },
      ]);
    });
  });
});
