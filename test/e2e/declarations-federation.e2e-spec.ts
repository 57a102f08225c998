import { verifyDetached } from '@/modules/federation/detached-jws';
import { apiFor } from '../support/api';
import { closeNodes, type NodePair, pinnedPair } from '../support/federation-nodes';
import { fieldsOf } from '../support/state';

/*
 * Federation (issue 15 part 1): a node publishes its own State's declarations, signed by its current key,
 * and a node imports a pinned peer's, verified with the key pinned for it.
 */
describe("A node's declarations across nodes", () => {
  let n: NodePair;

  beforeAll(async () => {
    n = await pinnedPair('declarations-federation');
  });
  afterAll(async () => {
    await closeNodes(n?.dir, n?.a, n?.b);
  });

  it("should publish its own State's declarations signed by its current key, and a peer import them", async () => {
    const put = await n.b.admin.send('PUT', '/v1/states/AUT/declarations', {
      languages: ['de'],
      conventionAsExtraditionBasis: false,
    });
    expect(put.status).toBe(200);
    // Another State's record on B is not B's to publish.
    await n.b.admin.send('PUT', '/v1/states/VNM/declarations', { languages: ['en'] });

    const published = await apiFor(n.b.t, null).get('/federation/v1/declarations');
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      v: 1,
      origin: n.b.origin,
      country: 'AUT',
      version: 1,
      hash: put.body.hash,
      declarations: { languages: ['de'], conventionAsExtraditionBasis: false },
    });
    const { signature, ...body } = published.body as Record<string, unknown>;
    const node = (await apiFor(n.b.t, null).get('/.well-known/coop-node.json')).body;
    expect(await verifyDetached(body, signature, node.keys[0])).toBe(true);
    expect(await verifyDetached({ ...body, version: 2 }, signature, node.keys[0])).toBe(false);

    const imported = await n.a.admin.post(`/v1/federation/peers/${n.bPeerOnA}/declarations/import`, {});
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      country: 'AUT',
      version: 1,
      source: 'import',
      declarations: { languages: ['de'], conventionAsExtraditionBasis: false },
    });
    expect(imported.body.note).toContain(`fetched from ${n.b.origin}`);
    expect((await n.a.admin.get('/v1/states/AUT/declarations')).body.version).toBe(1);
  });

  it('should answer 404 for a peer it does not know, writing nothing', async () => {
    const res = await n.a.admin.post(
      '/v1/federation/peers/00000000-0000-4000-8000-000000000000/declarations/import',
      {},
    );
    expect(res.status).toBe(404);
    expect(fieldsOf(res)).toEqual([]);
  });
});
