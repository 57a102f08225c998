import { addDays, isDue, REVIEW_LEAD_DAYS, retentionOf, type RetentionFacts } from './retention.rules';

const receivedAt = new Date('2026-03-10T15:00:00Z');
const base: RetentionFacts = {
  receivedAt,
  conditions: [],
  declared: null,
  keepUntil: null,
  reviewedDelete: null,
};

describe('retentionOf (received material, issue 15 part 4)', () => {
  it('should give no retention when neither a condition nor a declared rule exists', () => {
    expect(retentionOf(base)).toEqual({
      limit: null,
      retentionUntil: null,
      reviewAt: null,
      governedBy: null,
    });
  });

  it('should take the earliest of the conditions, by days after receipt or by date', () => {
    const r = retentionOf({
      ...base,
      conditions: [
        { conditionId: 'c1', retentionDays: 365, retentionUntil: null },
        { conditionId: 'c2', retentionDays: null, retentionUntil: '2026-12-31' },
      ],
    });
    expect(r).toEqual({
      limit: '2026-12-31',
      retentionUntil: '2026-12-31',
      reviewAt: addDays('2026-12-31', -REVIEW_LEAD_DAYS),
      governedBy: { kind: 'condition', conditionId: 'c2' },
    });
    expect(
      retentionOf({ ...base, conditions: [{ conditionId: 'c1', retentionDays: 10, retentionUntil: null }] })
        .limit,
    ).toBe('2026-03-20');
  });

  it('should let the declared rule govern when it is earlier, and alone when no condition exists', () => {
    const declared = { country: 'VNM', retentionDays: 90 };
    expect(
      retentionOf({
        ...base,
        declared,
        conditions: [{ conditionId: 'c1', retentionDays: 365, retentionUntil: null }],
      }),
    ).toMatchObject({ limit: '2026-06-08', governedBy: { kind: 'declaration', country: 'VNM' } });
    expect(retentionOf({ ...base, declared })).toMatchObject({ limit: '2026-06-08', reviewAt: '2026-05-09' });
    // A condition earlier than the declaration governs.
    expect(
      retentionOf({
        ...base,
        declared,
        conditions: [{ conditionId: 'c1', retentionDays: 30, retentionUntil: null }],
      }).governedBy,
    ).toEqual({ kind: 'condition', conditionId: 'c1' });
  });

  it('should review no earlier than receipt', () => {
    const r = retentionOf({
      ...base,
      conditions: [{ conditionId: 'c', retentionDays: 5, retentionUntil: null }],
    });
    expect(r.reviewAt).toBe('2026-03-10');
  });

  it('should bring the date earlier on a review, never later than the limit', () => {
    const conditions = [{ conditionId: 'c', retentionDays: 365, retentionUntil: null }];
    expect(retentionOf({ ...base, conditions, keepUntil: '2026-09-01' })).toMatchObject({
      limit: '2027-03-10',
      retentionUntil: '2026-09-01',
      reviewAt: '2026-09-01',
    });
    expect(retentionOf({ ...base, conditions, keepUntil: '2030-01-01' }).retentionUntil).toBe('2027-03-10');
    expect(
      retentionOf({ ...base, conditions, reviewedDelete: { at: new Date('2026-04-01T10:00:00Z') } }),
    ).toMatchObject({ retentionUntil: '2026-04-01', reviewAt: null });
  });

  it('should list an item as due once its day has come', () => {
    const r = retentionOf({
      ...base,
      conditions: [{ conditionId: 'c', retentionDays: 40, retentionUntil: null }],
    });
    expect(isDue(r, 'review', '2026-03-19')).toBe(false);
    expect(isDue(r, 'review', '2026-03-20')).toBe(true);
    expect(isDue(r, 'deletion', '2026-04-18')).toBe(false);
    expect(isDue(r, 'deletion', '2026-04-19')).toBe(true);
    expect(isDue(retentionOf(base), 'deletion', '2099-01-01')).toBe(false);
  });
});
