import type { Page } from 'playwright-core';
import { type Authority, seedAuthority } from '../../tools/harness/federation';
import { jointInvestigationDraft } from '../../tools/samples/drafts';
import { axeViolations, pageProblems } from './browser';
import {
  type Check,
  check,
  type Env,
  Failed,
  fixtureScreens,
  offenceThenDetails,
  ready,
  saveAndContinue,
  signedInContext,
  stepShown,
} from './journeys';

/*
 * A joint investigation team (UNCC art. 48) in the console, the first request with more than two parties: the
 * wizard's authority step with a further party and its details step (terms, members of the parties), a
 * team's case page once every party signed, each in every language; then an officer of Viet Nam proposes a
 * team to Austria and Nigeria through the wizard (adding Nigeria as a further party), each invited State's
 * approver joins and signs in its own browser session, Viet Nam's approver signs: AGREEMENT_SIGNED.
 */

interface Fixtures {
  /** The further party: Nigeria's central authority (seeded on first use). */
  nga: Authority;
  /** A complete VNM team proposal to AUT and NGA, still a draft (made through the API). */
  draft: string;
  /** Another, proposed, joined and signed by every party through the API: AGREEMENT_SIGNED. */
  signed: string;
}

let fixtures: Promise<Fixtures> | null = null;
let nigeria: Promise<Authority> | null = null;

function furtherParty(env: Env): Promise<Authority> {
  nigeria ??= seedAuthority(env.world.api, {
    code: 'NGA-FMJ-CA',
    name: 'Federal Ministry of Justice of Nigeria',
    country: 'NGA',
    kind: 'central',
    languages: ['en'],
  });
  return nigeria;
}

