import { Api } from '../support/api';
import { type Parties, seedParties } from '../support/parties';
import { randomId } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

interface ListedUser {
  id: string;
  name: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
  tokens: { id: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
}

describe("GET /v1/authorities/:id/users: an authority's users and their tokens' metadata", () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    // No principal cache: every call resolves its token from the database, so "last used" moves at once.
    t = await startTestApp({ env: { AUTH_CACHE_TTL_MS: '0' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should list each user with every token issued, used and revoked, and never a token', async () => {
    const created = await p.admin.post(`/v1/authorities/${p.gha.authorityId}/users`, {
      name: 'GHA clerk',
      roles: ['officer', 'auditor'],
    });
    expect(created.status).toBe(201);
    const first = created.body.token as string;
    const listed = async (): Promise<ListedUser> => {
      const res = await p.admin.get(`/v1/authorities/${p.gha.authorityId}/users`);
      expect(res.status).toBe(200);
      const users = res.body as ListedUser[];
      const found = users.find((u) => u.id === created.body.id);
      expect(found).toBeDefined();
      return found as ListedUser;
    };

    const fresh = await listed();
    expect(fresh).toMatchObject({ name: 'GHA clerk', roles: ['officer', 'auditor'], disabledAt: null });
    expect(fresh.tokens).toEqual([
      { id: expect.any(String), createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    ]);

    expect((await new Api(t.baseUrl, first).get('/v1/workflows')).status).toBe(200);
    const used = await listed();
    expect(used.tokens[0].lastUsedAt).not.toBeNull();
    expect(Date.parse(used.tokens[0].lastUsedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(used.tokens[0].createdAt),
    );

    const second = await p.admin.post(`/v1/users/${created.body.id}/tokens`);
    expect(second.status).toBe(201);
    expect((await p.admin.send('DELETE', `/v1/users/${created.body.id}/tokens`)).body).toEqual({
      revoked: 2,
    });
    const revoked = await listed();
    expect(revoked.tokens).toHaveLength(2);
    expect(revoked.tokens.every((tk) => tk.revokedAt !== null)).toBe(true);

    // The listing never carries a token, nor its hash, in any field.
    const raw = JSON.stringify((await p.admin.get(`/v1/authorities/${p.gha.authorityId}/users`)).body);
    expect(raw).not.toContain(first);
    expect(raw).not.toContain(second.body.token as string);
    expect(raw).not.toMatch(/ccr_|tokenHash|token_hash/);

    // The seeded users of another authority are not GHA's.
    const vnm = (await p.admin.get(`/v1/authorities/${p.vnm.authorityId}/users`)).body as ListedUser[];
    expect(vnm.map((u) => u.name).sort()).toEqual([
      'VNM-MPS-CA approver',
      'VNM-MPS-CA auditor',
      'VNM-MPS-CA officer',
    ]);
  });

  it('should answer 404 for an unknown authority and 400 naming the id for a malformed one', async () => {
    const missing = await p.admin.get(`/v1/authorities/${randomId()}/users`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformed = await p.admin.get('/v1/authorities/not-a-uuid/users');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].field).toBe('id');
  });

  it("should refuse every role but the operator admin's", async () => {
    const res = await p.vnm.auditor.get(`/v1/authorities/${p.vnm.authorityId}/users`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});
