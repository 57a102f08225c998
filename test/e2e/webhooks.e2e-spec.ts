import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { verifyWebhook } from '@/modules/notifications/webhook-signature';
import { deliveredRequest, mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';
import { verifyStandard, WebhookReceiver } from '../support/webhook-receiver';

describe('Webhooks: signed notifications of every event, retried with backoff', () => {
  let t: TestApp;
  let p: Parties;
  const vnmHook = new WebhookReceiver();
  const autHook = new WebhookReceiver();

  beforeAll(async () => {
    await vnmHook.start();
    await autHook.start();
    t = await startTestApp({ env: { WEBHOOK_BACKOFF_MS: '200', WEBHOOK_ATTEMPTS: '4' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
    await vnmHook.stop();
    await autHook.stop();
  });

  it('should sign every event to the parties entitled to it, and retry after the receiver fails twice', async () => {
    const bad = await p.vnm.officer.post('/v1/webhooks', { url: 'ftp://example.org/x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('url');
    expect((await p.vnm.auditor.post('/v1/webhooks', { url: vnmHook.url })).status).toBe(403);

    const vnm = await p.vnm.officer.post('/v1/webhooks', {
      url: vnmHook.url,
      description: 'Case management system',
    });
    expect(vnm.status).toBe(201);
    // A Standard Webhooks secret: whsec_ + base64 of the key, which the receiver gives the package as is.
    expect(vnm.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    vnmHook.secret = vnm.body.secret as string;
    const aut = await p.aut.approver.post('/v1/webhooks', { url: autHook.url });
    autHook.secret = aut.body.secret as string;
    // VNM's receiver fails twice on every delivery before accepting it.
    vnmHook.answer = (_n, before) => (before < 2 ? 500 : 204);

    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');

    // VNM hears of everything: create, submit, deliver, acknowledge; AUT from delivery on.
    await waitFor('VNM deliveries', async () => {
      const res = await p.vnm.officer.get(`/v1/webhooks/${vnm.body.id}/deliveries`);
      return (
        res.body.items.length === 4 &&
        res.body.items.every((d: { status: string }) => d.status === 'delivered')
      );
    });
    await waitFor('AUT deliveries', () => Promise.resolve(autHook.received.length === 2));
    const autActions = autHook.received.map(
      (r) => (JSON.parse(r.body) as { event: { action: string } }).event.action,
    );
    expect(autActions.sort()).toEqual(['acknowledge', 'deliver']);

    for (const hook of vnmHook.received) {
      const h = hook.headers;
      // Standard Webhooks, checked by the receiver on arrival with the package.
      expect({ verified: hook.verified, error: hook.verifyError }).toEqual({
        verified: true,
        error: undefined,
      });
      expect(verifyStandard('whsec_' + Buffer.from('another key').toString('base64'), hook.body, h)).toBe(
        'No matching signature found',
      );
      expect(h['webhook-timestamp']).toBe(h['x-coop-timestamp']);
      // The deprecated X-Coop-Signature still verifies, with the secret string as before.
      expect(
        verifyWebhook(
          vnm.body.secret as string,
          String(h['x-coop-timestamp']),
          hook.body,
          String(h['x-coop-signature']),
        ),
      ).toBe(true);
      expect(
        verifyWebhook(
          'wrong-secret',
          String(h['x-coop-timestamp']),
          hook.body,
          String(h['x-coop-signature']),
        ),
      ).toBe(false);
      const doc = JSON.parse(hook.body) as {
        id: string;
        request: { id: string; reference: string; side: string };
      };
      expect(h['webhook-id']).toBe(doc.id);
      expect(h['x-coop-delivery']).toBe(doc.id);
      expect(doc.request).toMatchObject({ id, side: 'requesting' });
      // No case content travels in a notification.
      expect(hook.body).not.toContain('ops@example.at');
    }
    for (const hook of autHook.received) {
      expect(hook.verified).toBe(true);
      expect(
        verifyWebhook(
          aut.body.secret as string,
          String(hook.headers['x-coop-timestamp']),
          hook.body,
          String(hook.headers['x-coop-signature']),
        ),
      ).toBe(true);
    }

    // Every delivery took three attempts, with growing gaps (exponential backoff), all visible to VNM.
    const deliveries = (await p.vnm.officer.get(`/v1/webhooks/${vnm.body.id}/deliveries`)).body.items as {
      id: string;
      action: string;
      attempts: number;
      attemptLog: { statusCode: number; at: string }[];
      nextAttemptAt: string | null;
    }[];
    expect(deliveries.map((d) => d.action).sort()).toEqual(['acknowledge', 'create', 'deliver', 'submit']);

    // webhook-id is the delivery's id, the same on its three attempts (each signed at its own time): what the
    // receiver de-duplicates on.
    const byId = new Map<string, typeof vnmHook.received>();
    for (const hook of vnmHook.received) {
      const hookId = String(hook.headers['webhook-id']);
      byId.set(hookId, [...(byId.get(hookId) ?? []), hook]);
    }
    expect([...byId.keys()].sort()).toEqual(deliveries.map((d) => d.id).sort());
    for (const attempts of byId.values()) {
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
      const stamps = attempts.map((a) => Number(a.headers['webhook-timestamp']));
      expect([...stamps].sort((x, y) => x - y)).toEqual(stamps);
    }

    // A captured body replayed under another delivery's id fails verification: the id is signed.
    const [first, second] = [...byId.values()].map((a) => a[0]);
    const replayed = { ...first.headers, 'webhook-id': String(second.headers['webhook-id']) };
    expect(verifyStandard(vnmHook.secret, first.body, replayed)).toBe('No matching signature found');
    // Nor with that delivery's own signature and timestamp, or under an id made up.
    expect(verifyStandard(vnmHook.secret, first.body, second.headers)).toBe('No matching signature found');
    expect(verifyStandard(vnmHook.secret, first.body, { ...first.headers, 'webhook-id': randomUUID() })).toBe(
      'No matching signature found',
    );
    // The same headers and body, untouched, still verify.
    expect(verifyStandard(vnmHook.secret, first.body, first.headers)).toBeNull();
    for (const d of deliveries) {
      expect(d.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 204]);
      // Delivered: no retry scheduled.
      expect(d.nextAttemptAt).toBeNull();
      const at = d.attemptLog.map((a) => Date.parse(a.at));
      // Lower bounds of BullMQ's exponential backoff (200 ms, then 400 ms; 50 ms of timer slack): a loaded
      // machine may stretch any gap, so the gaps are not compared with each other.
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(150);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(350);
    }
    // A third State sees nothing of VNM's webhooks.
    expect((await p.gha.officer.get(`/v1/webhooks/${vnm.body.id}/deliveries`)).status).toBe(404);
  });

  it('should give up after the last attempt and mark the delivery failed', async () => {
    const failing = new WebhookReceiver();
    await failing.start();
    failing.answer = () => 503;
    const hook = await p.gha.officer.post('/v1/webhooks', { url: failing.url });
    await p.gha.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    await waitFor(
      'the delivery to fail for good',
      async () => {
        const res = await p.gha.officer.get(`/v1/webhooks/${hook.body.id}/deliveries`);
        return res.body.items[0]?.status === 'failed' ? res : undefined;
      },
      20000,
    );
    expect(failing.received).toHaveLength(4);
    const undone = await t.db.query(
      `SELECT count(*) FROM outbox WHERE kind = 'webhook' AND processed_at IS NULL`,
    );
    expect(Number(undone.rows[0].count)).toBe(0);
    await failing.stop();
  });

  it('should stop notifying once a webhook is removed', async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    const hook = await p.gha.approver.post('/v1/webhooks', { url: receiver.url });
    expect((await p.gha.approver.send('DELETE', `/v1/webhooks/${hook.body.id}`)).body.disabledAt).toEqual(
      expect.any(String),
    );
    await p.gha.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.received).toHaveLength(0);
    expect(
      (await p.gha.auditor.get('/v1/webhooks')).body.find((h: { id: string }) => h.id === hook.body.id)
        .disabledAt,
    ).not.toBeNull();
    await receiver.stop();
  });
});

describe('Webhooks: subscriptions made before Standard Webhooks signing keep working', () => {
  let t: TestApp;
  let p: Parties;
  const hook = new WebhookReceiver();

  beforeAll(async () => {
    await hook.start();
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });

  it('should sign for an earlier secret (whsec_ + base64url) with the key it encodes, and the old header as before', async () => {
    const created = await p.vnm.officer.post('/v1/webhooks', { url: hook.url });
    expect(created.status).toBe(201);
    // The secrets issued before: whsec_ + base64url of 24 random bytes (these with both '-' and '_').
    const key = Buffer.concat([Buffer.from([0xfb, 0xef, 0xff]), randomBytes(21)]);
    const earlier = `whsec_${key.toString('base64url')}`;
    await t.db.query(`UPDATE webhook_subscriptions SET secret = $1 WHERE id = $2`, [
      earlier,
      created.body.id,
    ]);
    // The receiver's one-line conversion of such a secret (documented in docs/api.md §7).
    hook.secret = `whsec_${earlier.slice('whsec_'.length).replace(/-/g, '+').replace(/_/g, '/')}`;

    await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    await waitFor('the notification', () => Promise.resolve(hook.received.length >= 1));
    const [got] = hook.received;
    expect({ verified: got.verified, error: got.verifyError }).toEqual({ verified: true, error: undefined });
    expect(
      verifyWebhook(
        earlier,
        String(got.headers['x-coop-timestamp']),
        got.body,
        String(got.headers['x-coop-signature']),
      ),
    ).toBe(true);
  });
});

describe('Webhooks: no calls into the engine’s own network unless the deployment allows it', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse loopback, private and metadata addresses with 400 naming url, storing nothing', async () => {
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'http://169.254.169.254/latest',
      'http://10.0.0.5/x',
      'http://localhost/x',
    ]) {
      const res = await p.vnm.officer.post('/v1/webhooks', { url });
      expect({ url, status: res.status, field: res.body.details?.[0]?.field }).toEqual({
        url,
        status: 400,
        field: 'url',
      });
    }
    expect((await p.vnm.officer.get('/v1/webhooks')).body).toEqual([]);
  });
});