/** Polls until `token`'s authority sees the request (the proposal reaches each party by a delivery job). */
async function untilSeen(env: Env, token: string, id: string): Promise<string> {
  const until = Date.now() + 30000;
  for (;;) {
    const status = await env.world.api.status(token, id);
    if (status !== undefined) {
      return status;
    }
    check(Date.now() < until, `request ${id} did not reach an invited party within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function setUp(env: Env): Promise<Fixtures> {
  const w = env.world;
  fixtures ??= (async () => {
    const nga = await furtherParty(env);
    const draft = async () =>
      (
        (await w.api.expect(
          201,
          'POST',
          '/v1/requests',
          w.vnm.officer,
          jointInvestigationDraft(w.aut.id, [nga.id], w.vnm.id, w.next()),
        )) as { id: string }
      ).id;
    const signed = await draft();
    await w.api.act(w.vnm.officer, signed, 'propose');
    for (const party of [w.aut, nga]) {
      await untilSeen(env, party.approver, signed);
      await w.api.act(party.approver, signed, 'join-negotiation');
      await w.api.act(party.approver, signed, 'sign-agreement', { termsVersion: 1, signatory: party.code });
    }
    await w.api.act(w.vnm.approver, signed, 'sign-agreement', { termsVersion: 1 });
    return { nga, draft: await draft(), signed };
  })();
  return fixtures;
}

/** As `token`, in a browser of its own: the case page, the action's dialog, "Confirm", until `status` shows. */
async function actOnCase(
  env: Env,
  token: string,
  id: string,
  title: string,
  status: string,
  fill: (page: Page) => Promise<void> = () => Promise.resolve(),
): Promise<string> {
  const context = await signedInContext(env, token);
  try {
    const page = await context.newPage();
    await page.goto(`/console/requests/${id}`);
    await ready(page);
    await page.getByRole('button', { name: title, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await fill(page);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15000 });
    const h1 = page.locator('h1', { hasText: ` — ${status}` });
    await h1.waitFor({ timeout: 15000 });
    const problems = pageProblems(context);
    check(problems.length === 0, problems.join('; '));
    return (await h1.textContent()) ?? '';
  } finally {
    await context.close();
  }
}

/** "Sign agreement": the dialog starts with the current version of the terms (shown on the case page). */
function signs(env: Env, signatory: string, screenshot?: string) {
  return async (page: Page): Promise<void> => {
    const dialog = page.getByRole('dialog');
    const version = dialog.getByLabel('Version of the terms');
    check(
      (await version.inputValue()) === '1',
      `the terms version starts as "${await version.inputValue()}"`,
    );
    await dialog.getByLabel('Signatory (optional)').fill(signatory);
    if (screenshot) {
      const violations = await axeViolations(page);
      check(violations.length === 0, `the "Sign agreement" dialog: ${violations.join('; ')}`);
      await env.shots.take(page, screenshot, 'en');
    }
  };
}

export function jointInvestigationChecks(env: Env): Check[] {
  const w = env.world;
  const fixtureScreen = fixtureScreens(env, () => setUp(env));
  return [
    ...(
      [
        [
          'wizard-authority-joint-investigation',
          'New request wizard: a joint investigation team, requested State and further parties',
          (f: Fixtures) => `/new/${f.draft}/authority`,
        ],
        [
          'wizard-details-joint-investigation',
          'New request wizard: joint investigation team details (terms, members of the parties)',
          (f: Fixtures) => `/new/${f.draft}/details`,
        ],
      ] as const
    ).map(([name, title, path]) => fixtureScreen({ name, title, token: (x) => x.vnm.officer }, path)),
    fixtureScreen(
      {
        name: 'request-joint-investigation-signed',
        title: 'Case page of a joint investigation team signed by its three parties (further party)',
        token: (x) => x.aut.officer,
      },
      (f) => `/requests/${f.signed}`,
    ),
    {
      name: 'wizard: a joint investigation team proposed to two States, joined and signed by each party in its own session, AGREEMENT_SIGNED',
      async run() {
        const nga = await furtherParty(env);
        const context = await signedInContext(env, w.vnm.officer);
        let id: string;
        const lines: string[] = [];
        try {
          const page = await context.newPage();
          await page.goto('/console/new');
          await ready(page);
          await page.locator('#f-channel').getByText('Joint investigation team', { exact: true }).click();
          await page.getByRole('button', { name: 'Continue' }).click();
          await page.getByRole('heading', { level: 1, name: 'Requested State and authority' }).waitFor();
          await ready(page);
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          // The further party: neither Viet Nam's own authority nor the requested one is offered (their
          // States only if another of their authorities may be a party).
          const state = page.getByLabel('State of the further party');
          for (const country of await state.locator('option').allTextContents()) {
            if (country === 'VNM' || country === 'AUT') {
              await state.selectOption(country);
              const offered = await page
                .getByLabel('Authority of the further party')
                .locator('option')
                .allTextContents();
              check(
                offered.every((o) => !o.includes('VNM-MPS-CA') && !o.includes('AUT-BMJ-CA')),
                `further parties offered in ${country}: ${offered.join(', ')}`,
              );
            }
          }
          await state.selectOption('NGA');
          await page
            .getByLabel('Authority of the further party')
            .selectOption({ label: 'Federal Ministry of Justice of Nigeria (NGA-FMJ-CA)' });
          await page.getByRole('button', { name: 'Add further party' }).click();
          await page
            .locator('#f-additionalPartyIds li bdi', { hasText: 'Federal Ministry of Justice of Nigeria' })
            .waitFor();
          await page.locator('#f-language').getByText('English', { exact: true }).click();
          await saveAndContinue(page);
          id = await stepShown(page, 'case');

          await page
            .getByLabel('Subject and nature of the proceedings')
            .fill(`Botnet renting out access to hospital networks (${w.next()})`);
          await page
            .locator('#f-factsSummary')
            .fill('Command servers of one botnet are in three States; victims in all of them.');
          await offenceThenDetails(page);
          await page
            .locator('#f-details-legalBasis')
            .getByText('This Convention (art. 48)', { exact: true })
            .click();
          await page.getByLabel('Purpose of the team').fill('Identify the operators of the botnet');
          const today = new Date().toISOString().slice(0, 10);
          const end = new Date(Date.now() + 182 * 86400000).toISOString().slice(0, 10);
          await page.locator('#f-details-terms-startDate').fill(today);
          await page.locator('#f-details-terms-endDate').fill(end);
          await page.getByRole('button', { name: 'Add member' }).click();
          // A member's party is chosen among the request's three parties, by name.
          const party = page.locator('#f-details-terms-members-0-partyAuthorityId');
          const parties = await party.locator('option').allTextContents();
          check(
            parties.length === 4 && parties.some((p) => p.includes('NGA-FMJ-CA')),
            `member parties offered: ${parties.join(', ')}`,
          );
          await party.selectOption({ label: 'Federal Ministry of Justice of Nigeria (NGA-FMJ-CA)' });
          await page.locator('#f-details-terms-members-0-name').fill('Amina Bello');
          await page.locator('#f-details-terms-members-0-function').fill('Prosecutor');
          await page.locator('#f-details-terms-members-0-role').getByText('Leader', { exact: true }).click();
          await saveAndContinue(page);
          await stepShown(page, 'documents');
          await page.getByRole('button', { name: 'Continue' }).click();
          await stepShown(page, 'check');
          const further = page.locator('.check-row', { hasText: 'Further parties' });
          await further.getByText('Federal Ministry of Justice of Nigeria (NGA-FMJ-CA)').waitFor();
          check(
            await further.getByRole('link', { name: 'Change Further parties' }).isVisible(),
            'no "Change" link for the further parties',
          );
          await page.getByText('Amina Bello').waitFor();

          await page.getByRole('button', { name: 'Submit request', exact: true }).click();
          const refused = page.locator('.error-summary');
          await Promise.race([
            page.waitForURL(new RegExp(`/console/requests/${id}$`), { timeout: 15000 }),
            refused.waitFor({ timeout: 15000 }),
          ]);
          if (await refused.isVisible()) {
            throw new Failed(`the proposal was refused: ${await refused.textContent()}`);
          }
          const h1 = page.locator('h1', { hasText: / — Proposed$/ });
          await h1.waitFor({ timeout: 15000 });
          lines.push(`VNM officer: "${await h1.textContent()}"`);
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
        } finally {
          await context.close();
        }

        for (const party of [w.aut, nga]) {
          await untilSeen(env, party.approver, id);
          const joined = await actOnCase(
            env,
            party.approver,
            id,
            'Join the negotiation',
            'Under negotiation',
          );
          const shot = party === nga ? 'action-dialog-sign-agreement' : undefined;
          await actOnCase(
            env,
            party.approver,
            id,
            'Sign agreement',
            'Under negotiation',
            signs(env, `Head of ${party.code}`, shot),
          );
          lines.push(`${party.code} approver: joined ("${joined}") and signed version 1`);
        }
        const signed = await actOnCase(
          env,
          w.vnm.approver,
          id,
          'Sign agreement',
          'Agreement signed',
          signs(env, 'Head of VNM-MPS-CA'),
        );
        lines.push(`VNM approver signed: "${signed}"`);

        const seen = (await w.api.expect(200, 'GET', `/v1/requests/${id}`, nga.officer)) as {
          status: string;
          additionalParties: { id: string }[];
          caseData: { parties?: Record<string, { status: string }>; agreement?: { version: number } };
        };
        const standings = Object.values(seen.caseData.parties ?? {}).map((p) => p.status);
        check(
          seen.status === 'AGREEMENT_SIGNED' &&
            seen.additionalParties[0]?.id === nga.id &&
            standings.length === 3 &&
            standings.every((s) => s === 'signed') &&
            seen.caseData.agreement?.version === 1,
          `NGA sees ${JSON.stringify({ status: seen.status, parties: seen.caseData.parties })}`,
        );
        lines.push('NGA: AGREEMENT_SIGNED, three parties signed, agreement version 1');
        return lines;
      },
    },
  ];
}
