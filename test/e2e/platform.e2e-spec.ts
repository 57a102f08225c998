import { randomUUID } from 'node:crypto';
import { apiFor } from '../support/api';
import { deliveredRequest, MLA_USER_ACTIONS, type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Platform: health, OpenAPI, workflow tables, request ids and logs', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('should report PostgreSQL and the queue backend in use up on /health without a token', async () => {
    const res = await apiFor(t, null).get('/health');
    expect(res.status).toBe(200);
    const queue = t.redisUrl
      ? { redis: { status: 'up', backend: 'redis' } }
      : { queue: { status: 'up', backend: 'postgres' } };
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, ...queue } });
  });

  it('should answer /health/live without asking any dependency, and /health/ready like /health', async () => {
    const live = await apiFor(t, null).get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    const ready = await apiFor(t, null).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.details).sort()).toEqual(['postgres', t.redisUrl ? 'redis' : 'queue']);
  });

  it('should say at start-up, in one line, which database and which queue backend it uses', () => {
    const lines = t.logs.filter((l) => l.includes('"context":"Backends"'));
    expect(lines).toHaveLength(1);
    const { msg } = JSON.parse(lines[0]) as { msg: string };
    expect(msg).toMatch(/^database: PostgreSQL at postgres:\/\/.+; queues: BullMQ on /);
    expect(msg).toContain(t.redisUrl ? 'BullMQ on Redis at redis://' : 'BullMQ on PostgreSQL (schema bullmq');
  });

  it('should publish an OpenAPI document with every route and DTO', async () => {
    const res = await apiFor(t, null).get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/authorities',
        '/v1/authorities/{id}/users',
        '/v1/requests',
        '/v1/requests/{id}',
        '/v1/requests/{id}/actions/{action}',
        '/v1/requests/{id}/history',
        '/v1/audit/events',
        '/v1/audit/verify',
        '/v1/workflows',
        '/health',
      ]),
    );
    const schemas = Object.keys(res.body.components.schemas as object);
    expect(schemas).toEqual(
      expect.arrayContaining([
        'CreateAuthorityDto',
        'CreateUserDto',
        'CreateRequestDto',
        'UpdateRequestDto',
        'OffenceDto',
        'PersonConcernedDto',
        'RequestResponse',
        'RefusePayload',
        'PostponePayload',
        'TransmitResultsPayload',
        'ProposeConditionsPayload',
        'AuditEventResponse',
        'WorkflowDescription',
      ]),
    );
    expect(res.body.components.schemas.RefusePayload.required).toEqual(
      expect.arrayContaining(['grounds', 'reasons']),
    );
    expect((await apiFor(t, null).get('/docs')).status).toBe(200);
  });

  it('should serve the MLA lifecycle table with the side and role of each action', async () => {
    const res = await p.vnm.auditor.get('/v1/workflows');
    expect(res.status).toBe(200);
    const mla = res.body.find((w: { channel: string }) => w.channel === 'mla');
    expect(mla.initial).toBe('DRAFT');
    const byAction = Object.fromEntries(mla.actions.map((a: { action: string }) => [a.action, a]));
    expect(Object.keys(byAction)).toEqual(expect.arrayContaining(MLA_USER_ACTIONS));
    expect(byAction.refuse).toMatchObject({
      from: ['CONSULTATION'],
      to: ['REFUSED'],
      actors: [{ side: 'requested', roles: ['approver'] }],
      payload: 'RefusePayload',
    });
    expect(byAction.deliver).toMatchObject({
      system: true,
      actors: [],
      from: ['SUBMITTED'],
      to: ['RECEIVED'],
    });
    expect(byAction.resume).toMatchObject({
      system: true,
      actors: [{ side: 'requested', roles: ['approver'] }],
    });
    expect(byAction['transmit-results'].to).toEqual(['PARTIALLY_EXECUTED', 'EXECUTED']);
    expect(byAction.submit.basis).toMatch(/art\. 40/);
  });

  it('should list every channel, the 24/7 network contact (art. 41) included, with its table', async () => {
    const res = await p.vnm.officer.get('/v1/workflows');
    expect(res.body.map((w: { channel: string }) => w.channel).sort()).toEqual([
      'confiscation',
      'contact-24-7',
      'extradition',
      'joint-investigation',
      'mla',
      'preservation',
      'real-time-collection',
      'spontaneous',
      'transfer',
    ]);
    const confiscation = res.body.find((w: { channel: string }) => w.channel === 'confiscation');
    expect(confiscation).toMatchObject({ initial: 'DRAFT', terminal: ['CLOSED', 'WITHDRAWN'] });
    expect(confiscation.title).toContain('arts 49-52');
    const contact = res.body.find((w: { channel: string }) => w.channel === 'contact-24-7');
    expect(contact).toMatchObject({ initial: 'DRAFT', terminal: ['CLOSED', 'WITHDRAWN'] });
    expect(contact.title).toContain('art. 41');
    const byAction = Object.fromEntries(contact.actions.map((a: { action: string }) => [a.action, a]));
    expect(byAction.acknowledge).toMatchObject({
      from: ['RECEIVED'],
      to: ['ACKNOWLEDGED'],
      actors: [
        { side: 'requested', roles: ['officer'] },
        { side: 'requested', roles: ['approver'] },
      ],
      payload: 'AcknowledgeTicketPayload',
    });
    expect(byAction['escalate-to-mla']).toMatchObject({ system: true, actors: [], to: ['ESCALATED_TO_MLA'] });
  });

  it('should echo a sane X-Request-Id, generate one otherwise, and put it in error bodies and logs', async () => {
    const echoed = await p.vnm.officer.get('/v1/requests', { 'X-Request-Id': 'client-trace-42' });
    expect(echoed.headers['x-request-id']).toBe('client-trace-42');
    const generated = await p.vnm.officer.get('/v1/requests', { 'X-Request-Id': 'bad id with spaces' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await p.vnm.officer.get(`/v1/requests/${randomUUID()}`, { 'X-Request-Id': 'trace-404' });
    expect(error.status).toBe(404);
    expect(error.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', requestId: 'trace-404' });
    const line = t.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === 'trace-404');
    expect(line).toMatchObject({ level: 'info', msg: 'request', status: 404, method: 'GET' });
  });

  it('should never write tokens or case content to the logs', async () => {
    const id = await deliveredRequest(p, { subject: 'Very secret operation Nightjar' });
    await p.aut.officer.act(id, 'acknowledge');
    const all = t.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const api of [p.vnm.officer, p.aut.officer, p.aut.approver, p.vnm.auditor, p.admin]) {
      expect(all).not.toContain(api.token as string);
    }
    expect(all).not.toContain('Nightjar');
    expect(all).not.toContain('ops@example.at');
    for (const l of t.logs) {
      expect(() => JSON.parse(l) as unknown).not.toThrow();
    }
  });
});
