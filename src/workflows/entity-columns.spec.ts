import { DataSource } from 'typeorm';
import { CooperationRequest } from './entities/cooperation-request.entity';
import { EntityColumns } from './entity-columns';

/** Entity metadata without a connection: what EntityColumns reads. */
async function columns(): Promise<EntityColumns<CooperationRequest>> {
  const ds = new DataSource({ type: 'postgres', entities: [CooperationRequest] });
  await (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return new EntityColumns(ds, CooperationRequest);
}

const row = {
  id: 'r1',
  reference: 'VNM-2026-000001',
  channel: 'mla',
  status: 'RECEIVED',
  version: 2,
  requesting_authority_id: 'a',
  requested_authority_id: 'b',
  created_by_user_id: 'u',
  urgency: 'normal',
  language: 'en',
  subject: 's',
  proceeding_type: null,
  offences: [{ provision: 'p', description: 'd' }],
  facts_summary: null,
  assistance_sought: null,
  purpose: null,
  persons_concerned: [],
  confidential: false,
  suggested_deadline: null,
  deadline_reason: null,
  follows_up_request_id: null,
  details: {},
  case_data: { consultations: [] },
  created_at: new Date('2026-01-01T00:00:00Z'),
  updated_at: new Date('2026-01-02T00:00:00Z'),
  submitted_at: new Date('2026-01-01T12:00:00Z'),
  delivered_at: null,
  last_hash: 'not a column',
};

describe('EntityColumns', () => {
  it('should hydrate an entity from a row by column name, leaving other fields out', async () => {
    const request = (await columns()).hydrate(row);
    expect(request).toBeInstanceOf(CooperationRequest);
    expect(request).toMatchObject({
      requestingAuthorityId: 'a',
      caseData: { consultations: [] },
      deliveredAt: null,
    });
    expect(request).not.toHaveProperty('last_hash');
  });

  it('should list only the columns a decision changed, jsonb as JSON text, dates by value', async () => {
    const c = await columns();
    const request = c.hydrate(row);
    const before = c.fingerprint(request);
    request.status = 'UNDER_REVIEW';
    request.caseData = { consultations: [{ text: 'q' }] } as never;
    request.submittedAt = new Date(request.submittedAt!.getTime());
    request.deliveredAt = new Date('2026-01-03T00:00:00Z');
    expect(c.changed(before, request)).toEqual([
      { column: 'status', cast: 'text', value: 'UNDER_REVIEW' },
      { column: 'case_data', cast: 'jsonb', value: '{"consultations":[{"text":"q"}]}' },
      { column: 'delivered_at', cast: 'timestamptz', value: request.deliveredAt },
    ]);
  });

  it('should never write the id or the creation time', async () => {
    const c = await columns();
    const request = c.hydrate(row);
    const before = c.fingerprint(request);
    request.id = 'other';
    request.createdAt = new Date();
    expect(c.changed(before, request)).toEqual([]);
  });

  it('should select and hydrate with a prefix, to share a row with another table', async () => {
    const c = await columns();
    expect(c.select('x', 'x__')).toContain('x.requesting_authority_id AS x__requesting_authority_id');
    const prefixed = Object.fromEntries(Object.entries(row).map(([k, v]) => [`x__${k}`, v]));
    expect(c.hydrate({ ...prefixed, id: 'another table' }, 'x__')).toMatchObject({
      id: 'r1',
      status: 'RECEIVED',
    });
  });
});
