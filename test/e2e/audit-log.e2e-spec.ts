import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '@/cli/run';
import { sha256Hex } from '@/common/crypto/sha256';
import { computeEventHash } from '@/workflows';
import { verifyExport } from '@/modules/audit/export-bundle';
import { eventLeaf, merkleRoot } from '@/modules/audit/merkle';
import { tamper } from '../support/audit-tamper';
import { deliveredRequest, mlaBody, type Parties, seedParties } from '../support/parties';
import { fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Audit log: append-only storage, signed checkpoints, whole-log verification, exports', () => {
  let t: TestApp;
  let p: Parties;
  let dir: string;
  let keyPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
    keyPath = join(dir, 'keys', 'node.pem');
    t = await startTestApp({
      // Periodic checkpoints off: the tests take them on demand and tamper with the log in between.
      env: { AUDIT_SIGNING_KEY_PATH: keyPath, AUDIT_CHECKPOINT_INTERVAL_MS: '0' },
    });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A request with five events: create, submit, deliver, acknowledge, request-information. */
  const requestWithHistory = async (): Promise<string> => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    await p.aut.officer.act(id, 'request-information', { questions: 'Which account?' });
    return id;
  };
  const checkpointNow = () => p.vnm.auditor.post('/v1/audit/checkpoints');
  const verifyAll = async () => (await p.vnm.auditor.get('/v1/audit/verify')).body;
  const eventId = async (requestId: string, seq: number): Promise<string> =>
    (await t.db.query('SELECT id FROM audit_events WHERE request_id = $1 AND seq = $2', [requestId, seq]))
      .rows[0].id;

  /**
   * Runs `body` on a log that `damage` tampered with, then puts every audit row back as it was and shows
   * that the log verifies again (no false alarm once the damage is undone).
   */
  const withDamage = async (damage: () => Promise<unknown>, body: () => Promise<void>): Promise<void> => {
    await tamper(t, 'CREATE TEMP TABLE saved_events AS SELECT * FROM audit_events');
    await tamper(t, 'CREATE TEMP TABLE saved_checkpoints AS SELECT * FROM audit_checkpoints');
    try {
      await damage();
      await body();
    } finally {
      await tamper(t, 'DELETE FROM audit_events');
      await tamper(t, 'INSERT INTO audit_events SELECT * FROM saved_events');
      await tamper(t, 'DELETE FROM audit_checkpoints');
      await tamper(t, 'INSERT INTO audit_checkpoints SELECT * FROM saved_checkpoints');
      await t.db.query('DROP TABLE saved_events, saved_checkpoints');
    }
    expect(await verifyAll()).toMatchObject({ valid: true, problems: 0 });
  };

  describe('append-only at the database level', () => {
    it('should run the application as the coop_app role, which may not UPDATE, DELETE or TRUNCATE audit tables', async () => {
      await requestWithHistory();
      expect((await checkpointNow()).body.created).toHaveLength(1);
      await p.vnm.officer.get('/v1/requests?box=outgoing');
      const app = t.app.get(DataSource);
      expect(await app.query('SELECT current_user AS who')).toEqual([{ who: 'coop_app' }]);
      const before = await t.db.query(
        'SELECT (SELECT count(*) FROM audit_events) AS e, (SELECT count(*) FROM audit_checkpoints) AS c',
      );
      const attempts = [
        "UPDATE audit_events SET action = 'accept'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        "UPDATE audit_checkpoints SET root_hash = repeat('0', 64)",
        'DELETE FROM audit_checkpoints',
        'TRUNCATE audit_access_log',
        "UPDATE audit_access_log SET view = 'request'",
        'DELETE FROM audit_access_log',
      ];
      for (const sql of attempts) {
        const error = await app.query(sql).then(
          () => null,
          (err: { code?: string; message: string }) => err,
        );
        expect({ sql, code: error?.code, message: error?.message }).toEqual({
          sql,
          code: '42501',
          message: expect.stringMatching(/^permission denied for table audit_/),
        });
      }
      // The same connection still reads and writes the case tables.
      expect((await app.query('SELECT count(*)::int AS n FROM audit_events'))[0].n).toBeGreaterThan(0);
      await app.query('UPDATE cooperation_requests SET updated_at = updated_at');
      expect(
        (
          await t.db.query(
            'SELECT (SELECT count(*) FROM audit_events) AS e, (SELECT count(*) FROM audit_checkpoints) AS c',
          )
        ).rows,
      ).toEqual(before.rows);
    });

    it('should refuse UPDATE, DELETE and TRUNCATE even to a superuser while the trigger is on', async () => {
      for (const [sql, op, table] of [
        ["UPDATE audit_events SET action = 'accept'", 'UPDATE', 'audit_events'],
        ['DELETE FROM audit_events', 'DELETE', 'audit_events'],
        ['TRUNCATE audit_events', 'TRUNCATE', 'audit_events'],
        ["UPDATE audit_checkpoints SET root_hash = repeat('0', 64)", 'UPDATE', 'audit_checkpoints'],
        ['DELETE FROM audit_access_log', 'DELETE', 'audit_access_log'],
      ]) {
        const error = await t.db.query(sql).then(
          () => null,
          (err: { code?: string; message: string }) => err,
        );
        expect({ code: error?.code, message: error?.message }).toEqual({
          code: 'AUD01',
          message: `${table} is append-only: ${op} refused`,
        });
      }
    });
  });

  describe('signed checkpoints', () => {
    it('should create the Ed25519 key at AUDIT_SIGNING_KEY_PATH on first start, readable by its owner only, and publish it', async () => {
      const pem = readFileSync(keyPath, 'utf8');
      const key = createPrivateKey(pem);
      expect(key.asymmetricKeyType).toBe('ed25519');
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
      const res = await p.vnm.auditor.get('/v1/audit/checkpoints');
      expect(res.status).toBe(200);
      const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
      expect(res.body.publicKey).toEqual({
        algorithm: 'Ed25519',
        keyId: sha256Hex(spki),
        pem: createPublicKey(key).export({ type: 'spki', format: 'pem' }),
      });
    });

    it('should take a checkpoint on demand over the new events only, signed, with the RFC 6962 root of their hashes', async () => {
      await checkpointNow();
      const id = await requestWithHistory();
      const { rows: fresh } = await t.db.query<{ id: string; hash: string }>(
        `SELECT id, hash FROM audit_events
          WHERE id > (SELECT max(last_event_id) FROM audit_checkpoints) ORDER BY id`,
      );
      expect(fresh.length).toBeGreaterThanOrEqual(5);

      const taken = await p.admin.post('/v1/audit/checkpoints');
      expect(taken.status).toBe(200);
      expect(taken.body.created).toHaveLength(1);
      const c = taken.body.created[0];
      expect(c).toMatchObject({
        firstEventId: fresh[0].id,
        lastEventId: fresh[fresh.length - 1].id,
        treeSize: fresh.length,
        rootHash: merkleRoot(fresh.map((e) => eventLeaf(e.hash))).toString('hex'),
      });
      expect(taken.body.latest).toEqual(c);
      const publicKey = (await p.vnm.auditor.get('/v1/audit/checkpoints')).body.publicKey;
      expect(verify(null, Buffer.from(c.statement), publicKey.pem, Buffer.from(c.signature, 'base64'))).toBe(
        true,
      );
      expect(sha256Hex(c.statement)).toBe(c.hash);
      expect(JSON.parse(c.statement)).toMatchObject({
        seq: c.seq,
        rootHash: c.rootHash,
        keyId: publicKey.keyId,
      });

      // Nothing new: no checkpoint.
      const again = await checkpointNow();
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ created: [], latest: c });

      // Listed newest first, chained, paginated.
      const page1 = await p.vnm.auditor.get('/v1/audit/checkpoints?limit=1');
      expect(page1.body.items).toEqual([c]);
      const page2 = await p.vnm.auditor.get(`/v1/audit/checkpoints?limit=1&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items[0].seq).toBe(c.seq - 1);
      expect(c.prevHash).toBe(page2.body.items[0].hash);
      expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
    });

    it('should let auditors and admins list and take checkpoints, and nobody else; bad paging is a 400', async () => {
      for (const api of [p.vnm.officer, p.aut.approver]) {
        expect((await api.get('/v1/audit/checkpoints')).status).toBe(403);
        expect((await api.post('/v1/audit/checkpoints')).status).toBe(403);
      }
      expect((await p.admin.get('/v1/audit/checkpoints')).status).toBe(200);
      for (const [query, field] of [
        ['cursor=abc', 'cursor'],
        ['limit=0', 'limit'],
        ['limit=500', 'limit'],
      ]) {
        const res = await p.vnm.auditor.get(`/v1/audit/checkpoints?${query}`);
        expect({ query, status: res.status, fields: fieldsOf(res) }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
    });
  });

  describe('whole-log verification', () => {
    let id: string;

    beforeAll(async () => {
      id = await requestWithHistory();
      await checkpointNow();
      // And a request whose events no checkpoint covers yet.
      await requestWithHistory();
    });

    it('should find an untouched log valid: every chain and every checkpoint checked, no false alarm', async () => {
      const { rows } = await t.db.query(
        `SELECT (SELECT count(*)::int FROM audit_events) AS events,
                (SELECT count(DISTINCT request_id)::int FROM audit_events) AS requests,
                (SELECT count(*)::int FROM audit_checkpoints) AS checkpoints,
                (SELECT count(*)::int FROM audit_events
                  WHERE id > (SELECT max(last_event_id) FROM audit_checkpoints)) AS uncheckpointed`,
      );
      const keyId = (await p.vnm.auditor.get('/v1/audit/checkpoints')).body.publicKey.keyId;
      const expected = {
        valid: true,
        events: rows[0].events,
        requests: rows[0].requests,
        checkpoints: rows[0].checkpoints,
        uncheckpointedEvents: rows[0].uncheckpointed,
        problems: 0,
        keyId,
      };
      expect(rows[0].uncheckpointed).toBeGreaterThan(0);
      expect(await verifyAll()).toEqual(expected);
      const asAdmin = await p.admin.get('/v1/audit/verify');
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual(expected);
    });

    it('should detect an edited event, at that event', async () => {
      const target = await eventId(id, 4);
      await withDamage(
        () => tamper(t, `UPDATE audit_events SET to_status = 'ACCEPTED' WHERE id = $1`, [target]),
        async () => {
          const result = await verifyAll();
          expect(result).toMatchObject({
            valid: false,
            brokenAt: {
              eventId: target,
              requestId: id,
              seq: 4,
              reason: 'hash does not match the event content',
            },
          });
          // The checkpoint over it still holds (the stored hash did not change); the chain caught it.
          expect(result.problems).toBe(1);
        },
      );
    });

    it('should detect a deleted event, at the event that follows it, and in the checkpoint over it', async () => {
      const [deleted, follower] = [await eventId(id, 3), await eventId(id, 4)];
      await withDamage(
        () => tamper(t, 'DELETE FROM audit_events WHERE id = $1', [deleted]),
        async () => {
          const result = await verifyAll();
          expect(result).toMatchObject({
            valid: false,
            problems: 2,
            brokenAt: { eventId: follower, requestId: id, seq: 4, reason: 'expected seq 3, found 4' },
          });
        },
      );
    });

    it('should detect reordered events (seq numbers swapped)', async () => {
      const [second, third] = [await eventId(id, 2), await eventId(id, 3)];
      await withDamage(
        async () => {
          await tamper(t, 'UPDATE audit_events SET seq = -seq WHERE id IN ($1, $2)', [second, third]);
          await tamper(t, 'UPDATE audit_events SET seq = 3 WHERE id = $1', [second]);
          await tamper(t, 'UPDATE audit_events SET seq = 2 WHERE id = $1', [third]);
        },
        async () => {
          expect(await verifyAll()).toMatchObject({
            valid: false,
            brokenAt: { eventId: second, requestId: id, seq: 3, reason: 'expected seq 2, found 3' },
          });
        },
      );
    });

    it('should detect a truncated tail, by the request version', async () => {
      await withDamage(
        async () => tamper(t, 'DELETE FROM audit_events WHERE id = $1', [await eventId(id, 5)]),
        async () => {
          const result = await verifyAll();
          expect(result.valid).toBe(false);
          // The chain that remains is sound: the checkpoint and the version catch it.
          expect(result.brokenAt).toMatchObject({ checkpointSeq: expect.any(Number) });
          expect(result.problems).toBe(2);
          expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body).toMatchObject({
            valid: false,
            brokenAt: { seq: 5, eventId: null, reason: 'the request is at version 5 but 4 events remain' },
          });
        },
      );
    });

    it('should detect a rewritten chain whose hashes were all recomputed, by the signed checkpoint', async () => {
      await withDamage(
        async () => {
          // A forger edits event 2 and recomputes its hash and every later link: the chain is sound again.
          const { rows } = await t.db.query('SELECT * FROM audit_events WHERE request_id = $1 ORDER BY seq', [
            id,
          ]);
          let prev: string | null = rows[0].hash;
          for (const r of rows.slice(1)) {
            const payload = r.seq === 2 ? { forged: true } : r.payload;
            const hash = computeEventHash({
              requestId: r.request_id,
              seq: r.seq,
              action: r.action,
              fromStatus: r.from_status,
              toStatus: r.to_status,
              actorType: r.actor_type,
              actorUserId: r.actor_user_id,
              actorAuthorityId: r.actor_authority_id,
              payload,
              occurredAt: r.occurred_at,
              prevHash: prev,
            });
            await tamper(t, 'UPDATE audit_events SET payload = $2, prev_hash = $3, hash = $4 WHERE id = $1', [
              r.id,
              JSON.stringify(payload),
              prev,
              hash,
            ]);
            prev = hash;
          }
        },
        async () => {
          expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
          const result = await verifyAll();
          expect(result).toMatchObject({ valid: false, problems: 1 });
          expect(result.brokenAt).toEqual({
            eventId: null,
            requestId: null,
            seq: null,
            checkpointSeq: expect.any(Number),
            reason: 'its root does not match the events it covers (an event was changed)',
          });
        },
      );
    });

    it('should detect an edited or a deleted checkpoint, and wrong chunk roots', async () => {
      const { rows } = await t.db.query('SELECT seq FROM audit_checkpoints ORDER BY seq');
      expect(rows.length).toBeGreaterThanOrEqual(3);
      const middle = rows[1].seq as number;
      await withDamage(
        () =>
          tamper(
            t,
            `UPDATE audit_checkpoints SET created_at = created_at + interval '1 day' WHERE seq = $1`,
            [middle],
          ),
        async () => {
          expect((await verifyAll()).brokenAt).toMatchObject({
            checkpointSeq: middle,
            reason: 'hash does not match the checkpoint fields',
          });
        },
      );
      await withDamage(
        () =>
          tamper(
            t,
            `UPDATE audit_checkpoints SET chunk_roots = decode(repeat('00', 32), 'hex') WHERE seq = $1`,
            [middle],
          ),
        async () => {
          expect((await verifyAll()).brokenAt).toMatchObject({
            checkpointSeq: middle,
            reason: 'its chunk roots do not match its events (exports would not verify)',
          });
        },
      );
      await withDamage(
        () => tamper(t, 'DELETE FROM audit_checkpoints WHERE seq = $1', [middle]),
        async () => {
          expect((await verifyAll()).brokenAt).toMatchObject({
            checkpointSeq: middle + 1,
            reason: `expected checkpoint ${middle}, found ${middle + 1}`,
          });
        },
      );
    });

    it('should raise no false alarm while requests change under it (one consistent snapshot)', async () => {
      const ids = [await requestWithHistory(), await requestWithHistory()];
      let stop = false;
      const churn = (async () => {
        for (let n = 0; !stop; n++) {
          for (const rid of ids) {
            await p.vnm.officer.act(rid, 'provide-information', { answers: `Answer ${n}` });
            await p.aut.officer.act(rid, 'request-information', { questions: `Question ${n}` });
          }
        }
      })();
      const seen: unknown[] = [];
      try {
        for (let i = 0; i < 12; i++) {
          const rid = ids[i % 2];
          const one = (await p.vnm.auditor.get(`/v1/audit/verify?requestId=${rid}`)).body;
          const all = await verifyAll();
          const exported = verifyExport((await p.vnm.auditor.get(`/v1/audit/export?requestId=${rid}`)).body);
          seen.push(one.valid ? true : one, all.valid ? true : all, exported.valid ? true : exported);
        }
      } finally {
        stop = true;
        await churn;
      }
      expect(seen.filter((r) => r !== true)).toEqual([]);
      expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${ids[0]}`)).body.events).toBeGreaterThan(
        5,
      );
    });

    it('should document both answers of GET /v1/audit/verify in the OpenAPI document', async () => {
      const doc = (await p.vnm.auditor.get('/docs-json')).body;
      const answer = doc.paths['/v1/audit/verify'].get.responses['200'].content['application/json'].schema;
      expect(answer.oneOf).toEqual([
        { $ref: '#/components/schemas/ChainVerificationResponse' },
        { $ref: '#/components/schemas/LogVerificationResponse' },
      ]);
      expect(Object.keys(doc.components.schemas.LogVerificationResponse.properties)).toEqual(
        expect.arrayContaining(['valid', 'events', 'checkpoints', 'brokenAt']),
      );
    });

    it('should not name a broken request of another authority to an auditor; an admin sees it', async () => {
      const ghaRequest = (await p.gha.officer.post('/v1/requests', mlaBody(p.aut.authorityId))).body
        .id as string;
      await withDamage(
        () =>
          tamper(t, `UPDATE audit_events SET action = 'edit' WHERE request_id = $1 AND seq = 1`, [
            ghaRequest,
          ]),
        async () => {
          expect((await p.vnm.auditor.get('/v1/audit/verify')).body.brokenAt).toMatchObject({
            requestId: null,
            seq: 1,
          });
          expect((await p.gha.auditor.get('/v1/audit/verify')).body.brokenAt).toMatchObject({
            requestId: ghaRequest,
          });
          expect((await p.admin.get('/v1/audit/verify')).body.brokenAt).toMatchObject({
            requestId: ghaRequest,
          });
        },
      );
    });
  });

  describe('exports verified offline', () => {
    let id: string;
    const cli = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const save = (name: string, content: unknown): string => {
      const file = join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    };

    beforeAll(async () => {
      id = await requestWithHistory();
    });

    it("should export a request's events with inclusion proofs to a signed checkpoint, taken at once if needed", async () => {
      const before = (await p.vnm.auditor.get('/v1/audit/checkpoints')).body.items[0];
      const res = await p.vnm.auditor.get(`/v1/audit/export?requestId=${id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="audit-VNM-\d{4}-\d{6}\.json"$/,
      );
      const bundle = res.body;
      expect(bundle).toMatchObject({
        format: 'cooperation-engine/audit-export',
        version: 1,
        side: 'requesting',
        request: { id, status: 'INFO_REQUESTED', version: 5, channel: 'mla' },
        publicKey: { algorithm: 'Ed25519' },
      });
      expect(bundle.events.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
        [1, 'create'],
        [2, 'submit'],
        [3, 'deliver'],
        [4, 'acknowledge'],
        [5, 'request-information'],
      ]);
      expect(bundle.proofs.map((pr: { eventId: string }) => pr.eventId)).toEqual(
        bundle.events.map((e: { id: string }) => e.id),
      );
      // The request's events were newer than any checkpoint: the export took one.
      expect(bundle.checkpoints.map((c: { seq: number }) => c.seq)).toEqual([before.seq + 1]);

      const file = save('export.json', bundle);
      const result = await cli('verify-export', file);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out)).toEqual({
        valid: true,
        keyId: bundle.publicKey.keyId,
        events: 5,
        checkpoints: 1,
        proofs: 5,
      });
      expect(result.err).toContain('valid. 5 events, 1 signed checkpoints, 5 inclusion proofs');

      // Pinned to the node's published key; and refused when pinned to another key.
      const published = save(
        'node.pub.pem',
        (await p.vnm.auditor.get('/v1/audit/checkpoints')).body.publicKey.pem,
      );
      expect((await cli('verify-export', file, '--public-key', published)).code).toBe(0);
      const other = save(
        'other.pub.pem',
        generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
      const pinnedElsewhere = await cli('verify-export', file, `--public-key=${other}`);
      expect(pinnedElsewhere.code).toBe(1);
      expect(JSON.parse(pinnedElsewhere.out).brokenAt.reason).toMatch(
        /^the export is signed by key [0-9a-f]{64}, not by the given key/,
      );
    });

    it('should redact the requester’s drafting in the counterpart’s export, which still verifies', async () => {
      const res = await p.aut.auditor.get(`/v1/audit/export?requestId=${id}`);
      expect(res.status).toBe(200);
      expect(res.body.side).toBe('requested');
      expect(res.body.events[0]).toEqual({
        id: expect.any(String),
        requestId: id,
        seq: 1,
        prevHash: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        redacted: true,
      });
      expect(JSON.stringify(res.body)).not.toContain('Ransomware attack on a hospital network');
      expect((await cli('verify-export', save('theirs.json', res.body))).code).toBe(0);
    });

    it('should catch an export edited, cut or reordered after it left the node', async () => {
      const bundle = (await p.vnm.auditor.get(`/v1/audit/export?requestId=${id}`)).body;
      const cases: [string, (b: any) => void][] = [
        ['an edited payload', (b) => (b.events[4].payload.questions = 'forged')],
        ['a removed event', (b) => b.events.splice(2, 1)],
        ['swapped events', (b) => ([b.events[1], b.events[2]] = [b.events[2], b.events[1]])],
        ['a lowered version', (b) => (b.request.version = 4)],
        ['an altered proof', (b) => (b.proofs[0].path[0] = '0'.repeat(64))],
      ];
      for (const [name, edit] of cases) {
        const copy = structuredClone(bundle);
        edit(copy);
        const result = await cli('verify-export', save('edited.json', copy));
        expect({ name, code: result.code, reason: JSON.parse(result.out).brokenAt?.reason }).toEqual({
          name,
          code: 1,
          reason: 'the export signature does not verify: the file was changed after export',
        });
      }
      const notJson = await cli('verify-export', save('broken.json', '{"format":'));
      expect(notJson.code).toBe(1);
      expect(notJson.err).toContain('NOT VALID (not JSON');
      expect((await cli('verify-export', join(dir, 'missing.json'))).code).toBe(1);
      expect((await cli('verify-export')).code).toBe(2);
    });

    it('should fail to verify an export of a log rewritten after its checkpoint (hashes recomputed)', async () => {
      await checkpointNow();
      await withDamage(
        async () => {
          const { rows } = await t.db.query('SELECT * FROM audit_events WHERE request_id = $1 AND seq = 5', [
            id,
          ]);
          const r = rows[0];
          const payload = { questions: 'A different question' };
          const hash = computeEventHash({
            requestId: r.request_id,
            seq: r.seq,
            action: r.action,
            fromStatus: r.from_status,
            toStatus: r.to_status,
            actorType: r.actor_type,
            actorUserId: r.actor_user_id,
            actorAuthorityId: r.actor_authority_id,
            payload,
            occurredAt: r.occurred_at,
            prevHash: r.prev_hash,
          });
          await tamper(t, 'UPDATE audit_events SET payload = $2, hash = $3 WHERE id = $1', [
            r.id,
            JSON.stringify(payload),
            hash,
          ]);
        },
        async () => {
          const bundle = (await p.vnm.auditor.get(`/v1/audit/export?requestId=${id}`)).body;
          const result = await cli('verify-export', save('rewritten.json', bundle));
          expect(result.code).toBe(1);
          // The node proves the events against the tree it rebuilds from the log as it is now: no event
          // of that checkpoint reaches the signed root any more.
          expect(JSON.parse(result.out).brokenAt).toMatchObject({
            seq: 1,
            reason: expect.stringMatching(/^the event hash is not under the signed root of checkpoint \d+$/),
          });
        },
      );
    });

    it('should answer 400 naming requestId, 404 for a request of others, 403 for other roles', async () => {
      for (const [query, field] of [
        ['', 'requestId'],
        ['requestId=nope', 'requestId'],
        ['requestId=1&requestId=2', 'requestId'],
      ]) {
        const res = await p.vnm.auditor.get(`/v1/audit/export?${query}`);
        expect({ query, status: res.status, fields: fieldsOf(res) }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
      expect((await p.gha.auditor.get(`/v1/audit/export?requestId=${id}`)).status).toBe(404);
      expect((await p.vnm.officer.get(`/v1/audit/export?requestId=${id}`)).status).toBe(403);
      expect((await p.admin.get(`/v1/audit/export?requestId=${id}`)).status).toBe(403);
    });
  });
});
