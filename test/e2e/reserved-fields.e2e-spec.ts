import request from 'supertest';
import { deliveredRequest, mlaBody, type Parties, seedParties } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Field names JavaScript gives a meaning to (`__proto__`, `constructor`, `prototype`) are unknown fields
 * like any other: refused with a 400 naming them, on every route, and nothing is changed.
 */
describe('Reserved field names', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Sends the body text as written (a JS object would lose or transform `__proto__`). */
  const raw = (method: 'post' | 'patch', path: string, token: string, json: string) =>
    request(t.baseUrl)
      [method](path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(json);

  const versionOf = async (id: string): Promise<number> =>
    (await t.db.query<{ version: number }>('SELECT version FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].version;

  it.each(['__proto__', 'constructor', 'prototype'])(
    'should refuse %s in an action payload (request-information), naming it, and change nothing',
    async (name) => {
      const id = await deliveredRequest(p);
      await p.aut.officer.act(id, 'acknowledge');
      const before = await versionOf(id);
      const res = await raw(
        'post',
        `/v1/requests/${id}/actions/request-information`,
        p.aut.officer.token!,
        `{"${name}":{"isAdmin":true},"questions":"Which accounts?"}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field: name, messages: [`unknown field ${name}`] }]);
      expect(await versionOf(id)).toBe(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])(
    'should refuse %s on creating a draft, at the top and nested in details, and store nothing',
    async (name) => {
      const { count: before } = (await t.db.query('SELECT count(*) FROM cooperation_requests')).rows[0];
      const { details: _details, ...common } = mlaBody(p.aut.authorityId);
      const body = JSON.stringify(common).replace(
        /\}$/,
        `,"${name}":{"x":1},"details":{"assistanceTypes":["subscriber-info"],"${name}":{}}}`,
      );
      const res = await raw('post', '/v1/requests', p.vnm.officer.token!, body);
      expect(res.status).toBe(400);
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining([name, `details.${name}`]));
      const { count: after } = (await t.db.query('SELECT count(*) FROM cooperation_requests')).rows[0];
      expect(after).toBe(before);
    },
  );

  it.each(['__proto__', 'constructor', 'prototype'])(
    'should refuse %s on editing a draft, and leave the draft as it was',
    async (name) => {
      const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
      const id = created.body.id as string;
      const res = await raw(
        'patch',
        `/v1/requests/${id}`,
        p.vnm.officer.token!,
        `{"subject":"changed","${name}":{}}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: name, messages: [`unknown field ${name}`] }]);
      const after = await p.vnm.officer.get(`/v1/requests/${id}`);
      expect(after.body.subject).toBe(created.body.subject);
      expect(after.body.version).toBe(created.body.version);
    },
  );
});
