import request from 'supertest';
import { preservationBody } from '../support/contact-points';
import { extraditionBody } from '../support/extradition';
import { mlaBody, type Parties, seedParties } from '../support/parties';
import { collectionBody } from '../support/real-time-collection';
import { dbRequest, dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

/*
 * The register of each State's declarations (issue 15 parts 1 and 5): versions, history, export and import,
 * the settings route folded in, and the refusals at submission a declaration rules out.
 */
describe("A State's declarations under the Convention over HTTP", () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const put = (country: string, body: unknown, ifMatch?: string) =>
    ifMatch === undefined
      ? p.admin.send('PUT', `/v1/states/${country}/declarations`, body)
      : request(t.baseUrl)
          .put(`/v1/states/${country}/declarations`)
          .set('Authorization', `Bearer ${t.adminToken}`)
          .set('If-Match', ifMatch)
          .send(body as object);

  /** Refused with a 4xx naming `fields`, and nothing written. */
  const refusedUnchanged = async (
    id: string,
    act: () => Promise<{ status: number; body: any }>,
    fields: string[],
  ) => {
    const before = await dbSnapshot(t);
    const row = await dbRequest(t, id);
    const res = await act();
    expect({ status: res.status, fields: fieldsOf(res as never) }).toEqual({ status: 400, fields });
    expect(res.body.code).toBe('INCOMPLETE_REQUEST');
    expect(await dbSnapshot(t)).toEqual(before);
    expect(await dbRequest(t, id)).toEqual(row);
    return res;
  };

  const draft = async (body: Record<string, unknown>): Promise<string> => {
    const res = await p.vnm.officer.post('/v1/requests', body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('should answer version 0 with every field not declared for a State that declared nothing', async () => {
    const res = await p.vnm.auditor.get('/v1/states/NOR/declarations');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({ country: 'NOR', version: 0, declared: false, declarations: {} });
    expect(res.body.notDeclared).toContain('languages');
    expect(res.body.effective.preservationDays).toBeGreaterThanOrEqual(60);
  });

  it('should write a new version on each PUT, keep the history newest first, and record who wrote it', async () => {
    const first = await put('SWE', { languages: ['sv', 'en'], conventionAsExtraditionBasis: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      country: 'SWE',
      version: 1,
      declared: true,
      source: 'declarations',
      declarations: { languages: ['en', 'sv'], conventionAsExtraditionBasis: true },
    });
    expect(first.body.writtenBy.userId).toEqual(expect.any(String));
    expect(first.body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.body.notDeclared).not.toContain('languages');

    const stale = await put('SWE', { languages: ['sv'] }, '"0"');
    expect(stale.status).toBe(412);
    const second = await put(
      'SWE',
      {
        languages: ['sv'],
        reservations: [{ article: 11, paragraph: 3, text: 'Only where committed with intent' }],
        transmissionRoutes: ['electronic-secure', 'diplomatic'],
      },
      '"1"',
    );
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(2);
    // The whole record: what the second version does not name is no longer declared.
    expect(second.body.declarations.conventionAsExtraditionBasis).toBeUndefined();

    const history = await p.aut.officer.get('/v1/states/SWE/declarations/versions');
    expect(history.status).toBe(200);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.body.versions[1].hash).toBe(first.body.hash);
    const one = await p.gha.approver.get('/v1/states/SWE/declarations/versions/1');
    expect(one.body.declarations).toEqual(first.body.declarations);
    expect((await p.gha.approver.get('/v1/states/SWE/declarations/versions/9')).status).toBe(404);
    expect((await p.gha.approver.get('/v1/states/SWE/declarations/versions/x')).status).toBe(400);
  });

  it('should refuse hostile and invalid records naming the field, writing nothing', async () => {
    const before = (await p.admin.get('/v1/states/DNK/declarations/versions')).body.versions.length;
    const cases: [unknown, string][] = [
      [{ languages: ['english'] }, 'languages'],
      [{ interceptionOffences: [6] }, 'interceptionOffences'],
      [{ channels: ['nope'] }, 'channels[0]'],
      [{ transmissionRoutes: ['carrier-pigeon'] }, 'transmissionRoutes'],
      [{ preservationDays: 10 }, 'preservationDays'],
      [{ reservations: [{ article: 99, text: 'x' }] }, 'reservations[0].article'],
      [{ dualCriminalityForPreservation: 'yes' }, 'dualCriminalityForPreservation'],
      [{ surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await put('DNK', body);
      expect({ body, status: res.status, fields: fieldsOf(res as never) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
    }
    expect((await put('dnk', {})).status).toBe(400);
    expect((await put('DNK', {}, 'garbage')).status).toBe(400);
    expect((await p.admin.get('/v1/states/DNK/declarations/versions')).body.versions).toHaveLength(before);
  });

  it('should keep the settings route working on the same data, a PUT settings writing a new version', async () => {
    await put('FIN', { languages: ['fi', 'en'], preservationDays: 90 });
    const set = await p.admin.send('PUT', '/v1/states/FIN/settings', { provisionalArrestDays: 20 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ country: 'FIN', preservationDays: 90, provisionalArrestDays: 20 });
    const now = (await p.vnm.officer.get('/v1/states/FIN/declarations')).body;
    expect(now).toMatchObject({
      version: 2,
      source: 'settings',
      declarations: { languages: ['en', 'fi'], preservationDays: 90, provisionalArrestDays: 20 },
    });
    await put('FIN', { preservationDays: 120 }, '"2"');
    expect((await p.vnm.officer.get('/v1/states/FIN/settings')).body).toMatchObject({
      preservationDays: 120,
      provisionalArrestDays: expect.any(Number),
    });
  });

  it('should show periods recorded before the register as declared at version 0, and keep them on the next write', async () => {
    await t.db.query(
      `INSERT INTO state_settings (country, preservation_days, provisional_arrest_days, updated_at)
       VALUES ('PRT', 75, NULL, now())`,
    );
    const legacy = (await p.vnm.officer.get('/v1/states/PRT/declarations')).body;
    expect(legacy).toMatchObject({ version: 0, declared: true, declarations: { preservationDays: 75 } });
    expect(legacy.note).toContain('before the register');
    await p.admin.send('PUT', '/v1/states/PRT/settings', { provisionalArrestDays: 10 });
    expect((await p.vnm.officer.get('/v1/states/PRT/declarations')).body).toMatchObject({
      version: 1,
      declarations: { preservationDays: 75, provisionalArrestDays: 10 },
    });
  });

  it('should export every current record and import it back, each a new version noting the import', async () => {
    await put('ISL', { languages: ['is'], dualCriminalityForPreservation: true });
    const exported = await p.vnm.auditor.get('/v1/declarations/export');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'uncc-state-declarations', formatVersion: 1 });
    const isl = exported.body.states.find((s: { country: string }) => s.country === 'ISL');
    expect(isl).toMatchObject({ declarations: { languages: ['is'], dualCriminalityForPreservation: true } });

    const doc = { ...exported.body, exportedBy: 'https://node.example.is' };
    const imported = await p.admin.post('/v1/declarations/import', doc);
    expect(imported.status).toBe(200);
    const again = imported.body.imported.find((s: { country: string }) => s.country === 'ISL');
    expect(again).toMatchObject({
      source: 'import',
      version: isl.version + 1,
      declarations: isl.declarations,
    });
    expect(again.note).toContain('imported from https://node.example.is');
  });

  it('should refuse a whole import when one record is bad, writing nothing', async () => {
    const before = await p.admin.get('/v1/declarations/export');
    const res = await p.admin.post('/v1/declarations/import', {
      format: 'uncc-state-declarations',
      formatVersion: 1,
      states: [
        { country: 'EST', declarations: { languages: ['et'] } },
        { country: 'LVA', declarations: { preservationDays: 5 } },
      ],
    });
    expect({ status: res.status, fields: fieldsOf(res as never) }).toEqual({
      status: 400,
      fields: ['states[1].declarations.preservationDays'],
    });
    const wrongFormat = await p.admin.post('/v1/declarations/import', {
      format: 'something-else',
      formatVersion: 1,
      states: [],
    });
    expect(wrongFormat.status).toBe(400);
    const noRecord = await p.admin.post('/v1/declarations/import', {
      format: 'uncc-state-declarations',
      formatVersion: 1,
      states: [{ country: 'EST' }],
    });
    expect({ status: noRecord.status, fields: fieldsOf(noRecord as never) }).toEqual({
      status: 400,
      fields: ['states[0].declarations'],
    });
    expect((await p.admin.get('/v1/states/EST/declarations')).body.version).toBe(0);
    const after = await p.admin.get('/v1/declarations/export');
    expect(after.body.states).toEqual(before.body.states);
  });

  it('should let only the operator admin write, and everyone signed in read', async () => {
    for (const api of [p.vnm.officer, p.aut.approver, p.gha.auditor]) {
      expect((await api.send('PUT', '/v1/states/AUT/declarations', {})).status).toBe(403);
      expect((await api.post('/v1/declarations/import', { format: 'x' })).status).toBe(403);
    }
    const anonymous = await request(t.baseUrl).get('/v1/states/AUT/declarations');
    expect(anonymous.status).toBe(401);
  });

  describe('refusals at submission', () => {
    afterEach(async () => {
      await put('AUT', {});
    });

    it('should refuse a language AUT does not accept naming declarations.languages, then accept a certified translation', async () => {
      await put('AUT', { languages: ['de'] });
      const id = await draft(mlaBody(p.aut.authorityId, { language: 'en' }));
      const read = await p.vnm.officer.get(`/v1/requests/${id}`);
      expect(read.body).toMatchObject({
        language: 'en',
        acceptedLanguages: { languages: ['de'], source: 'declarations' },
      });
      const res = await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), [
        'declarations.languages',
      ]);
      expect(res.body.details[0].messages[0]).toContain('AUT declared it accepts requests in de');

      const upload = (fields: Record<string, string>) => {
        let r = request(t.baseUrl)
          .post(`/v1/requests/${id}/attachments`)
          .set('Authorization', `Bearer ${p.vnm.officer.token ?? ''}`);
        for (const [k, v] of Object.entries(fields)) {
          r = r.field(k, v);
        }
        return r.attach('file', Buffer.from('Übersetzung'), {
          filename: 'de.txt',
          contentType: 'text/plain',
        });
      };
      // A certified translation names its language; only a translation is certified.
      expect((await upload({ kind: 'translation', certifiedBy: 'X' })).status).toBe(400);
      expect((await upload({ kind: 'warrant', language: 'de', certifiedBy: 'X' })).status).toBe(400);
      // An uncertified translation is not enough.
      const plain = await upload({ kind: 'translation', language: 'de' });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ kind: 'translation', language: 'de', certifiedBy: null });
      await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), ['declarations.languages']);

      const certified = await upload({
        kind: 'translation',
        language: 'de',
        certifiedBy: 'Sworn translator M. Huber, Vienna',
        certifiedAt: '2026-03-01',
      });
      expect(certified.status).toBe(201);
      expect(certified.body).toMatchObject({
        certifiedBy: 'Sworn translator M. Huber, Vienna',
        certifiedAt: '2026-03-01',
      });
      const ok = await p.vnm.officer.act(id, 'submit');
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('SUBMITTED');
    });

    it('should still check the authority languages when the State declared none (field language)', async () => {
      const id = await draft(mlaBody(p.aut.authorityId, { language: 'vi' }));
      expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.acceptedLanguages).toEqual({
        languages: ['de', 'en'],
        source: 'authority',
      });
      await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), ['language']);
    });

    it('should refuse a channel AUT does not take naming declarations.channels', async () => {
      await put('AUT', { channels: ['preservation', 'extradition'] });
      const id = await draft(mlaBody(p.aut.authorityId));
      const res = await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), [
        'declarations.channels',
      ]);
      expect(res.body.details[0].messages[0]).toContain('not mla');
      await put('AUT', { channels: ['mla'] });
      expect((await p.vnm.officer.act(id, 'submit')).body.status).toBe('SUBMITTED');
    });

    it('should refuse extradition on the Convention as a basis to a State that declared it does not use it', async () => {
      await put('AUT', { conventionAsExtraditionBasis: false });
      const id = await draft(extraditionBody(p.aut.authorityId, { details: { legalBasis: 'convention' } }));
      await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit-formal-request'), [
        'declarations.conventionAsExtraditionBasis',
      ]);
      expect(
        (
          await p.vnm.officer.patch(`/v1/requests/${id}`, {
            details: {
              ...(extraditionBody(p.aut.authorityId).details as object),
              legalBasis: 'bilateral-treaty',
            },
          })
        ).status,
      ).toBe(200);
      expect((await p.vnm.officer.act(id, 'submit-formal-request')).status).toBe(200);
    });

    it('should refuse preservation for a non-Convention offence without dual criminality when the State requires it', async () => {
      await put('AUT', { dualCriminalityForPreservation: true });
      const offences = [{ provision: 'Penal Code art. 300', description: 'Fraud by phone' }];
      const id = await draft(preservationBody(p.aut.authorityId, { offences }));
      await refusedUnchanged(id, () => p.vnm.officer.act(id, 'send'), [
        'declarations.dualCriminalityForPreservation',
      ]);
      // A Convention offence needs no dual criminality.
      const convention = await draft(preservationBody(p.aut.authorityId));
      expect((await p.vnm.officer.act(convention, 'send')).status).toBe(200);
      const stated = await draft(
        preservationBody(p.aut.authorityId, {
          offences,
          details: { ...(preservationBody(p.aut.authorityId).details as object), dualCriminality: true },
        }),
      );
      expect((await p.vnm.officer.act(stated, 'send')).status).toBe(200);
    });

    it('should refuse interception for an offence not in declarations.interceptionOffences', async () => {
      await put('AUT', { interceptionOffences: [8] });
      const id = await draft(collectionBody(p.aut.authorityId, {}, 'content-data'));
      const before = await dbRequest(t, id);
      const res = await p.vnm.officer.act(id, 'submit');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INTERCEPTION_NOT_AVAILABLE');
      expect(res.body.message).toMatch(/art\. 7 is not among/);
      expect(await dbRequest(t, id)).toEqual(before);
      await put('AUT', { interceptionOffences: [7, 8] });
      expect((await p.vnm.officer.act(id, 'submit')).body.status).toBe('SUBMITTED');
    });
  });
});
