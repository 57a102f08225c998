import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AuditSigner } from '@/modules/audit/audit-signer';
import { buildCheckpoint, type SignedCheckpoint } from '@/modules/audit/checkpoint-statement';
import { verifyDetached } from '@/modules/federation/detached-jws';
import { contentDigest, signMessage } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf, type PublicJwk } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import {
  checkpointLeaf,
  consistencyProof,
  lastLeafProof,
  logRoot,
} from '@/modules/federation/checkpoints/checkpoint-log';
import { COSIGN_MEDIA_TYPE, type CosignRequest } from '@/modules/federation/checkpoints/cosigning.service';
import {
  authority,
  closeNodes,
  type FederationNode,
  nodesDir,
  pinBoth,
  startNode,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';

/** POSTs a cosigning request to `to` as `from` would, signed with `from`'s federation key. */
async function ask(from: FederationNode, to: FederationNode, request: CosignRequest) {
  const key = readKeyFile(from.keyPath)!;
  const url = `${to.origin}/federation/v1/checkpoints/cosign`;
  const text = JSON.stringify(request);
  const digest = contentDigest(text);
  const res = await fetch(url, {
    method: 'POST',
    body: text,
    headers: {
      'content-type': COSIGN_MEDIA_TYPE,
      'content-digest': digest,
      ...signMessage(
        { method: 'POST', targetUri: url, contentType: COSIGN_MEDIA_TYPE, contentDigest: digest },
        key,
        publicJwkOf(key).kid,
      ),
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function keysOf(origin: string): Promise<PublicJwk[]> {
  return ((await (await fetch(`${origin}/.well-known/coop-node.json`)).json()) as { keys: PublicJwk[] }).keys;
}

async function cosignatureCount(node: FederationNode): Promise<number> {
  return (await node.t.db.query('SELECT count(*)::int AS n FROM federation_cosignatures')).rows[0]
    .n as number;
}

/** A cosigning request for a log of these checkpoints (the last one being the head), from `base`. */
function requestFor(node: FederationNode, log: SignedCheckpoint[], base: number | null): CosignRequest {
  const leaves = log.map((c) => checkpointLeaf(c.hash));
  const signer = node.t.app.get(AuditSigner).publicKey;
  return {
    v: 1,
    node: node.origin,
    checkpoint: log[log.length - 1],
    auditKey: { keyId: signer.keyId, pem: signer.pem },
    log: { size: log.length, root: logRoot(leaves).toString('hex') },
    inclusion: lastLeafProof(leaves).map((b) => b.toString('hex')),
    consistency:
      base === null
        ? null
        : { from: base, proof: consistencyProof(leaves, base).map((b) => b.toString('hex')) },
  };
}

/** A checkpoint after `prev` over made-up events, signed by `node`'s audit key: what a lying node could show. */
function forged(node: FederationNode, prev: SignedCheckpoint | null, firstId: number): SignedCheckpoint {
  const signer = node.t.app.get(AuditSigner);
  return buildCheckpoint(
    prev,
    [{ id: String(firstId), hash: randomBytes(32).toString('hex') }],
    { keyId: signer.publicKey.keyId, sign: (text) => signer.sign(text) },
    new Date(),
  ).checkpoint;
}

describe('Federation: peers cosign each other audit checkpoints after a consistency proof', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let own: SignedCheckpoint[] = [];

  const checkpointOnA = async () => {
    const directory = (await a.admin.get('/v1/authorities')).body as { id: string; remote: boolean }[];
    const officer = await user(a, directory.find((x) => !x.remote)!.id, ['officer']);
    const remote = directory.find((x) => x.remote);
    expect((await officer.post('/v1/requests', mlaBody(remote!.id))).status).toBe(201);
    const taken = await a.admin.post('/v1/audit/checkpoints');
    expect(taken.status).toBe(200);
    expect(taken.body.created.length).toBeGreaterThan(0);
    const listed = (await a.admin.get('/v1/audit/checkpoints?limit=100')).body.items as SignedCheckpoint[];
    own = listed
      .map((c) => ({
        seq: c.seq,
        firstEventId: c.firstEventId,
        lastEventId: c.lastEventId,
        treeSize: c.treeSize,
        rootHash: c.rootHash,
        prevHash: c.prevHash,
        createdAt: c.createdAt,
        keyId: c.keyId,
        hash: c.hash,
        signature: c.signature,
      }))
      .sort((x, y) => x.seq - y.seq);
  };

  beforeAll(async () => {
    dir = nodesDir('cosign');
    const env = (name: string) => ({
      AUDIT_CHECKPOINT_INTERVAL_MS: '0',
      AUDIT_SIGNING_KEY_PATH: join(dir, name, 'audit-key.pem'),
    });
    a = await startNode(dir, 'a', 'VNM', env('a'));
    b = await startNode(dir, 'b', 'AUT', env('b'));
    await authority(a, {
      code: 'VNM-MPS-CA',
      name: 'Ministry',
      country: 'VNM',
      kind: 'central',
      languages: ['vi', 'en'],
    });
    await authority(b, {
      code: 'AUT-BMJ-CA',
      name: 'Ministry',
      country: 'AUT',
      kind: 'central',
      languages: ['de', 'en'],
    });
    await pinBoth(a, b);
  }, 120000);

  afterAll(() => closeNodes(dir, a, b));

  it("should have B cosign A's checkpoint, the cosignature kept and listed on both nodes", async () => {
    await checkpointOnA();
    const seq = own[own.length - 1].seq;
    const asked = await a.admin.post('/v1/federation/checkpoints/cosign');
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual([{ peer: b.origin, outcome: 'cosigned', seq }]);

    const shown = await a.admin.get(`/v1/audit/checkpoints/${seq}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ seq, hash: own[own.length - 1].hash });
    const [cosignature] = shown.body.cosignatures as Record<string, any>[];
    expect(cosignature).toMatchObject({ node: a.origin, cosigner: b.origin, checkpointSeq: seq });
    const bKey = (await keysOf(b.origin))[0];
    expect(await verifyDetached(cosignature.statement, cosignature.signature, bKey)).toBe(true);
    expect(cosignature.statement).toMatchObject({
      kind: 'checkpoint-cosignature',
      node: a.origin,
      cosigner: b.origin,
      checkpoint: { seq, hash: own[own.length - 1].hash },
      log: { size: seq },
    });
    const onB = (await b.admin.get('/v1/federation/cosignatures')).body as Record<string, any>[];
    expect(onB).toEqual([
      expect.objectContaining({ node: a.origin, cosigner: b.origin, checkpointSeq: seq }),
    ]);
    expect((await a.admin.get('/v1/audit/checkpoints/9999')).status).toBe(404);
  });

  it('should cosign the next checkpoint after checking the consistency proof, and answer current when nothing is new', async () => {
    const before = own[own.length - 1].seq;
    await checkpointOnA();
    const seq = own[own.length - 1].seq;
    expect(seq).toBeGreaterThan(before);
    expect((await a.admin.post('/v1/federation/checkpoints/cosign')).body).toEqual([
      { peer: b.origin, outcome: 'cosigned', seq },
    ]);
    expect((await a.admin.post('/v1/federation/checkpoints/cosign')).body).toEqual([
      { peer: b.origin, outcome: 'current', seq },
    ]);
    // The same head asked again directly: the cosignature given before, nothing new stored.
    const count = await cosignatureCount(b);
    const again = await ask(a, b, requestFor(a, own, before));
    expect(again.status).toBe(200);
    expect(await cosignatureCount(b)).toBe(count);
  });

  it('should refuse two different checkpoints for the same size, and raise an alert', async () => {
    const count = await cosignatureCount(b);
    const head = own[own.length - 1];
    const other = forged(a, own[own.length - 2] ?? null, Number(head.firstEventId));
    const res = await ask(a, b, requestFor(a, [...own.slice(0, -1), other], own.length - 1));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'CHECKPOINT_INCONSISTENT',
      details: { receipt: { code: 'CHECKPOINT_INCONSISTENT' } },
    });
    expect(
      await verifyDetached(
        (({ signature: _s, ...r }) => r)(res.body.details.receipt as Record<string, unknown>),
        res.body.details.receipt.signature,
        (await keysOf(b.origin))[0],
      ),
    ).toBe(true);
    expect(await cosignatureCount(b)).toBe(count);
    const alerts = (await b.admin.get('/v1/federation/alerts')).body as {
      kind: string;
      peerOrigin: string;
    }[];
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'checkpoint-inconsistent', peerOrigin: a.origin }),
      ]),
    );
  });

  it('should refuse a longer log that rewrites what was cosigned (the consistency proof fails)', async () => {
    const count = await cosignatureCount(b);
    const rewritten = [forged(a, null, 1), ...own.slice(1)];
    const next = forged(a, rewritten[rewritten.length - 1], 900000);
    const res = await ask(a, b, requestFor(a, [...rewritten, next], own.length));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CHECKPOINT_INCONSISTENT');
    expect(res.body.message).toContain('does not extend');
    expect(await cosignatureCount(b)).toBe(count);
  });

  it('should ask for a proof from the head cosigned last, and refuse a checkpoint not signed by the audit key named', async () => {
    const next = forged(a, own[own.length - 1], 800000);
    const wrongBase = await ask(a, b, requestFor(a, [...own, next], null));
    expect(wrongBase.status).toBe(409);
    expect(wrongBase.body).toMatchObject({ code: 'COSIGN_BASE', details: { cosignedSize: own.length } });
    const bad = requestFor(a, [...own, next], own.length);
    const tampered = await ask(a, b, { ...bad, checkpoint: { ...bad.checkpoint, rootHash: '0'.repeat(64) } });
    expect(tampered.status).toBe(400);
    expect(tampered.body.code).toBe('CHECKPOINT_INVALID');
  });
});
