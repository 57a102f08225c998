import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  confiscationDraft,
  contactDraft,
  extraditionDraft,
  mlaDraft,
  mlaStoredDataDraft,
  preservationDraft,
  realTimeCollectionDraft,
  transferDraft,
} from '../../tools/samples/drafts';
import type { Authority } from '../../tools/harness/federation';
import { pageProblems } from './browser';
import {
  type Check,
  check,
  type Env,
  Failed,
  inPage,
  offenceThenDetails,
  ready,
  saveAndContinue,
  type Screen,
  screenCheck,
  signedInContext,
  stepShown,
} from './journeys';

/*
 * The new-request wizard (/console/new): each step's screen in every language, then the journeys of an officer
 * drafting requests through it: an MLA request through every step with a document (the SHA-256 the browser
 * computed equals the engine's), submitted and RECEIVED by Austria; a completeness error from the engine shown
 * in the summary and next to its field; a draft resumed from its URL; a preservation (to the 24/7 point) and an
 * extradition request; and one journey with the keyboard only.
 */

interface Fixtures {
  /** Austria's 24/7 point of contact (preservation, UNCC art. 41). */
  contact: Authority;
  /** VNM drafts made through the API, complete: one per channel. */
  mla: string;
  preservation: string;
  extradition: string;
  /** A 24/7 ticket (UNCC art. 41) to Austria's point of contact, with an emergency's risk stated. */
  contact247: string;
  /** An MLA request for stored data (art. 44): its item's dates, system and measures. */
  storedData: string;
  realTime: string;
  transfer: string;
  confiscation: string;
}

let fixtures: Promise<Fixtures> | null = null;

/** Made once, whichever check asks first (the checks may run alone with --only). */
function setUp(env: Env): Promise<Fixtures> {
  const w = env.world;
  fixtures ??= (async () => {
    const contact = await w.aut247();
    await w.api.expect(200, 'PUT', '/v1/states/AUT/settings', w.adminToken, {
      preservationDays: 90,
      provisionalArrestDays: 40,
    });
    const draft = async (body: Record<string, unknown>) =>
      ((await w.api.expect(201, 'POST', '/v1/requests', w.vnm.officer, body)) as { id: string }).id;
    const mla = await draft(mlaDraft(w.aut.id, w.next()));
    // A document on the MLA draft, for the documents screen (multipart, as the console sends it).
    const form = new FormData();
    form.append('kind', 'warrant');
    form.append(
      'file',
      new Blob(['Arrest warrant HN-2026-1\n'], { type: 'text/plain' }),
      'warrant-HN-2026-1.txt',
    );
    const res = await fetch(`${w.url}/v1/requests/${mla}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${w.vnm.officer}` },
      body: form,
    });
    check(res.status === 201, `the document upload answered ${res.status}`);
    return {
      contact,
      mla,
      preservation: await draft(preservationDraft(contact.id, w.next())),
      extradition: await draft(extraditionDraft(w.aut.id, w.next())),
      contact247: await draft({
        ...contactDraft(contact.id, w.next()),
        urgency: 'emergency',
        details: {
          assistanceTypes: ['emergency-data', 'suspect-location'],
          emergencyRisk: 'A patient on life support depends on the encrypted hospital systems',
          callback: '+84 24 0000 0000 (duty desk)',
        },
      }),
      storedData: await draft(mlaStoredDataDraft(w.aut.id, w.next())),
      realTime: await draft(realTimeCollectionDraft(w.aut.id, w.next())),
      transfer: await draft(transferDraft(w.aut.id, w.next())),
      confiscation: await draft(confiscationDraft(w.aut.id, w.next())),
    };
  })();
  return fixtures;
}

/** A screen of a draft made in setUp: the draft exists before the screen check reads its path. */
function draftScreen(env: Env, name: string, title: string, path: (f: Fixtures) => string): Check {
  let f: Fixtures | null = null;
  const screen: Screen = {
    name,
    title,
    token: (w) => w.vnm.officer,
    path: () => (f ? path(f) : '/new'),
  };
  const inner = screenCheck(env, screen);
  return {
    name: inner.name,
    async run() {
      f = await setUp(env);
      return inner.run();
    },
  };
}