describe('Webhooks: every change notified right after its commit, not left to the poller', () => {
  let t: TestApp;
  let p: Parties;
  const hook = new WebhookReceiver();

  beforeAll(async () => {
    await hook.start();
    // The safety net would take a minute (poll) or an hour (sweep): what arrives sooner was published at commit.
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '60000', OUTBOX_SWEEP_MS: '3600000' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });

  it("should notify a draft's creation, its edit, a document and its submission within seconds", async () => {
    const subscribed = await p.vnm.officer.post('/v1/webhooks', { url: hook.url });
    expect(subscribed.status).toBe(201);
    hook.secret = subscribed.body.secret as string;
    const actions = () =>
      hook.received.map((r) => (JSON.parse(r.body) as { event: { action: string } }).event.action);
    /** The notifications so far, once `count` arrived: far sooner than the 60 s poll. */
    const promptly = (count: number) =>
      waitFor(
        `${count} notifications`,
        () => Promise.resolve(hook.received.length >= count && actions()),
        5000,
      );

    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await promptly(1)).toEqual(['create']);

    const edited = await p.vnm.officer.patch(`/v1/requests/${id}`, { subject: 'Ransomware, second wave' });
    expect(edited.status).toBe(200);
    expect(await promptly(2)).toEqual(['create', 'edit']);

    const attached = await request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${p.vnm.officer.token}`)
      .field('kind', 'other')
      .attach('file', Buffer.from('%PDF-1.7 ransom note'), {
        filename: 'note.pdf',
        contentType: 'application/pdf',
      });
    expect(attached.status).toBe(201);
    expect(await promptly(3)).toEqual(['create', 'edit', 'attach-document']);

    expect((await p.vnm.officer.act(id, 'submit')).status).toBe(200);
    // The submission, then its delivery by the queue (a job, which publishes the same way).
    expect((await promptly(5)).slice(3)).toEqual(['submit', 'deliver']);

    // Every webhook row went to the queue at its commit: none waits for the poll.
    const unqueued = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE request_id = $1 AND kind = 'webhook' AND enqueued_at IS NULL`,
      [id],
    );
    expect(unqueued.rows[0].n).toBe(0);
    // Each one signed per Standard Webhooks, with a delivery id of its own.
    expect(hook.received.map((r) => r.verified)).toEqual(hook.received.map(() => true));
    expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(hook.received.length);
  });
});
