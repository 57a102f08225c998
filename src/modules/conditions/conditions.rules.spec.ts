import {
  type ConditionFacts,
  conditionFieldProblems,
  coveringConsent,
  governs,
  sameRecipient,
  unaccepted,
} from './conditions.rules';

const SENDER = '00000000-0000-4000-8000-00000000000a';
const RECEIVER = '00000000-0000-4000-8000-00000000000b';
const DOC_A = { id: 'doc-a', authorityId: SENDER };
const DOC_B = { id: 'doc-b', authorityId: SENDER };
const OWN = { id: 'doc-own', authorityId: RECEIVER };

function condition(over: Partial<ConditionFacts> = {}): ConditionFacts {
  return { id: 'c1', type: 'USE_LIMIT', authorityId: SENDER, itemIds: [], acceptedAt: null, ...over };
}

describe('conditions rules', () => {
  describe('conditionFieldProblems', () => {
    it('should want exactly one of retentionDays and retentionUntil on a RETENTION condition', () => {
      expect(conditionFieldProblems({ type: 'RETENTION' })).toEqual([
        expect.objectContaining({ field: 'retentionDays' }),
      ]);
      expect(
        conditionFieldProblems({ type: 'RETENTION', retentionDays: 30, retentionUntil: '2030-01-01' }),
      ).toHaveLength(1);
      expect(conditionFieldProblems({ type: 'RETENTION', retentionDays: 30 })).toEqual([]);
      expect(conditionFieldProblems({ type: 'RETENTION', retentionUntil: '2030-01-01' })).toEqual([]);
    });

    it('should refuse a retention date that is not a day of the calendar', () => {
      for (const bad of ['2027-02-31', '2027-02-29', '0000-01-01', '1999-12-31']) {
        expect(
          conditionFieldProblems({ type: 'RETENTION', retentionUntil: bad }).map((p) => p.field),
        ).toEqual(['retentionUntil']);
      }
      expect(conditionFieldProblems({ type: 'RETENTION', retentionUntil: '2028-02-29' })).toEqual([]);
    });

    it('should refuse retention fields on another type, and proceedings outside USE_LIMIT', () => {
      expect(
        conditionFieldProblems({ type: 'CONFIDENTIALITY', retentionDays: 3 }).map((p) => p.field),
      ).toEqual(['retentionDays']);
      expect(conditionFieldProblems({ type: 'OTHER', proceedings: 'X' }).map((p) => p.field)).toEqual([
        'proceedings',
      ]);
      expect(conditionFieldProblems({ type: 'USE_LIMIT', proceedings: 'Case 12/2026' })).toEqual([]);
    });
  });

  describe('governs and unaccepted', () => {
    it("should govern every document of the sender's when it names none, else only those named", () => {
      expect(governs(condition(), DOC_A)).toBe(true);
      expect(governs(condition(), OWN)).toBe(false);
      expect(governs(condition({ itemIds: ['doc-b'] }), DOC_A)).toBe(false);
      expect(governs(condition({ itemIds: ['doc-b'] }), DOC_B)).toBe(true);
    });

    it('should hold back a governed document from the receiver until accepted, never from the sender', () => {
      const open = condition();
      expect(unaccepted([open], DOC_A, RECEIVER)).toEqual([open]);
      expect(unaccepted([open], DOC_A, SENDER)).toEqual([]);
      expect(unaccepted([condition({ acceptedAt: new Date() })], DOC_A, RECEIVER)).toEqual([]);
      expect(unaccepted([condition({ itemIds: ['doc-b'] })], DOC_A, RECEIVER)).toEqual([]);
    });
  });

  describe('coveringConsent', () => {
    const granted = {
      id: 'k1',
      kind: 'onward-transfer' as const,
      recipient: 'INTERPOL',
      itemIds: ['doc-a', 'doc-b'],
      status: 'granted' as const,
      requestedByAuthorityId: RECEIVER,
    };
    const use = {
      kind: 'onward-transfer' as const,
      recipient: ' interpol ',
      items: ['doc-a'],
      authorityId: RECEIVER,
    };

    it('should find a granted consent of the same kind and recipient covering every item', () => {
      expect(coveringConsent([granted], use)).toEqual({ consentId: 'k1' });
    });

    it('should name every item when no consent matches: pending, refused, other kind, other recipient, other asker', () => {
      for (const other of [
        { ...granted, status: 'pending' as const },
        { ...granted, status: 'refused' as const },
        { ...granted, kind: 'other-proceedings' as const },
        { ...granted, recipient: 'Europol' },
        { ...granted, requestedByAuthorityId: SENDER },
      ]) {
        expect(coveringConsent([other], use)).toEqual({ uncovered: [0] });
      }
      expect(coveringConsent([], use)).toEqual({ uncovered: [0] });
    });

    it('should name the items the closest consent leaves out', () => {
      expect(coveringConsent([granted], { ...use, items: ['doc-a', 'doc-c', 'doc-b', 'doc-d'] })).toEqual({
        uncovered: [1, 3],
      });
    });

    it('should compare recipients without case and blanks', () => {
      expect(sameRecipient('Republic of  Ghana', ' republic of ghana')).toBe(true);
      expect(sameRecipient('Ghana', 'Ghana police')).toBe(false);
    });
  });
});