async function chooseChannel(page: Page, label: string): Promise<void> {
  await page.goto('/console/new');
  await ready(page);
  await page.locator('#f-channel').getByText(label, { exact: true }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Requested State and authority' }).waitFor();
  await ready(page);
}

async function untilReceived(env: Env, id: string): Promise<void> {
  const until = Date.now() + 30000;
  while ((await env.world.api.status(env.world.aut.officer, id)) !== 'RECEIVED') {
    check(Date.now() < until, `request ${id} was not RECEIVED by AUT within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Submit from "check your answers"; the case page follows, its <h1> "<reference> — <status>": the sent status,
 * or already the counterpart's RECEIVED when delivery was quicker than the page.
 */
async function submit(
  page: Page,
  id: string,
  statuses: string[],
  button = 'Submit request',
): Promise<string> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const refused = page.locator('.error-summary');
  await Promise.race([
    page.waitForURL(new RegExp(`/console/requests/${id}$`), { timeout: 15000 }),
    refused.waitFor({ timeout: 15000 }),
  ]);
  if (await refused.isVisible()) {
    throw new Failed(`submission refused: ${await refused.textContent()}`);
  }
  const h1 = page.locator('h1', { hasText: new RegExp(` — (${statuses.join('|')})$`) });
  await h1.waitFor({ timeout: 15000 });
  return (await h1.textContent()) ?? '';
}

export function wizardChecks(env: Env): Check[] {
  const w = env.world;
  return [
    screenCheck(env, {
      name: 'wizard-channel',
      title: 'New request wizard: channel',
      token: (x) => x.vnm.officer,
      path: () => '/new',
    }),
    draftScreen(
      env,
      'wizard-authority',
      'New request wizard: requested State and authority (preservation to the 24/7 point)',
      (f) => `/new/${f.preservation}/authority`,
    ),
    draftScreen(env, 'wizard-case', 'New request wizard: the case', (f) => `/new/${f.mla}/case`),
    draftScreen(
      env,
      'wizard-assistance',
      'New request wizard: assistance sought',
      (f) => `/new/${f.mla}/assistance`,
    ),
    draftScreen(env, 'wizard-details-mla', 'New request wizard: MLA details', (f) => `/new/${f.mla}/details`),
    draftScreen(
      env,
      'wizard-details-extradition',
      'New request wizard: extradition details',
      (f) => `/new/${f.extradition}/details`,
    ),
    draftScreen(
      env,
      'wizard-details-contact-24-7',
      'New request wizard: 24/7 ticket details',
      (f) => `/new/${f.contact247}/details`,
    ),
    // The channels' details steps: each renders its schema, dates, lists and nested objects with the draft's values.
    ...(
      [
        ['stored-data', 'MLA details for stored data (art. 44)', 'storedData'],
        ['real-time-collection', 'real-time collection details', 'realTime'],
        ['transfer', 'transfer details', 'transfer'],
        ['confiscation', 'confiscation details', 'confiscation'],
      ] as const
    ).map(([name, title, key]) =>
      draftScreen(
        env,
        `wizard-details-${name}`,
        `New request wizard: ${title}`,
        (f) => `/new/${f[key]}/details`,
      ),
    ),
    draftScreen(
      env,
      'wizard-check-stored-data',
      'New request wizard: check your answers (MLA for stored data)',
      (f) => `/new/${f.storedData}/check`,
    ),
    draftScreen(env, 'wizard-documents', 'New request wizard: documents', (f) => `/new/${f.mla}/documents`),
    draftScreen(env, 'wizard-check', 'New request wizard: check your answers', (f) => `/new/${f.mla}/check`),
    {
      name: 'wizard: an MLA request through every step with a document (SHA-256 checked), submitted, RECEIVED by AUT',
      async run() {
        await setUp(env);
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await chooseChannel(page, 'Mutual legal assistance');
          // The directory: the State, its authority, the languages it accepts and the State's periods.
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          const facts = page.locator('.directory-facts');
          await facts.getByText('German and English', { exact: true }).waitFor();
          await facts.getByText('90 days').waitFor();
          await facts.getByText('Federal Criminal Police Office of Austria (24/7) (AUT-BK-247)').waitFor();
          await page.locator('#f-language').getByText('English', { exact: true }).click();
          await saveAndContinue(page);
          const id = await stepShown(page, 'case');

          await page
            .getByLabel('Subject and nature of the proceedings')
            .fill('Ransomware attack on a clinic');
          await page.locator('#f-proceedingType').getByText('Investigation', { exact: true }).click();
          await page.getByLabel('Summary of the relevant facts').fill('The clinic network was encrypted.');
          await page.getByRole('button', { name: 'Add offence' }).click();
          await page.getByLabel('Provision of law').fill('Penal Code art. 287');
          await page.getByLabel('Description', { exact: true }).fill('Interference with a computer system');
          await saveAndContinue(page);
          await stepShown(page, 'assistance');
          await page.getByLabel('Assistance sought').fill('Subscriber information of the mailbox.');
          await page.getByLabel('Purpose of the request').fill('Identify the operators.');
          await saveAndContinue(page);
          await stepShown(page, 'details');
          await page
            .locator('#f-details-assistanceTypes')
            .getByText('Subscriber information', { exact: true })
            .click();
          await page.getByRole('button', { name: 'Add item' }).click();
          await page.getByLabel('What it is').fill('email-account');
          await page.getByLabel('Identifier', { exact: true }).fill('ops@example.at');
          await saveAndContinue(page);
          await stepShown(page, 'documents');

          const content = Buffer.from(`Arrest warrant HN-2026-${w.next()}\n`, 'utf8');
          const expected = createHash('sha256').update(content).digest('hex');
          await page.locator('input[type="file"]').setInputFiles({
            name: 'warrant.txt',
            mimeType: 'text/plain',
            buffer: content,
          });
          await page.getByText('Chosen: warrant.txt').waitFor();
          await page.getByLabel('Kind', { exact: true }).selectOption('warrant');
          await page.getByRole('button', { name: 'Upload' }).click();
          await page.getByText('Matches', { exact: true }).waitFor({ timeout: 15000 });
          const server = await page.locator('code[data-sha256="server"]').first().textContent();
          const browser = await page.locator('code[data-sha256="browser"]').first().textContent();
          check(
            server === expected && browser === expected,
            `SHA-256: engine ${server}, browser ${browser}, file ${expected}`,
          );
          await page.getByRole('button', { name: 'Continue' }).click();
          await stepShown(page, 'check');
          await page.getByText('Ransomware attack on a clinic').waitFor();
          await page.getByText('warrant.txt').waitFor();
          check(
            (await page.getByRole('link', { name: /^Change/ }).count()) >= 10,
            'fewer than 10 "Change" links',
          );
          const h1 = await submit(page, id, ['Submitted', 'Received']);
          await untilReceived(env, id);
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return [
            `"${h1}"; SHA-256 ${expected.slice(0, 16)}… equal in the file, the browser and the engine; AUT: RECEIVED`,
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'wizard: a completeness error (no purpose) in the summary and next to its field; its link leads to the field',
      async run() {
        const body = mlaDraft(w.aut.id, w.next());
        delete body.purpose;
        const { id } = (await w.api.expect(201, 'POST', '/v1/requests', w.vnm.officer, body)) as {
          id: string;
        };
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto(`/console/new/${id}/check`);
          await ready(page);
          await page.getByRole('button', { name: 'Submit request' }).click();
          const summary = page.locator('.error-summary');
          await summary.waitFor({ timeout: 15000 });
          const link = summary.getByRole('link', { name: /^Purpose of the request:/ });
          await link.waitFor();
          check(
            (await inPage<string>(page, "document.activeElement?.className ?? ''")).includes('error-summary'),
            'the error summary is not focused',
          );
          const raw = await page.locator('body').textContent();
          check(!(raw ?? '').includes('"field"'), 'a raw JSON dump is shown');
          await link.click();
          await page.waitForURL(new RegExp(`/new/${id}/assistance#f-purpose$`));
          // Polled (the console's CSP forbids waitForFunction's eval).
          const focused = () => inPage<string>(page, "document.activeElement?.id ?? ''");
          for (let i = 0; i < 50 && (await focused()) !== 'f-purpose'; i++) {
            await new Promise((r) => setTimeout(r, 100));
          }
          check((await focused()) === 'f-purpose', 'the purpose field is not focused');
          const field = page.getByLabel('Purpose of the request');
          check(
            (await field.getAttribute('aria-invalid')) === 'true',
            'the purpose field is not marked invalid',
          );
          const next = await page.locator('.field', { has: page.locator('#f-purpose') }).textContent();
          check((next ?? '').includes('is required before submission'), `next to the field: ${next}`);
          await field.fill('Identify the operators of the mailbox.');
          await saveAndContinue(page);
          await stepShown(page, 'details');
          await page.goto(`/console/new/${id}/check`);
          await ready(page);
          await submit(page, id, ['Submitted', 'Received']);
          return [
            'summary "Purpose of the request: is required before submission" → /assistance#f-purpose, focused; corrected and submitted',
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'wizard: a draft left after step 3 and resumed from its URL keeps its answers ("Continue in the wizard")',
      async run() {
        const first = await signedInContext(env, w.vnm.officer);
        let id: string;
        const subject = `Fraud through a cloned banking site (${w.next()})`;
        try {
          const page = await first.newPage();
          await chooseChannel(page, 'Mutual legal assistance');
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          await saveAndContinue(page);
          id = await stepShown(page, 'case');
          await page.getByLabel('Subject and nature of the proceedings').fill(subject);
          await page.locator('#f-proceedingType').getByText('Prosecution', { exact: true }).click();
          await saveAndContinue(page);
          await stepShown(page, 'assistance');
        } finally {
          await first.close();
        }
        const second = await signedInContext(env, w.vnm.officer);
        try {
          const page = await second.newPage();
          await page.goto(`/console/new/${id}/case`);
          await ready(page);
          const value = await page.getByLabel('Subject and nature of the proceedings').inputValue();
          check(value === subject, `resumed subject: ${value}`);
          check(
            await page.getByRole('radio', { name: 'Prosecution' }).isChecked(),
            'the kind of proceedings was lost',
          );
          // From the case page of the draft (where "Drafts" leads): "Continue in the wizard".
          await page.goto(`/console/requests/${id}`);
          await ready(page);
          await page.getByRole('link', { name: 'Continue in the wizard' }).click();
          await stepShown(page, 'check');
          await page.getByText(subject).waitFor();
          return [`resumed /console/new/${id}/case with its subject and kind of proceedings`];
        } finally {
          await second.close();
        }
      },
    },
    {
      name: 'wizard: an urgent preservation to the 24/7 point and an extradition request, each submitted',
      async run() {
        const f = await setUp(env);
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          // Preservation: urgent, so the wizard points to the State's 24/7 contact, which takes it.
          await chooseChannel(page, 'Expedited preservation');
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          await page.locator('#f-urgency').getByText('Urgent', { exact: true }).click();
          await page.getByRole('button', { name: /^Address Federal Criminal Police Office/ }).click();
          check(
            await page.getByRole('radio', { name: /AUT-BK-247/ }).isChecked(),
            'the 24/7 point was not chosen',
          );
          await page.locator('#f-language').getByText('English', { exact: true }).click();
          await saveAndContinue(page);
          const pid = await stepShown(page, 'case');
          await page.locator('#f-factsSummary').fill('The ransom note named a mailbox hosted in Austria.');
          await offenceThenDetails(page);
          await page
            .locator('#f-details-dataToPreserve')
            .fill('Access logs of ops@example.at, 1-20 November');
          await page.locator('#f-details-relationToOffence').fill('The mailbox negotiated the ransom');
          await page.locator('#f-details-custodian').fill('Example Mail GmbH');
          await page.locator('#f-details-necessity').fill('The provider deletes logs after 90 days');
          await page
            .getByText('We intend to submit a mutual legal assistance request for the data', { exact: true })
            .click();
          await saveAndContinue(page);
          await stepShown(page, 'documents');
          await page.getByRole('button', { name: 'Continue' }).click();
          await stepShown(page, 'check');
          const preservation = await submit(page, pid, ['Sent', 'Received']);
          const pStatus = await w.api.status(w.vnm.officer, pid);
          const routed = (await w.api.expect(200, 'GET', `/v1/requests/${pid}`, w.vnm.officer)) as {
            requestedAuthority: { id: string };
            urgency: string;
          };
          check(
            routed.requestedAuthority.id === f.contact.id && routed.urgency === 'urgent',
            `preservation went to ${routed.requestedAuthority.id} (${routed.urgency})`,
          );

          // Extradition: the person sought, the offence with both States' provisions, the warrant.
          await chooseChannel(page, 'Extradition');
          await page.getByLabel('Requested State').selectOption('AUT');
          await page.getByText('Federal Ministry of Justice of Austria (AUT-BMJ-CA)').click();
          await page.locator('#f-language').getByText('English', { exact: true }).click();
          await saveAndContinue(page);
          const eid = await stepShown(page, 'case');
          await page.locator('#f-factsSummary').fill('The person sought ran the ransomware servers.');
          await saveAndContinue(page);
          await stepShown(page, 'assistance');
          await saveAndContinue(page);
          await stepShown(page, 'details');
          await page.locator('#f-details-personSought-name').fill('Person sought');
          await page.locator('#f-details-personSought-probableLocation').fill('Vienna');
          await page.getByRole('button', { name: 'Add offence' }).click();
          await page.locator('#f-details-offences-0-description').fill('Interference with a computer system');
          await page
            .locator('#f-details-offences-0-requestingStateProvision')
            .fill('Penal Code (VNM) art. 287');
          await page.locator('#f-details-offences-0-requestedStateProvision').fill('StGB (AUT) § 126b');
          await page.locator('#f-details-offences-0-maxPenaltyMonthsRequesting').fill('84');
          await page.locator('#f-details-offences-0-maxPenaltyMonthsRequested').fill('24');
          await page.getByText('The conduct is an offence in both States', { exact: true }).click();
          await page.locator('#f-details-warrant-kind').getByText('Arrest warrant', { exact: true }).click();
          await page.locator('#f-details-warrant-reference').fill('HN-2026-77');
          await page.locator('#f-details-warrant-date').fill('2026-10-01');
          await saveAndContinue(page);
          await stepShown(page, 'documents');
          await page.getByRole('button', { name: 'Continue' }).click();
          await stepShown(page, 'check');
          await page.getByText('HN-2026-77', { exact: false }).first().waitFor();
          const extradition = await submit(page, eid, ['Formal request submitted'], 'Submit formal request');
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return [
            `preservation: "${preservation}" (${pStatus}), to the 24/7 point, urgent`,
            `extradition: "${extradition}"`,
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'wizard: keyboard only, from "New request" to submission',
      async run() {
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await ready(page);
          let presses = 0;
          const tabTo = async (what: string, matches: string): Promise<void> => {
            for (let i = 1; i <= 80; i++) {
              await page.keyboard.press('Tab');
              presses++;
              if (await inPage<boolean>(page, matches)) {
                return;
              }
            }
            throw new Failed(`${what} not reached with Tab`);
          };
          const onButton = (name: string) =>
            `document.activeElement?.textContent?.trim() === ${JSON.stringify(name)}`;
          const onId = (id: string) => `document.activeElement?.id === ${JSON.stringify(id)}`;
          const inGroup = (id: string) =>
            `document.activeElement?.closest('#${id}') !== null && document.activeElement?.tagName === 'INPUT'`;
          const typeInto = async (id: string, text: string) => {
            await tabTo(id, onId(id));
            await page.keyboard.type(text);
          };

          await tabTo('the "New request" link', onButton('New request'));
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: 'Kind of request' }).waitFor();
          await ready(page);
          await tabTo('the channel choices', inGroup('f-channel'));
          for (
            let i = 0;
            i < 5 && !(await inPage<boolean>(page, "document.activeElement?.value === 'mla'"));
            i++
          ) {
            await page.keyboard.press('ArrowDown');
          }
          await page.keyboard.press('Space');
          await tabTo('"Continue"', onButton('Continue'));
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: 'Requested State and authority' }).waitFor();
          await ready(page);

          await tabTo('the State', onId('f-requestedState'));
          await page.keyboard.type('AUT');
          await page.getByLabel('Requested authority').waitFor();
          await tabTo('the authority', inGroup('f-requestedAuthorityId'));
          await page.keyboard.press('Space');
          await tabTo('the language', inGroup('f-language'));
          await page.keyboard.press('Space');
          await tabTo('"Save and continue"', onButton('Save and continue'));
          await page.keyboard.press('Enter');
          const id = await stepShown(page, 'case');

          await typeInto('f-subject', 'Ransomware attack on a water utility');
          await tabTo('the kind of proceedings', inGroup('f-proceedingType'));
          await page.keyboard.press('Space');
          await typeInto('f-factsSummary', 'The utility network was encrypted.');
          await tabTo('"Add offence"', onButton('Add offence'));
          await page.keyboard.press('Enter');
          await typeInto('f-offences-0-provision', 'Penal Code art. 287');
          await typeInto('f-offences-0-description', 'Interference with a computer system');
          await tabTo('"Save and continue"', onButton('Save and continue'));
          await page.keyboard.press('Enter');
          await stepShown(page, 'assistance');

          await typeInto('f-assistanceSought', 'Subscriber information of the mailbox.');
          await typeInto('f-purpose', 'Identify the operators.');
          await tabTo('"Save and continue"', onButton('Save and continue'));
          await page.keyboard.press('Enter');
          await stepShown(page, 'details');

          await tabTo('the kinds of assistance', inGroup('f-details-assistanceTypes'));
          await page.keyboard.press('Space');
          await tabTo('"Save and continue"', onButton('Save and continue'));
          await page.keyboard.press('Enter');
          await stepShown(page, 'documents');
          await tabTo('"Continue"', onButton('Continue'));
          await page.keyboard.press('Enter');
          await stepShown(page, 'check');

          await tabTo('"Submit request"', onButton('Submit request'));
          await page.keyboard.press('Enter');
          await page.waitForURL(new RegExp(`/console/requests/${id}$`), { timeout: 15000 });
          await page.locator('h1', { hasText: / — (Submitted|Received)$/ }).waitFor({ timeout: 15000 });
          await untilReceived(env, id);
          return [`submitted with the keyboard only (${presses} Tab presses); AUT: RECEIVED`];
        } finally {
          await context.close();
        }
      },
    },
  ];
}
