import { spontaneousDraft } from '../../tools/samples/drafts';
import { pageProblems } from './browser';
import {
  type Check,
  check,
  type Env,
  Failed,
  fixtureScreens,
  ready,
  saveAndContinue,
  signedInContext,
  stepShown,
} from './journeys';

/*
 * Spontaneous information (UNCC arts 40, 51) in the console: the wizard's details step of an offer and an
 * offer's case page on the receiving side, each in every language; then an officer of Viet Nam makes an offer
 * through the wizard (what the information is, why it helps, a condition set before sending) and offers it,
 * and Austria's central authority sees it OFFERED.
 */

interface Fixtures {
  /** A complete VNM offer to AUT, still a draft (made through the API). */
  draft: string;
  /** A VNM offer to AUT, offered and delivered: in AUT's inbox, OFFERED. */
  offered: string;
}

let fixtures: Promise<Fixtures> | null = null;

/** Polls until the receiving authority sees the request in this status (it is delivered by a job). */
async function untilSeenBy(env: Env, token: string, id: string, status: string): Promise<void> {
  const until = Date.now() + 30000;
  while ((await env.world.api.status(token, id)) !== status) {
    check(Date.now() < until, `request ${id} was not ${status} for AUT within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Made once, whichever check asks first (the checks may run alone with --only). */
function setUp(env: Env): Promise<Fixtures> {
  const w = env.world;
  fixtures ??= (async () => {
    const draft = async () =>
      (
        (await w.api.expect(
          201,
          'POST',
          '/v1/requests',
          w.vnm.officer,
          spontaneousDraft(w.aut.id, w.next()),
        )) as {
          id: string;
        }
      ).id;
    const offered = await draft();
    await w.api.act(w.vnm.officer, offered, 'offer');
    await untilSeenBy(env, w.aut.officer, offered, 'OFFERED');
    return { draft: await draft(), offered };
  })();
  return fixtures;
}

export function spontaneousChecks(env: Env): Check[] {
  const w = env.world;
  const fixtureScreen = fixtureScreens(env, () => setUp(env));
  return [
    fixtureScreen(
      {
        name: 'wizard-details-spontaneous',
        title: 'New request wizard: spontaneous information details',
        token: (x) => x.vnm.officer,
      },
      (f) => `/new/${f.draft}/details`,
    ),
    fixtureScreen(
      {
        name: 'request-spontaneous-offered',
        title: 'Case page of a spontaneous information offer (receiving side, OFFERED)',
        token: (x) => x.aut.officer,
      },
      (f) => `/requests/${f.offered}`,
    ),
    {
      name: 'wizard: spontaneous information made and offered through the wizard, OFFERED for AUT',
      async run() {
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto('/console/new');
          await ready(page);
          const choices = page.locator('#f-channel');
          await choices
            .getByText(
              'Information offered without a prior request, on conditions set before sending, that may help',
              { exact: false },
            )
            .waitFor();
          await choices.getByText('Spontaneous information', { exact: true }).click();
          await page.getByRole('button', { name: 'Continue' }).click();
          await page.getByRole('heading', { level: 1, name: 'Requested State and authority' }).waitFor();
          await ready(page);
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          await page.locator('#f-language').getByText('English', { exact: true }).click();
          await saveAndContinue(page);
          const id = await stepShown(page, 'case');

          const subject = `Ransomware group targeting clinics (${w.next()})`;
          await page.getByLabel('Subject and nature of the proceedings').fill(subject);
          await page
            .locator('#f-factsSummary')
            .fill('Servers seized in Viet Nam held chat logs naming targets.');
          await saveAndContinue(page);
          await stepShown(page, 'assistance');
          await saveAndContinue(page);
          await stepShown(page, 'details');
          await page
            .locator('#f-details-kind')
            .getByText('Information on a criminal matter (art. 40)', { exact: true })
            .click();
          await page
            .getByLabel('What the information is (without its content)')
            .fill('Chat logs in which the group plans an attack on a clinic in Austria');
          await page
            .locator('#f-details-usefulFor')
            .getByText('Start an investigation or proceedings', { exact: true })
            .click();
          await page.getByRole('button', { name: 'Add condition' }).click();
          const condition = page.locator('#f-details-conditions-0-type');
          if ((await condition.evaluate((e) => e.tagName)) === 'SELECT') {
            await condition.selectOption('CONFIDENTIALITY');
          } else {
            await condition.getByText('Confidentiality', { exact: true }).click();
          }
          await page.getByLabel('Text of the condition').fill('Do not reveal the source or the seizure');
          await saveAndContinue(page);
          await stepShown(page, 'documents');
          await page.getByRole('button', { name: 'Continue' }).click();
          await stepShown(page, 'check');
          await page.getByText('Do not reveal the source or the seizure').waitFor();

          await page.getByRole('button', { name: 'Submit request', exact: true }).click();
          const refused = page.locator('.error-summary');
          await Promise.race([
            page.waitForURL(new RegExp(`/console/requests/${id}$`), { timeout: 15000 }),
            refused.waitFor({ timeout: 15000 }),
          ]);
          if (await refused.isVisible()) {
            throw new Failed(`the offer was refused: ${await refused.textContent()}`);
          }
          const h1 = page.locator('h1', { hasText: / — Offered$/ });
          await h1.waitFor({ timeout: 15000 });
          await untilSeenBy(env, w.aut.officer, id, 'OFFERED');
          const sent = (await w.api.expect(200, 'GET', `/v1/requests/${id}`, w.aut.officer)) as {
            channel: string;
            details: { conditions?: { type: string; text: string }[] };
          };
          check(
            sent.channel === 'spontaneous' &&
              sent.details.conditions?.[0]?.type === 'CONFIDENTIALITY' &&
              sent.details.conditions[0].text === 'Do not reveal the source or the seizure',
            `AUT sees ${JSON.stringify(sent.details)}`,
          );
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return [`"${await h1.textContent()}"; AUT: OFFERED, with the confidentiality condition`];
        } finally {
          await context.close();
        }
      },
    },
  ];
}
