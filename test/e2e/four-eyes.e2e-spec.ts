import { Api, type ApiResponse } from '../support/api';
import { extraditionBody } from '../support/extradition';
import { deliveredRequest, mlaBody, type Parties, seedParties } from '../support/parties';
import { dbEventCount, dbRequest, dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Four eyes: actions prepared by one user and confirmed by another of the same authority', () => {
  let t: TestApp;
  let p: Parties;
  /** A second officer of Viet Nam's central authority (not an approver). */
  let vnmOfficer2: Api;
  /** A second approver of Austria's central authority. */
  let autApprover2: Api;
  /** Requests delivered to Austria before Viet Nam's policy named submit. */
  let delivered: string[];

  const addUser = async (authorityId: string, name: string, roles: string[]): Promise<Api> => {
    const res = await p.admin.post(`/v1/authorities/${authorityId}/users`, { name, roles });
    expect(res.status).toBe(201);
    return new Api(t.baseUrl, res.body.token as string);
  };

  const draft = async (): Promise<string> => {
    const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId));
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  /** Asserts that a refused call left the database as it was. */
  const refusedUnchanged = async (call: () => Promise<ApiResponse>, status: number, code?: string) => {
    const before = await dbSnapshot(t);
    const prepsBefore = await t.db.query('SELECT id, status FROM action_preparations ORDER BY id');
    const res = await call();
    expect({ status: res.status, code: res.body.code as unknown }).toEqual({
      status,
      code: code ?? res.body.code,
    });
    expect(await dbSnapshot(t)).toEqual(before);
    expect((await t.db.query('SELECT id, status FROM action_preparations ORDER BY id')).rows).toEqual(
      prepsBefore.rows,
    );
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
    vnmOfficer2 = await addUser(p.vnm.authorityId, 'VNM second officer', ['officer']);
    autApprover2 = await addUser(p.aut.authorityId, 'AUT second approver', ['approver']);
    delivered = [await deliveredRequest(p), await deliveredRequest(p)];
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the policy (GET/PUT /v1/states/:country/four-eyes)', () => {
    it('should answer an empty policy for a State that set none, to every user and the admin', async () => {
      for (const api of [p.admin, p.vnm.officer, p.vnm.approver, p.gha.auditor]) {
        const res = await api.get('/v1/states/VNM/four-eyes');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ country: 'VNM', rules: [], updatedAt: null });
      }
    });

    it('should let only the operator admin write it', async () => {
      for (const api of [p.vnm.officer, p.vnm.approver, p.vnm.auditor]) {
        await refusedUnchanged(() => api.send('PUT', '/v1/states/VNM/four-eyes', { rules: [] }), 403);
      }
    });

    it('should refuse a rule naming an unknown channel or action, or the same action twice, naming the field', async () => {
      const put = (rules: unknown) => p.admin.send('PUT', '/v1/states/VNM/four-eyes', { rules });
      const channel = await put([{ channel: 'telepathy', action: 'submit', confirmerRole: 'approver' }]);
      expect(channel.status).toBe(400);
      expect(fieldsOf(channel)).toEqual(['rules[0].channel']);
      const action = await put([
        { channel: 'mla', action: 'submit', confirmerRole: 'approver' },
        { channel: 'mla', action: 'deliver', confirmerRole: 'approver' },
      ]);
      expect(action.status).toBe(400);
      expect(fieldsOf(action)).toEqual(['rules[1].action']);
      const twice = await put([
        { channel: 'mla', action: 'submit', confirmerRole: 'approver' },
        { channel: 'mla', action: 'submit', confirmerRole: 'officer' },
      ]);
      expect(twice.status).toBe(400);
      expect(fieldsOf(twice)).toEqual(['rules[1]']);
      const role = await put([{ channel: 'mla', action: 'submit', confirmerRole: 'auditor' }]);
      expect(role.status).toBe(400);
      const country = await p.admin.send('PUT', '/v1/states/vnm/four-eyes', { rules: [] });
      expect(country.status).toBe(400);
      expect(fieldsOf(country)).toEqual(['country']);
      expect((await p.vnm.officer.get('/v1/states/VNM/four-eyes')).body.rules).toEqual([]);
    });

    it('should record the policy of each State', async () => {
      const vnm = await p.admin.send('PUT', '/v1/states/VNM/four-eyes', {
        rules: [
          { channel: 'mla', action: 'submit', confirmerRole: 'approver' },
          { channel: 'extradition', action: 'submit-formal-request', confirmerRole: 'approver' },
        ],
      });
      expect(vnm.status).toBe(200);
      const aut = await p.admin.send('PUT', '/v1/states/AUT/four-eyes', {
        rules: [
          { channel: 'mla', action: 'accept', confirmerRole: 'approver' },
          { channel: 'mla', action: 'refuse', confirmerRole: 'approver' },
        ],
      });
      expect(aut.status).toBe(200);
      const read = await p.vnm.auditor.get('/v1/states/VNM/four-eyes');
      expect(read.body.rules).toEqual([
        { channel: 'mla', action: 'submit', confirmerRole: 'approver' },
        { channel: 'extradition', action: 'submit-formal-request', confirmerRole: 'approver' },
      ]);
      expect(typeof read.body.updatedAt).toBe('string');
    });
  });

  describe('preparing and confirming', () => {
    let id: string;
    let pid: string;
    let officerId: string;

    it('should tell the console that submit needs four eyes, and refuse it taken directly, nothing changed', async () => {
      id = await draft();
      const read = await p.vnm.officer.get(`/v1/requests/${id}`);
      expect(read.body.availableActions).toContain('submit');
      expect(read.body.fourEyesActions).toEqual(['submit']);
      const res = await refusedUnchanged(() => p.vnm.officer.act(id, 'submit'), 409, 'FOUR_EYES_REQUIRED');
      expect(res.body.message).toContain('four-eyes policy of VNM');
      expect(res.body.details).toEqual({
        policy: { country: 'VNM', channel: 'mla', action: 'submit', confirmerRole: 'approver' },
        preparations: `/v1/requests/${id}/preparations`,
      });
      expect(await dbRequest(t, id)).toEqual({ version: 1, status: 'DRAFT' });
    });

    it('should refuse a preparation that the action itself would refuse, nothing changed', async () => {
      await refusedUnchanged(
        () => p.vnm.officer.post(`/v1/requests/${id}/preparations`, { action: 'teleport' }),
        400,
        'UNKNOWN_ACTION',
      );
      await refusedUnchanged(
        () => p.vnm.auditor.post(`/v1/requests/${id}/preparations`, { action: 'submit' }),
        403,
      );
      await refusedUnchanged(
        () => p.aut.officer.post(`/v1/requests/${id}/preparations`, { action: 'submit' }),
        404,
      );
      await refusedUnchanged(
        () => p.vnm.officer.post(`/v1/requests/${id}/preparations`, { action: 'submit', extra: 1 }),
        400,
      );
    });

    it('should record the preparation as an event of the request, without moving it', async () => {
      const res = await p.vnm.officer.post(`/v1/requests/${id}/preparations`, { action: 'submit' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        requestId: id,
        channel: 'mla',
        action: 'submit',
        confirmerRole: 'approver',
        status: 'pending',
        stale: false,
        closedBy: null,
      });
      pid = res.body.id as string;
      officerId = res.body.preparedBy.id as string;
      expect(res.body.preparedBy.name).toBe('VNM-MPS-CA officer');
      expect(await dbRequest(t, id)).toEqual({ version: 2, status: 'DRAFT' });
      const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
      expect(history.body.at(-1)).toMatchObject({
        action: 'prepare-action',
        fromStatus: 'DRAFT',
        toStatus: 'DRAFT',
        payload: { preparationId: pid, action: 'submit', confirmerRole: 'approver' },
      });
      await refusedUnchanged(
        () => vnmOfficer2.post(`/v1/requests/${id}/preparations`, { action: 'submit' }),
        409,
        'PREPARATION_PENDING',
      );
    });

    it("should list the pending confirmations of the caller's authority only", async () => {
      const pending = await p.vnm.approver.get('/v1/preparations?status=pending');
      expect(pending.status).toBe(200);
      expect(pending.body.map((x: { id: string }) => x.id)).toContain(pid);
      expect((await p.vnm.auditor.get(`/v1/requests/${id}/preparations`)).body[0]).toMatchObject({
        id: pid,
        status: 'pending',
      });
      expect((await p.aut.approver.get('/v1/preparations?status=pending')).body).toEqual([]);
      expect((await p.gha.officer.get(`/v1/requests/${id}/preparations`)).status).toBe(404);
      expect((await p.vnm.approver.get('/v1/preparations?status=confirmed')).body).toEqual([]);
      expect((await p.vnm.approver.get('/v1/preparations?status=maybe')).status).toBe(400);
    });

    it('should refuse every bypass of the second person, nothing changed', async () => {
      const confirm = (api: Api, headers?: Record<string, string>) =>
        api.post(`/v1/preparations/${pid}/confirm`, {}, headers);
      // The preparer, whatever the client does.
      const same = await refusedUnchanged(() => confirm(p.vnm.officer), 403, 'FORBIDDEN');
      expect(same.body.details).toEqual({ rule: 'FOUR_EYES_SAME_USER' });
      // Another user of the authority without the policy's role.
      const role = await refusedUnchanged(() => confirm(vnmOfficer2), 403, 'FORBIDDEN');
      expect(role.body.details).toEqual({ rule: 'FOUR_EYES_ROLE', confirmerRole: 'approver' });
      // An approver of another authority (the counterpart, a third State): not theirs to see.
      await refusedUnchanged(() => confirm(p.aut.approver), 404);
      await refusedUnchanged(() => confirm(p.gha.approver), 404);
      // An auditor, the admin.
      await refusedUnchanged(() => confirm(p.vnm.auditor), 403);
      await refusedUnchanged(() => confirm(p.admin), 403);
      // A stale version.
      await refusedUnchanged(() => confirm(p.vnm.approver, { 'If-Match': '"1"' }), 412, 'VERSION_MISMATCH');
      // The direct route, still.
      await refusedUnchanged(() => p.vnm.approver.act(id, 'submit'), 403);
      await refusedUnchanged(() => vnmOfficer2.act(id, 'submit'), 409, 'FOUR_EYES_REQUIRED');
      expect(await dbRequest(t, id)).toEqual({ version: 2, status: 'DRAFT' });
    });

    it('should take the action once, on confirmation, with both people in its event', async () => {
      const res = await p.vnm.approver.post(`/v1/preparations/${pid}/confirm`, {}, { 'If-Match': '"2"' });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"3"');
      expect(res.body).toMatchObject({
        id: pid,
        status: 'confirmed',
        closedBy: { name: 'VNM-MPS-CA approver' },
      });
      const approverId = res.body.closedBy.id as string;
      // The worker delivers it at once: SUBMITTED (version 3), or RECEIVED (4) by now.
      expect([
        { version: 3, status: 'SUBMITTED' },
        { version: 4, status: 'RECEIVED' },
      ]).toContainEqual(await dbRequest(t, id));
      expect(await dbEventCount(t, id, 'submit')).toBe(1);
      const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
      const submit = history.body.find((e: { action: string }) => e.action === 'submit');
      expect(submit).toMatchObject({
        fromStatus: 'DRAFT',
        toStatus: 'SUBMITTED',
        payload: { fourEyes: { preparationId: pid, preparedBy: officerId, confirmedBy: approverId } },
      });
      expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
    });

    it('should refuse a replayed confirmation and a withdrawal of a confirmed preparation (409), nothing changed', async () => {
      await refusedUnchanged(
        () => p.vnm.approver.post(`/v1/preparations/${pid}/confirm`),
        409,
        'PREPARATION_CLOSED',
      );
      await refusedUnchanged(
        () => p.vnm.officer.post(`/v1/preparations/${pid}/withdraw`, {}),
        409,
        'PREPARATION_CLOSED',
      );
      expect(await dbEventCount(t, id, 'submit')).toBe(1);
    });
  });

  describe('checks run again at confirmation', () => {
    it('should refuse preparing an incomplete submission, naming the field', async () => {
      const created = await p.vnm.officer.post('/v1/requests', mlaBody(p.aut.authorityId, { offences: [] }));
      expect(created.status).toBe(201);
      const res = await refusedUnchanged(
        () =>
          p.vnm.officer.post(`/v1/requests/${created.body.id as string}/preparations`, { action: 'submit' }),
        400,
        'INCOMPLETE_REQUEST',
      );
      expect(fieldsOf(res)).toEqual(['offences']);
    });

    it('should refuse confirming a submission the draft no longer supports, the preparation still pending', async () => {
      const id = await draft();
      const prep = await p.vnm.officer.post(`/v1/requests/${id}/preparations`, { action: 'submit' });
      expect(prep.status).toBe(201);
      expect((await p.vnm.officer.patch(`/v1/requests/${id}`, { offences: [] })).status).toBe(200);
      const res = await refusedUnchanged(
        () => p.vnm.approver.post(`/v1/preparations/${prep.body.id as string}/confirm`),
        400,
        'INCOMPLETE_REQUEST',
      );
      expect(fieldsOf(res)).toEqual(['offences']);
      expect((await p.vnm.approver.get(`/v1/requests/${id}/preparations`)).body[0]).toMatchObject({
        status: 'pending',
      });
      expect(await dbRequest(t, id)).toMatchObject({ status: 'DRAFT' });
    });

    it('should put the formal extradition request under four eyes too', async () => {
      const created = await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await refusedUnchanged(() => p.vnm.officer.act(id, 'submit-formal-request'), 409, 'FOUR_EYES_REQUIRED');
      const prep = await p.vnm.officer.post(`/v1/requests/${id}/preparations`, {
        action: 'submit-formal-request',
      });
      expect(prep.status).toBe(201);
      const confirmed = await p.vnm.approver.post(`/v1/preparations/${prep.body.id as string}/confirm`);
      expect(confirmed.status).toBe(200);
      expect(await dbEventCount(t, id, 'submit-formal-request')).toBe(1);
      expect((await dbRequest(t, id))?.status).not.toBe('DRAFT');
    });
  });

  describe('withdrawal', () => {
    it('should let the preparer withdraw, record it, and refuse a confirmation after it', async () => {
      const id = await draft();
      const prep = await p.vnm.officer.post(`/v1/requests/${id}/preparations`, { action: 'submit' });
      const pid = prep.body.id as string;
      await refusedUnchanged(() => vnmOfficer2.post(`/v1/preparations/${pid}/withdraw`, {}), 403);
      await refusedUnchanged(() => p.aut.approver.post(`/v1/preparations/${pid}/withdraw`, {}), 404);
      const withdrawn = await p.vnm.officer.post(`/v1/preparations/${pid}/withdraw`, {
        reasons: 'Wrong annex attached',
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', closedBy: { name: 'VNM-MPS-CA officer' } });
      const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
      expect(history.body.at(-1)).toMatchObject({
        action: 'withdraw-preparation',
        payload: { preparationId: pid, action: 'submit', reasons: 'Wrong annex attached' },
      });
      await refusedUnchanged(
        () => p.vnm.approver.post(`/v1/preparations/${pid}/confirm`),
        409,
        'PREPARATION_CLOSED',
      );
      expect(await dbRequest(t, id)).toMatchObject({ status: 'DRAFT' });
      // Prepared again, an approver of the authority may withdraw it.
      const again = await vnmOfficer2.post(`/v1/requests/${id}/preparations`, { action: 'submit' });
      expect(again.status).toBe(201);
      const byApprover = await p.vnm.approver.post(
        `/v1/preparations/${again.body.id as string}/withdraw`,
        {},
      );
      expect(byApprover.status).toBe(200);
    });
  });

  describe("on the requested side, under that State's own policy", () => {
    it('should refuse confirming an action no longer available, keep the preparation listed as stale', async () => {
      const id = delivered[0];
      expect((await p.aut.officer.act(id, 'acknowledge')).status).toBe(200);
      const read = await p.aut.approver.get(`/v1/requests/${id}`);
      expect(read.body.fourEyesActions).toEqual(expect.arrayContaining(['accept']));
      await refusedUnchanged(
        () =>
          p.aut.officer.post(`/v1/requests/${id}/preparations`, {
            action: 'request-information',
            payload: { questions: 'Which period?' },
          }),
        409,
        'FOUR_EYES_NOT_REQUIRED',
      );
      const prep = await p.aut.approver.post(`/v1/requests/${id}/preparations`, { action: 'accept' });
      expect(prep.status).toBe(201);
      const pid = prep.body.id as string;
      const asked = await p.aut.officer.act(id, 'request-information', { questions: 'Which period?' });
      expect(asked.status).toBe(200);
      const listed = await autApprover2.get('/v1/preparations?status=pending');
      expect(listed.body.find((x: { id: string }) => x.id === pid)).toMatchObject({
        status: 'pending',
        stale: true,
      });
      await refusedUnchanged(
        () => autApprover2.post(`/v1/preparations/${pid}/confirm`),
        409,
        'INVALID_TRANSITION',
      );
      expect((await autApprover2.get(`/v1/requests/${id}/preparations`)).body[0]).toMatchObject({
        id: pid,
        status: 'pending',
      });
    });

    it('should confirm an approver decision by a second approver', async () => {
      const id = delivered[1];
      expect((await p.aut.officer.act(id, 'acknowledge')).status).toBe(200);
      await refusedUnchanged(() => p.aut.approver.act(id, 'accept'), 409, 'FOUR_EYES_REQUIRED');
      const prep = await p.aut.approver.post(`/v1/requests/${id}/preparations`, { action: 'accept' });
      const pid = prep.body.id as string;
      // Two approvers confirming at once: the action is taken once, the other is told it was confirmed.
      const autApprover3 = await addUser(p.aut.authorityId, 'AUT third approver', ['approver']);
      const answers = await Promise.all([
        autApprover2.post(`/v1/preparations/${pid}/confirm`),
        autApprover3.post(`/v1/preparations/${pid}/confirm`),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await dbEventCount(t, id, 'accept')).toBe(1);
      expect(await dbRequest(t, id)).toMatchObject({ status: 'ACCEPTED' });
      // Actions the policy does not name are taken directly.
      expect((await p.aut.officer.act(id, 'start-execution')).status).toBe(200);
    });
  });
});
