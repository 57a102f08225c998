import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AuditSigner } from '@/modules/audit/audit-signer';
import {
  bundleSigningText,
  type ExportBundle,
  unsignedPart,
  verifyExport,
} from '@/modules/audit/export-bundle';
import { signedGetHeaders } from '@/modules/federation/blobs/blob-signature';
import { publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import { Api } from '../support/api';
import {
  authority,
  CENTRAL_AUTHORITY,
  closeNodes,
  type FederationNode as Node,
  history,
  nodesDir,
  pinBoth,
  startNode,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** What the link in front of node A does to the documents it serves. */
type LinkMode = 'pass' | 'cut' | 'tamper';
const CUT_AT = 150_000;

/**
 * A plain HTTP forwarder in front of node A (its public origin), that can cut the next document transfer
 * after CUT_AT bytes or flip a byte of the documents it serves; it records every blob GET with its Range.
 */
async function linkInFront(): Promise<{
  server: Server;
  url: string;
  setUpstream: (port: number) => void;
  mode: { value: LinkMode };
  blobs: { range: string | undefined; status: number }[];
}> {
  let upstream = 0;
  const mode = { value: 'pass' as LinkMode };
  const blobs: { range: string | undefined; status: number }[] = [];
  const server = createServer((req, res) => {
    const up = httpRequest(
      { host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const isBlob = (req.url ?? '').startsWith('/federation/v1/blobs/');
        const status = answer.statusCode ?? 502;
        res.writeHead(status, answer.headers);
        if (!isBlob || (status !== 200 && status !== 206) || mode.value === 'pass') {
          if (isBlob) {
            blobs.push({ range: req.headers.range, status });
          }
          answer.pipe(res);
          return;
        }
        blobs.push({ range: req.headers.range, status });
        if (mode.value === 'cut') {
          mode.value = 'pass';
          let sent = 0;
          let cut = false;
          answer.on('data', (c: Buffer) => {
            if (cut) {
              return;
            }
            if (sent + c.length < CUT_AT) {
              sent += c.length;
              res.write(c);
              return;
            }
            cut = true;
            res.write(c.subarray(0, CUT_AT - sent), () => res.destroy());
            answer.destroy();
          });
          return;
        }
        let first = true;
        answer.on('data', (c: Buffer) => {
          if (first) {
            first = false;
            c = Buffer.from(c);
            c[0] ^= 0xff;
          }
          res.write(c);
        });
        answer.on('end', () => res.end());
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    setUpstream: (p) => {
      upstream = p;
    },
    mode,
    blobs,
  };
}

describe('Federation: documents cross by digest; the export proves the envelopes offline', () => {
  let dir: string;
  let link: Awaited<ReturnType<typeof linkInFront>>;
  let a: Node;
  let b: Node;
  let aOfficer: Api;
  let aAuditor: Api;
  let bOfficer: Api;
  let bAuditor: Api;
  let bCentral: string;
  let id: string;
  let warrantId: string;
  const warrant = Buffer.concat([Buffer.from('%PDF-1.7 warrant '), randomBytes(200_000)]);

  const upload = (node: Node, api: Api, requestId: string, content: Buffer, filename: string) =>
    request(node.t.baseUrl)
      .post(`/v1/requests/${requestId}/attachments`)
      .set('Authorization', `Bearer ${api.token ?? ''}`)
      .field('kind', 'evidence')
      .field('description', `the ${filename}`)
      .attach('file', content, { filename, contentType: 'application/pdf' });

  const download = (node: Node, api: Api, requestId: string, attachmentId: string) =>
    request(node.t.baseUrl)
      .get(`/v1/requests/${requestId}/attachments/${attachmentId}`)
      .set('Authorization', `Bearer ${api.token ?? ''}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  /** A GET of A's blob endpoint signed for the hop by `keyPath`'s key, as a peer's puller would sign it. */
  const getBlob = async (hex: string, keyPath: string | null, headers: Record<string, string> = {}) => {
    const url = `${a.origin}/federation/v1/blobs/sha256/${hex}`;
    const key = keyPath ? readKeyFile(keyPath) : null;
    const res = await fetch(url, {
      headers: { ...(key ? signedGetHeaders(url, key, publicJwkOf(key).kid) : {}), ...headers },
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body };
  };

  beforeAll(async () => {
    dir = nodesDir('documents');
    link = await linkInFront();
    const fast = { WEBHOOK_BACKOFF_MS: '200', WEBHOOK_ATTEMPTS: '20' };
    a = await startNode(dir, 'a', 'VNM', { ...fast, NODE_ORIGIN: link.url });
    link.setUpstream(Number(new URL(a.t.baseUrl).port));
    a.origin = link.url;
    b = await startNode(dir, 'b', 'AUT', fast);
    const aCa = await authority(a, CENTRAL_AUTHORITY.VNM);
    bCentral = await authority(b, CENTRAL_AUTHORITY.AUT);
    aOfficer = await user(a, aCa, ['officer']);
    aAuditor = await user(a, aCa, ['auditor']);
    bOfficer = await user(b, bCentral, ['officer']);
    bAuditor = await user(b, bCentral, ['auditor']);
    await pinBoth(a, b);
  }, 120000);

  afterEach(() => {
    link.mode.value = 'pass';
  });

  afterAll(async () => {
    await closeNodes(dir, a, b);
    await new Promise((resolve) => link?.server.close(resolve));
  });

  it('should carry a document attached to the draft by digest, resuming a cut transfer with Range', async () => {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    id = draft.body.id as string;
    const up = await upload(a, aOfficer, id, warrant, 'warrant.pdf');
    expect(up.status).toBe(201);
    warrantId = up.body.id as string;

    link.mode.value = 'cut';
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);
    await until('RECEIVED on B', async () => (await statusOn(bOfficer, id)) === 'RECEIVED', 60000);
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, id)) === 'RECEIVED');

    // The first transfer was cut; the next one asked for the rest only, and got it (206).
    expect(link.blobs[0]).toEqual({ range: undefined, status: 200 });
    const resumed = link.blobs.find((r) => r.range !== undefined);
    expect(resumed?.status).toBe(206);
    expect(Number(/^bytes=(\d+)-$/.exec(resumed?.range ?? '')?.[1])).toBeGreaterThan(0);

    const listed = (await bOfficer.get(`/v1/requests/${id}/attachments`)).body as Record<string, unknown>[];
    expect(listed).toEqual([
      expect.objectContaining({
        id: warrantId,
        sha256: sha256(warrant),
        size: warrant.length,
        filename: 'warrant.pdf',
        mediaType: 'application/pdf',
        description: 'the warrant.pdf',
      }),
    ]);
    const got = await download(b, bOfficer, id, warrantId);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(warrant));
    const staged = await b.t.db.query('SELECT count(*)::int AS n FROM federation_blob_parts');
    expect(staged.rows[0].n).toBe(0);

    const envelope = (
      await a.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = 'mla.submit'`,
        [id],
      )
    ).rows[0].envelope as { attachments: unknown[] };
    expect(envelope.attachments).toEqual([
      { sha256: sha256(warrant), size: warrant.length, mediaType: 'application/pdf' },
    ]);
  }, 90000);

  it('should refuse a tampered document and store nothing, then apply the event once it arrives intact', async () => {
    const annex = Buffer.concat([Buffer.from('%PDF-1.7 annex '), randomBytes(30_000)]);
    link.mode.value = 'tamper';
    const before = link.blobs.length;
    const up = await upload(a, aOfficer, id, annex, 'annex.pdf');
    expect(up.status).toBe(201);
    await until('two tampered transfers', () => Promise.resolve(link.blobs.length >= before + 2), 30000);
    const held = await b.t.db.query('SELECT count(*)::int AS n FROM attachments WHERE sha256 = $1', [
      sha256(annex),
    ]);
    expect(held.rows[0].n).toBe(0);
    // The draft's document only: the annex's event waits for its document.
    expect((await history(b, id)).filter((e) => e.action === 'attach-document')).toHaveLength(1);
    const stored = await b.t.db.query(
      `SELECT status FROM federation_envelopes WHERE direction = 'in' AND request_id = $1 AND type = 'mla.attach-document'`,
      [id],
    );
    expect(stored.rows.map((r) => r.status)).toEqual(['stored']);

    link.mode.value = 'pass';
    await until('the annex listed on B', async () => {
      const rows = (await bOfficer.get(`/v1/requests/${id}/attachments`)).body as { id: string }[];
      return rows.some((r) => r.id === up.body.id);
    });
    const got = await download(b, bOfficer, id, up.body.id as string);
    expect(sha256(got.body as Buffer)).toBe(sha256(annex));
    await until('histories equal', async () => {
      const [onA, onB] = [await history(a, id), await history(b, id)];
      return onA.length === onB.length && JSON.stringify(onA) === JSON.stringify(onB);
    });
    expect((await history(b, id)).filter((e) => e.action === 'attach-document')).toHaveLength(2);
  }, 60000);

  it('should carry a document the requested side adds back to the requesting node', async () => {
    const report = Buffer.from(`%PDF-1.7 execution report ${'r'.repeat(4000)}`);
    const up = await upload(b, bOfficer, id, report, 'report.pdf');
    expect(up.status).toBe(201);
    await until('the report listed on A', async () => {
      const rows = (await aOfficer.get(`/v1/requests/${id}/attachments`)).body as { id: string }[];
      return rows.some((r) => r.id === up.body.id);
    });
    expect(sha256((await download(a, aOfficer, id, up.body.id as string)).body as Buffer)).toBe(
      sha256(report),
    );
    await until(
      'histories equal',
      async () => JSON.stringify(await history(a, id)) === JSON.stringify(await history(b, id)),
    );
  }, 60000);

  it("should serve a document by digest to the other party's node only: Range, ETag, 416, signed rejections", async () => {
    const hex = sha256(warrant);
    const whole = await getBlob(hex, b.keyPath);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${hex}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(sha256(whole.body)).toBe(hex);

    const part = await getBlob(hex, b.keyPath, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${warrant.length}`);
    expect(part.body).toEqual(warrant.subarray(10, 20));

    const beyond = await getBlob(hex, b.keyPath, { range: `bytes=${warrant.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${warrant.length}`);
    const refusal = JSON.parse(beyond.body.toString()) as Record<string, any>;
    expect(refusal.code).toBe('RANGE_NOT_SATISFIABLE');
    expect(refusal.details.receipt).toMatchObject({ kind: 'REJECTED', code: 'RANGE_NOT_SATISFIABLE' });

    const unsigned = await getBlob(hex, null);
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body.toString()).details.receipt).toMatchObject({ kind: 'REJECTED' });

    // A document of a draft (never sent) and a digest nobody holds answer alike: nothing is learnt.
    const other = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    const secret = Buffer.from('%PDF-1.7 not sent yet');
    expect((await upload(a, aOfficer, other.body.id as string, secret, 'draft.pdf')).status).toBe(201);
    const ofDraft = await getBlob(sha256(secret), b.keyPath);
    const unknown = await getBlob('0'.repeat(64), b.keyPath);
    for (const res of [ofDraft, unknown]) {
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toMatchObject({
        code: 'NOT_FOUND',
        message: 'no document with this digest for this node',
        details: { receipt: { kind: 'REJECTED', code: 'NOT_FOUND' } },
      });
    }
  }, 60000);

  it('should export the cross-node request with its envelopes and receipts, verifiable offline, and fail when one is tampered', async () => {
    await until('every envelope of A answered', async () => {
      const rows = (await aOfficer.get(`/v1/requests/${id}/receipts`)).body as {
        direction: string;
        type: string;
        receipts: { kind: string }[];
      }[];
      const sent = rows.filter((r) => r.direction === 'sent' && r.type !== 'receipt');
      return sent.length > 0 && sent.every((r) => r.receipts.some((x) => x.kind === 'PROCESSED'));
    });
    const exported = await aAuditor.get(`/v1/audit/export?requestId=${id}`);
    expect(exported.status).toBe(200);
    const bundle = exported.body as Record<string, any>;
    const result = verifyExport(bundle);
    expect(result).toMatchObject({ valid: true });
    expect(result.envelopes).toBeGreaterThanOrEqual(3);
    expect(result.receipts).toBeGreaterThanOrEqual(4);
    const submit = bundle.federation.envelopes.find((e: any) => e.envelope.type === 'mla.submit');
    expect(submit).toMatchObject({
      direction: 'sent',
      peer: b.origin,
      caseSeq: 3,
      eventHash: expect.any(String),
    });
    expect(submit.receipts.map((r: any) => r.kind)).toEqual(['DELIVERY', 'PROCESSED']);
    expect(bundle.federation.node.origin).toBe(a.origin);
    expect(bundle.federation.peers.map((p: any) => p.origin)).toEqual([b.origin]);

    // The requested node's export proves the same exchange from its side: received envelopes, its own receipts.
    const onB = (await bAuditor.get(`/v1/audit/export?requestId=${id}`)).body as Record<string, any>;
    expect(verifyExport(onB)).toMatchObject({ valid: true, envelopes: expect.any(Number) });
    expect(onB.federation.envelopes.map((e: any) => e.direction)).toContain('received');
    expect(onB.federation.peers.map((p: any) => p.origin)).toEqual([a.origin]);

    const tampered = JSON.parse(JSON.stringify(bundle)) as Record<string, any>;
    tampered.federation.envelopes[0].envelope.body.event.payload = { forged: true };
    expect(verifyExport(tampered)).toMatchObject({ valid: false });
    // Even re-signed by the node's own audit key (a node rewriting what it sent): the envelope's own
    // signature, by the federation key of its key log, no longer verifies.
    const signer = a.t.app.get(AuditSigner);
    const resigned = {
      ...tampered,
      signature: signer.sign(bundleSigningText(unsignedPart(tampered as ExportBundle))),
    };
    expect(verifyExport(resigned)).toMatchObject({
      valid: false,
      brokenAt: { reason: expect.stringMatching(/envelope 0: the signature does not verify/) },
    });
    const receipt = JSON.parse(JSON.stringify(bundle)) as Record<string, any>;
    receipt.federation.envelopes[0].receipts[0].receipt.at = '2020-01-01T00:00:00.000Z';
    receipt.signature = signer.sign(bundleSigningText(unsignedPart(receipt as ExportBundle)));
    expect(verifyExport(receipt)).toMatchObject({
      valid: false,
      brokenAt: { reason: expect.stringMatching(/receipt 0: the signature does not verify/) },
    });

    // The history shows each event's envelopes with their receipts; its fields otherwise unchanged.
    const events = (await aAuditor.get(`/v1/requests/${id}/history`)).body as Record<string, any>[];
    const submitted = events.find((e) => e.action === 'submit');
    expect(submitted).toMatchObject({ action: 'submit', hash: expect.any(String) });
    expect(submitted?.envelopes).toEqual([
      expect.objectContaining({ direction: 'sent', peer: b.origin, envelopeId: submit.envelope.id }),
    ]);
    expect(submitted?.envelopes[0].receipts.map((r: any) => r.kind)).toEqual(['DELIVERY', 'PROCESSED']);
  }, 60000);
});
