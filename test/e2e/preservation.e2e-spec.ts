import { contactPoint, type ContactPoint, preservationBody } from '../support/contact-points';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

const SECOND = 1 / 86400;

describe('Preservation (arts 42-43) over HTTP, with durable legal clocks', () => {
  let t: TestApp;
  let p: Parties;
  let autPoc: ContactPoint;
  let ghaPoc: ContactPoint;
  let vnmPoc: ContactPoint;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        // Clocks in seconds for the test: a 4 s preservation, a reminder 2 s before expiry.
        PRESERVATION_MIN_DAYS: '0',
        PRESERVATION_DAYS: String(4 * SECOND),
        PRESERVATION_REMINDER_DAYS: String(2 * SECOND),
      },
    });
    p = await seedParties(t);
    autPoc = await contactPoint(p, 'AUT-BK-247', 'AUT');
    ghaPoc = await contactPoint(p, 'GHA-CSA-247', 'GHA');
    vnmPoc = await contactPoint(p, 'VNM-A05-247', 'VNM');
  });
  afterAll(async () => {
    await t.close();
  });

  const status = async (id: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM cooperation_requests WHERE id = $1', [id]))
      .rows[0].status;
  const actions = async (id: string): Promise<string[]> =>
    (
      await t.db.query<{ action: string }>(
        'SELECT action FROM audit_events WHERE request_id = $1 ORDER BY seq',
        [id],
      )
    ).rows.map((r) => r.action);

  /** Sent by VNM's officer to AUT's 24/7 point of contact and delivered. */
  const received = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const created = await p.vnm.officer.post('/v1/requests', preservationBody(autPoc.authorityId, overrides));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await p.vnm.officer.act(id, 'send')).status).toBe(200);
    await waitFor('delivery', async () => (await status(id)) === 'RECEIVED');
    return id;
  };
  const active = async (): Promise<string> => {
    const id = await received();
    await autPoc.officer.act(id, 'start-preservation', { orderReference: 'AUT-PO-1' });
    const confirmed = await autPoc.officer.act(id, 'confirm-preservation', {
      custodianConfirmation: 'Preserved by Example Mail',
    });
    expect(confirmed.body.status).toBe('PRESERVED_ACTIVE');
    return id;
  };

  it('should be urgent by default toward a 24/7 point of contact and demand the art. 42 contents to be sent', async () => {
    const incomplete = await p.vnm.officer.post(
      '/v1/requests',
      preservationBody(autPoc.authorityId, {
        details: { dataToPreserve: 'logs', intentToRequestMla: false },
      }),
    );
    expect(incomplete.body.urgency).toBe('urgent');
    const sent = await p.vnm.officer.act(incomplete.body.id, 'send');
    expect(sent.status).toBe(400);
    expect(sent.body.code).toBe('INCOMPLETE_REQUEST');
    expect(sent.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining([
        'details.relationToOffence',
        'details.custodian',
        'details.necessity',
        'details.intentToRequestMla',
      ]),
    );
    const toCentral = await p.vnm.officer.post('/v1/requests', preservationBody(p.aut.authorityId));
    expect(toCentral.body.urgency).toBe('normal');
  });

  it('should walk the whole life with a warning, confirmation, an extension and withdrawal, both ways', async () => {
    const id = await received();
    expect(
      (await autPoc.officer.act(id, 'start-preservation', { orderReference: 'AUT-PO-7' })).body.status,
    ).toBe('PRESERVING');
    const warned = await autPoc.approver.act(id, 'issue-warning', {
      concern: 'CONFIDENTIALITY_AT_RISK',
      reasons: 'The provider must inform the account holder under its terms',
    });
    expect(warned.body.status).toBe('WARNING_ISSUED');
    expect((await p.vnm.approver.act(id, 'proceed')).body.status).toBe('PRESERVING');
    const confirmed = await autPoc.officer.act(id, 'confirm-preservation', {
      custodianConfirmation: 'Preserved',
    });
    expect(confirmed.body.status).toBe('PRESERVED_ACTIVE');
    const expiresAt = Date.parse(confirmed.body.caseData.preservation.expiresAt as string);
    expect(expiresAt - Date.parse(confirmed.body.caseData.preservation.confirmedAt as string)).toBe(4000);

    const timers = await p.vnm.officer.get(`/v1/requests/${id}/timers`);
    expect(timers.body.map((x: { label: string; status: string }) => [x.label, x.status])).toEqual([
      ['Preservation expiry reminder', 'pending'],
      ['Preservation expiry', 'pending'],
    ]);
    expect(timers.body[1].basis).toMatch(/art\. 42/);

    expect(
      (await p.vnm.officer.act(id, 'request-extension', { reasons: 'MLA request being drafted' })).body
        .status,
    ).toBe('EXTENSION_REQUESTED');
    const extended = await autPoc.approver.act(id, 'grant-extension', { days: 30 });
    expect(extended.body.status).toBe('PRESERVED_ACTIVE');
    expect(Date.parse(extended.body.caseData.preservation.expiresAt as string)).toBe(
      expiresAt + 30 * 86400000,
    );
    // The clocks of the first period are superseded by the extension: void at once, before their due time.
    const superseded = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as {
      status: string;
      dueAt: string;
      reason: string | null;
      reasonCode: string | null;
    }[];
    const firstPeriod = superseded.filter((x) => Date.parse(x.dueAt) <= expiresAt);
    expect(firstPeriod.length).toBeGreaterThan(0);
    expect(firstPeriod.every((x) => x.status === 'void' && x.reason !== null)).toBe(true);
    // The reason as a code too, for a client that says it in its own language.
    expect(firstPeriod.every((x) => x.reasonCode === 'superseded')).toBe(true);
    expect(superseded.filter((x) => Date.parse(x.dueAt) > expiresAt).map((x) => x.status)).toContain(
      'pending',
    );
    // The clocks of the first period pass without effect.
    await waitFor('the first expiry to pass', async () => {
      const now = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as {
        status: string;
        dueAt: string;
      }[];
      return now.filter((x) => Date.parse(x.dueAt) <= expiresAt).every((x) => x.status === 'void');
    });
    expect(await status(id)).toBe('PRESERVED_ACTIVE');

    const withdrawn = await p.vnm.officer.act(id, 'withdraw', { reasons: 'Suspect identified' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    // A request that has ended has no pending clock.
    const ended = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as { status: string }[];
    expect(ended.filter((x) => x.status === 'pending')).toEqual([]);

    // The other way round: Austria asks Viet Nam's point of contact, which refuses on a narrow ground only.
    const reverse = await p.aut.officer.post('/v1/requests', preservationBody(vnmPoc.authorityId));
    await p.aut.officer.act(reverse.body.id, 'send');
    await waitFor('delivery to VNM', async () => (await status(reverse.body.id)) === 'RECEIVED');
    const wide = await vnmPoc.approver.act(reverse.body.id, 'refuse', {
      grounds: ['NON_CONFORMING_REQUEST'],
      reasons: 'x',
    });
    expect(wide.status).toBe(400);
    expect(wide.body.details[0].field).toBe('grounds[0]');
    const refused = await vnmPoc.approver.act(reverse.body.id, 'refuse', {
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'Security',
    });
    expect(refused.body.status).toBe('REFUSED');
    expect(
      (await p.aut.officer.get(`/v1/requests/${reverse.body.id}`)).body.caseData.refusal.grounds,
    ).toEqual(['ESSENTIAL_INTERESTS']);
  });

  it('should remind the requesting side, then expire by itself when no follow-up arrives', async () => {
    const id = await active();
    await waitFor('expiry', async () => (await status(id)) === 'EXPIRED', 15000);
    expect(await actions(id)).toEqual(
      expect.arrayContaining(['confirm-preservation', 'remind-expiry', 'expire']),
    );
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.at(-1)).toMatchObject({
      action: 'expire',
      toStatus: 'EXPIRED',
      actor: { type: 'system' },
    });
    const reminder = history.body.find((e: { action: string }) => e.action === 'remind-expiry');
    expect(reminder.fromStatus).toBe('PRESERVED_ACTIVE');
    const timers = (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as { status: string }[];
    expect(timers.map((x) => x.status)).toEqual(['fired', 'fired']);
  });

  it('should hold the preservation while the follow-up MLA request is open, past its expiry, and release it when that ends', async () => {
    const id = await active();
    const mla = await p.vnm.officer.post(
      '/v1/requests',
      mlaBody(p.aut.authorityId, { followsUpRequestId: id }),
    );
    expect(mla.status).toBe(201);
    expect(mla.body.followsUpRequestId).toBe(id);
    await p.vnm.officer.act(mla.body.id, 'submit');
    await waitFor('hold', async () => (await status(id)) === 'HELD_PENDING_MLA_DECISION');
    const preservation = await autPoc.officer.get(`/v1/requests/${id}`);
    expect(preservation.body.caseData.heldFor.requestId).toBe(mla.body.id);
    // The link is listed to whoever is party to both: here the requesting side. AUT's 24/7 point of
    // contact is no party to the MLA request (AUT's central authority is), so it is not listed to it.
    expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.followUps).toEqual([
      expect.objectContaining({ id: mla.body.id, channel: 'mla' }),
    ]);
    expect(preservation.body.followUps).toEqual([]);

    // Well past the 4 s period: still held.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await status(id)).toBe('HELD_PENDING_MLA_DECISION');
    expect(await actions(id)).not.toContain('expire');

    await p.aut.officer.act(mla.body.id, 'acknowledge');
    await p.aut.approver.act(mla.body.id, 'open-consultation', { intendedOutcome: 'refuse', reasons: 'x' });
    await p.aut.approver.act(mla.body.id, 'refuse', {
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'Security',
    });
    await waitFor('release', async () => (await status(id)) === 'RELEASED');
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.slice(-2).map((e: { action: string }) => e.action)).toEqual(['hold', 'release']);
  });

  it('should stay held while any of two follow-up MLA requests is open, and release it when the last ends', async () => {
    const id = await active();
    const followUp = async (): Promise<string> => {
      const mla = await p.vnm.officer.post(
        '/v1/requests',
        mlaBody(p.aut.authorityId, { followsUpRequestId: id }),
      );
      expect(mla.status).toBe(201);
      await p.vnm.officer.act(mla.body.id, 'submit');
      return mla.body.id as string;
    };
    const first = await followUp();
    await waitFor('hold', async () => (await status(id)) === 'HELD_PENDING_MLA_DECISION');
    const second = await followUp();
    await waitFor(
      'second hold',
      async () =>
        (await autPoc.officer.get(`/v1/requests/${id}`)).body.caseData.alsoHeldFor?.[0]?.requestId === second,
    );

    // The first one is withdrawn: the second still holds the preservation, past its expiry.
    await p.vnm.officer.act(first, 'withdraw', { reasons: 'Covered by the second request' });
    await waitFor(
      'first release',
      async () => (await actions(id)).filter((a) => a === 'release').length === 1,
    );
    const stillHeld = await autPoc.officer.get(`/v1/requests/${id}`);
    expect(stillHeld.body.status).toBe('HELD_PENDING_MLA_DECISION');
    expect(stillHeld.body.caseData.heldFor.requestId).toBe(second);
    expect(stillHeld.body.caseData.alsoHeldFor).toBeUndefined();
    await new Promise((r) => setTimeout(r, 5000));
    expect(await status(id)).toBe('HELD_PENDING_MLA_DECISION');

    await p.vnm.officer.act(second, 'withdraw', { reasons: 'No longer needed' });
    await waitFor('release', async () => (await status(id)) === 'RELEASED');
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(
      history.body
        .slice(-4)
        .map((e: { action: string; fromStatus: string; toStatus: string }) => [e.action, e.toStatus]),
    ).toEqual([
      ['hold', 'HELD_PENDING_MLA_DECISION'],
      ['hold', 'HELD_PENDING_MLA_DECISION'],
      ['release', 'HELD_PENDING_MLA_DECISION'],
      ['release', 'RELEASED'],
    ]);
    expect((await autPoc.officer.get(`/v1/requests/${id}`)).body.caseData.releasedFor.requestId).toBe(second);
  });

  it('should refuse to link an MLA request to a preservation in another State', async () => {
    const id = await active();
    const elsewhere = await p.vnm.officer.post(
      '/v1/requests',
      mlaBody(p.gha.authorityId, { followsUpRequestId: id }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.details[0].field).toBe('followsUpRequestId');
  });

  it('should disclose traffic data naming a provider in a third State and let the requester preserve there', async () => {
    const id = await received();
    await autPoc.officer.act(id, 'start-preservation', {});
    const disclosed = await autPoc.officer.act(id, 'disclose-traffic-data', {
      providerName: 'Accra Hosting Ltd',
      providerCountry: 'GHA',
      trafficData: 'Relay via 203.0.113.7 (Accra Hosting) at 2026-03-14T02:11Z',
    });
    expect(disclosed.status).toBe(200);
    expect(disclosed.body.status).toBe('PRESERVING');
    const disclosure = disclosed.body.caseData.trafficDisclosures[0];
    expect(disclosure).toMatchObject({ outcome: 'DISCLOSED', providerCountry: 'GHA' });

    const withheld = await autPoc.approver.act(id, 'withhold-traffic-data', {
      providerCountry: 'USA',
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'Ongoing domestic operation',
    });
    expect(withheld.body.caseData.trafficDisclosures[1]).toMatchObject({
      outcome: 'WITHHELD',
      providerCountry: 'USA',
    });

    const body = (to: string, disclosureId: string) =>
      preservationBody(to, {
        followsUpRequestId: id,
        details: { ...(preservationBody(to).details as object), disclosureId },
      });
    const wrongState = await p.vnm.officer.post(
      '/v1/requests',
      body(autPoc.authorityId, disclosure.id as string),
    );
    expect(wrongState.status).toBe(400);
    expect(wrongState.body.details[0].field).toBe('requestedAuthorityId');
    const unknown = await p.vnm.officer.post(
      '/v1/requests',
      body(ghaPoc.authorityId, withheld.body.caseData.trafficDisclosures[1].id),
    );
    expect(unknown.body.details[0].field).toBe('details.disclosureId');

    const onward = await p.vnm.officer.post(
      '/v1/requests',
      body(ghaPoc.authorityId, disclosure.id as string),
    );
    expect(onward.status).toBe(201);
    expect(onward.body.followsUpRequestId).toBe(id);
    expect((await p.vnm.officer.act(onward.body.id, 'send')).status).toBe(200);
    await waitFor('delivery to Ghana', async () => (await status(onward.body.id)) === 'RECEIVED');
    expect((await ghaPoc.officer.get(`/v1/requests/${onward.body.id}`)).body.details.disclosureId).toBe(
      disclosure.id,
    );
  });

  it('should use a State’s declared preservation period, never below the legal floor', async () => {
    const low = await p.admin.send('PUT', '/v1/states/AUT/settings', { preservationDays: -1 });
    expect(low.status).toBe(400);
    const set = await p.admin.send('PUT', '/v1/states/AUT/settings', { preservationDays: 90 });
    expect(set.body).toMatchObject({ country: 'AUT', preservationDays: 90, declared: true });
    const id = await active();
    const r = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(r.body.caseData.preservation.periodDays).toBe(90);
    await p.admin.send('PUT', '/v1/states/AUT/settings', { preservationDays: null });
    expect((await p.vnm.officer.get('/v1/states/AUT/settings')).body.preservationDays).toBeCloseTo(
      4 * SECOND,
    );
  });
});
