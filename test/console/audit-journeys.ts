import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { mlaDraft } from '../../tools/samples/drafts';
import { axeViolations, pageProblems } from './browser';
import {
  type Check,
  check,
  type Env,
  inPage,
  ready,
  type Screen,
  screenCheck,
  signedInContext,
} from './journeys';
import type { ConsoleWorld } from './world';

/*
 * The auditor's screens (/console/audit): each screen in every language (screenCheck: axe, lang and dir,
 * English and Arabic screenshots), the journey of CONSOLE.md "an auditor verifies the history and
 * downloads the export" (the bundle then checked by the engine's own offline verifier), a request the
 * auditor may not see reading "Not found", and an officer kept out in words.
 */

const SCREENS: Screen[] = [
  { name: 'audit-events', title: 'Audit: event search', token: (w) => w.vnm.auditor, path: () => '/audit' },
  {
    name: 'audit-history',
    title: "Audit: a request's history",
    token: (w) => w.vnm.auditor,
    path: (w) => `/audit/requests/${w.received}`,
  },
  {
    name: 'audit-history-requested-side',
    title: "Audit: a request's history (requested side)",
    token: (w) => w.aut.auditor,
    path: (w) => `/audit/requests/${w.received}`,
  },
  {
    name: 'audit-checkpoints',
    title: 'Audit: checkpoints',
    token: (w) => w.vnm.auditor,
    path: () => '/audit/checkpoints',
  },
  {
    name: 'audit-stats',
    title: 'Audit: statistics',
    token: (w) => w.vnm.auditor,
    path: () => '/audit/stats',
  },
  {
    name: 'audit-access-log',
    title: 'Audit: access log',
    token: (w) => w.vnm.auditor,
    path: () => '/audit/access-log',
  },
  {
    name: 'audit-refused',
    title: 'Audit as an officer (refused in words)',
    token: (w) => w.vnm.officer,
    path: () => '/audit',
  },
];

interface Created {
  id: string;
  reference: string;
  version: number;
}

/** A new VNM -> AUT request, delivered and acknowledged by Austria (so its history crosses both sides). */
async function acknowledgedRequest(w: ConsoleWorld): Promise<Created> {
  const { id, reference } = (await w.api.expect(
    201,
    'POST',
    '/v1/requests',
    w.vnm.officer,
    mlaDraft(w.aut.id, w.next()),
  )) as { id: string; reference: string };
  await w.api.act(w.vnm.officer, id, 'submit');
  await until(async () => (await w.api.status(w.aut.officer, id)) === 'RECEIVED', `${reference} delivered`);
  await w.api.act(w.aut.officer, id, 'acknowledge');
  await until(
    async () => (await w.api.status(w.vnm.officer, id)) === 'UNDER_REVIEW',
    `${reference} acknowledged`,
  );
  const { version } = (await w.api.expect(200, 'GET', `/v1/requests/${id}`, w.vnm.officer)) as {
    version: number;
  };
  return { id, reference, version };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30000;
  while (!(await condition())) {
    check(Date.now() < deadline, `${what}: not within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The latest signed checkpoint's number (creating one over any uncovered events first). */
async function latestCheckpoint(w: ConsoleWorld): Promise<number> {
  const run = (await w.api.expect(200, 'POST', '/v1/audit/checkpoints', w.vnm.auditor)) as {
    latest: { seq: number } | null;
  };
  check(run.latest, 'POST /v1/audit/checkpoints left no checkpoint');
  return run.latest.seq;
}

/** The engine's CLI beside the engine the run drives (build/src, or HARNESS_ENGINE_DIR, else dist/). */
function engineCli(): string {
  const dir = process.env.HARNESS_ENGINE_DIR ?? join(dirname(dirname(dirname(__dirname))), 'dist');
  const cli = join(dir, 'cli.js');
  check(existsSync(cli), `${cli} is missing`);
  return cli;
}

function runVerifier(file: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [engineCli(), 'verify-export', file],
      { timeout: 60000 },
      (err, _out, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr: stderr.trim() });
      },
    );
  });
}

async function saved(download: Download, dir: string): Promise<string> {
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function axeClean(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  check(violations.length === 0, `${what}: ${violations.join('; ')}`);
}

/** The text of each cell of the table rows containing `text`. */
async function rowsWith(page: Page, text: string): Promise<string[][]> {
  const rows = page.locator('tbody tr', { hasText: text });
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((c) => c.trim()));
  }
  return out;
}

export function auditChecks(env: Env): Check[] {
  const w = env.world;
  let checkpointSeq = 0;
  const detail: Screen = {
    name: 'audit-checkpoint',
    title: 'Audit: one checkpoint',
    token: (x) => x.vnm.auditor,
    path: () => `/audit/checkpoints/${checkpointSeq}`,
  };
  const detailCheck = screenCheck(env, detail);
  return [
    {
      name: 'audit: an auditor verifies the history and downloads the export (search, history, Verify, checkpoint, export checked offline, statistics, access log)',
      async run() {
        const lines: string[] = [];
        const made = await acknowledgedRequest(w);
        const received = (await w.api.expect(200, 'GET', `/v1/requests/${w.received}`, w.vnm.auditor)) as {
          reference: string;
        };
        const context = await signedInContext(env, w.vnm.auditor);
        const dir = mkdtempSync(join(tmpdir(), 'audit-downloads-'));
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await ready(page);
          await page
            .getByRole('navigation', { name: 'Main navigation' })
            .getByRole('link', { name: 'Audit' })
            .click();
          await page.getByRole('heading', { level: 1, name: 'Event search' }).waitFor();
          await ready(page);

          // A filter the auditor got wrong: the error next to the field and in the summary, nothing asked.
          await page.getByLabel('From (date and time)').fill('2026-12-02T10:00');
          await page.getByLabel('Until (date and time)').fill('2026-12-01T10:00');
          await page.getByRole('button', { name: 'Search' }).click();
          const summary = page.getByRole('alert');
          await summary.getByText('The end must be after the start').waitFor();
          await summary.getByRole('link', { name: 'The end must be after the start' }).click();
          check(
            (await inPage<string>(page, 'document.activeElement?.id ?? ""')) === 'audit-filter-to',
            'the summary link does not focus the "Until" field',
          );
          await page.getByRole('button', { name: 'Clear filters' }).click();

          // The search, by channel and counterpart, finds the world's requests and the new one.
          await page.getByLabel('Channel').selectOption({ label: 'Mutual legal assistance' });
          await page
            .getByLabel('Counterpart')
            .selectOption({ label: 'Federal Ministry of Justice of Austria (AUT-BMJ-CA)' });
          await page.getByRole('button', { name: 'Search' }).click();
          await page.waitForURL(/channel=mla/);
          await ready(page);
          await page.getByRole('link', { name: made.reference }).first().waitFor();
          await page.getByRole('link', { name: received.reference }).first().waitFor();
          const ackRows = await rowsWith(page, 'Acknowledge');
          check(
            ackRows.some((r) => r.includes(made.reference) && r.includes('Received → Under review')),
            `no "Acknowledge" row "Received → Under review" for ${made.reference}: ${JSON.stringify(ackRows)}`,
          );
          check(
            ackRows.some((r) => r.includes('Federal Ministry of Justice of Austria (AUT-BMJ-CA)')),
            'the acting authority is not named in the results',
          );
          lines.push(
            `search (channel mla, counterpart AUT) lists ${made.reference} and ${received.reference}`,
          );

          // Its history, read-only: "Verify" states the result in words.
          await page.getByRole('link', { name: made.reference }).first().click();
          await page.getByRole('heading', { level: 1, name: `History of ${made.reference}` }).waitFor();
          await ready(page);
          const buttons = (await page.locator('main button').allInnerTexts()).map((b) => b.trim());
          check(
            buttons.every((b) => ['Verify', 'Download the export bundle'].includes(b)),
            `the history offers other buttons: ${buttons.join(', ')}`,
          );
          await page.getByRole('button', { name: 'Verify', exact: true }).click();
          const result = page.locator('.audit-result');
          await result.waitFor();
          const said = (await result.innerText()).replace(/\s+/g, ' ');
          check(
            said.includes('Verified') &&
              !said.includes('Not verified') &&
              said.includes(`The hash chain of this request's ${made.version} events is intact`),
            `Verify said: ${said}`,
          );
          await axeClean(page, 'the verified history');
          await env.shots.take(page, 'audit-history-verified', 'en');
          lines.push(`Verify: "${said.slice(0, 110)}…"`);

          // A checkpoint taken from the console now covers every event of the request.
          await page
            .getByRole('navigation', { name: 'Audit screens' })
            .getByRole('link', { name: 'Checkpoints' })
            .click();
          await page.getByRole('heading', { level: 1, name: 'Checkpoints' }).waitFor();
          await ready(page);
          await page.getByRole('button', { name: 'Create a checkpoint now' }).click();
          const notice = page.locator('.notice');
          await notice.waitFor();
          const created = await notice.innerText();
          const listed = (await w.api.expect(200, 'GET', '/v1/audit/checkpoints', w.vnm.auditor)) as {
            items: { seq: number; lastEventId: string }[];
          };
          const latest = listed.items[0];
          check(latest, 'no checkpoint listed after "Create a checkpoint now"');
          check(
            new RegExp(
              `(Checkpoint no\\. ${latest.seq} created|up to no\\. ${latest.seq}), over \\d+ new events?\\.`,
            ).test(created),
            `after "Create a checkpoint now": "${created}" (latest is ${latest.seq})`,
          );
          await page.getByRole('link', { name: `No. ${latest.seq}` }).waitFor();
          checkpointSeq = latest.seq;
          await page.getByRole('button', { name: 'Verify the whole log' }).click();
          await page.locator('.audit-result').waitFor();
          const whole = (await page.locator('.audit-result').innerText()).replace(/\s+/g, ' ');
          check(/^✓ Verified The whole log is intact/.test(whole), `Verify the whole log said: ${whole}`);
          await axeClean(page, 'the checkpoints after creating one and verifying the log');
          await env.shots.take(page, 'audit-checkpoints-verified', 'en');
          lines.push(`"Create a checkpoint now": "${created}"; whole log: "${whole.slice(0, 90)}…"`);

          // Back in the history: every event under a checkpoint; the export downloaded through the button.
          await page.goBack();
          await page.getByRole('heading', { level: 1, name: `History of ${made.reference}` }).waitFor();
          await ready(page);
          const cells = await page.locator('tbody tr td:nth-child(7)').allInnerTexts();
          check(
            cells.length === made.version && cells.every((c) => /^No\. \d+$/.test(c.trim())),
            `checkpoint column after the checkpoint: ${cells.join(', ')}`,
          );
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Download the export bundle' }).click(),
          ]);
          check(
            download.suggestedFilename() === `audit-${made.reference}.json`,
            `the export is named ${download.suggestedFilename()}`,
          );
          const file = await saved(download, dir);
          const bundle = JSON.parse(readFileSync(file, 'utf8')) as {
            format: string;
            request: { id: string };
            events: unknown[];
            proofs: unknown[];
            signature: string;
          };
          check(
            bundle.format === 'cooperation-engine/audit-export' &&
              bundle.request.id === made.id &&
              bundle.events.length === made.version &&
              bundle.proofs.length === made.version &&
              bundle.signature.length > 0,
            `the downloaded file: ${JSON.stringify({ ...bundle, events: bundle.events.length, proofs: bundle.proofs.length }).slice(0, 300)}`,
          );
          await page.getByText(`Downloaded: audit-${made.reference}.json`).waitFor();
          const verified = await runVerifier(file);
          check(
            verified.code === 0 && verified.stderr.includes(': valid.'),
            `verify-export exited ${verified.code}: ${verified.stderr}`,
          );
          lines.push(
            `export ${download.suggestedFilename()}: ${bundle.events.length} events; verify-export: ${verified.stderr.split(': ').slice(1).join(': ').slice(0, 120)}`,
          );

          // Statistics: the table agrees with the API; the CSV downloads.
          await page
            .getByRole('navigation', { name: 'Audit screens' })
            .getByRole('link', { name: 'Statistics' })
            .click();
          await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
          await ready(page);
          const stats = (await w.api.expect(200, 'GET', '/v1/audit/stats', w.vnm.auditor)) as {
            rows: {
              direction: string;
              channel: string;
              counterpart: { code: string | null } | null;
              requests: number;
            }[];
          };
          const apiRow = stats.rows.find(
            (r) => r.direction === 'outgoing' && r.channel === 'mla' && r.counterpart?.code === 'AUT-BMJ-CA',
          );
          check(apiRow, `no outgoing MLA row for AUT in ${JSON.stringify(stats.rows).slice(0, 300)}`);
          const shown = (await rowsWith(page, 'Federal Ministry of Justice of Austria (AUT-BMJ-CA)')).find(
            (r) => r[0] === 'Outgoing' && r[1] === 'Mutual legal assistance',
          );
          check(shown && shown[3] === String(apiRow.requests), `the table's row: ${JSON.stringify(shown)}`);
          const [csv] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Download CSV' }).click(),
          ]);
          const csvText = readFileSync(await saved(csv, dir), 'utf8');
          check(
            csv.suggestedFilename() === 'audit-stats.csv' &&
              csvText.startsWith('direction,channel,counterpart_id,counterpart_code,requests') &&
              csvText.includes(',AUT-BMJ-CA,'),
            `the CSV ${csv.suggestedFilename()}: ${csvText.slice(0, 160)}`,
          );
          lines.push(
            `statistics: outgoing MLA to AUT-BMJ-CA, ${apiRow.requests} requests as the API says; CSV ${csv.suggestedFilename()}`,
          );

          // The access log shows the auditor's own reads: the history and the export just made.
          await page
            .getByRole('navigation', { name: 'Audit screens' })
            .getByRole('link', { name: 'Access log' })
            .click();
          await page.getByRole('heading', { level: 1, name: 'Access log' }).waitFor();
          await ready(page);
          await page.getByRole('link', { name: made.reference }).first().waitFor();
          const reads = await rowsWith(page, made.reference);
          for (const view of ['History', 'Export bundle', 'Event search results']) {
            check(
              reads.some((r) => r.includes('VNM-MPS-CA auditor') && r.includes(view)),
              `no "${view}" read of ${made.reference} by the auditor: ${JSON.stringify(reads)}`,
            );
          }
          lines.push(`access log: the auditor's history, export and search reads of ${made.reference}`);
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return lines;
        } finally {
          await context.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
    {
      name: 'audit: an officer has no Audit link, and /console/audit is refused in words',
      async run() {
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await ready(page);
          const nav = page.getByRole('navigation', { name: 'Main navigation' });
          await nav.getByRole('link', { name: 'Outgoing' }).waitFor();
          check(
            (await nav.getByRole('link', { name: 'Audit' }).count()) === 0,
            'the officer sees an Audit link',
          );
          await page.goto('/console/audit');
          await page.getByRole('heading', { level: 1, name: 'Audit: not available to you' }).waitFor();
          await page.getByText('The audit screens are for auditors only').waitFor();
          check(
            (await page.locator('main table, main form').count()) === 0,
            'the refusal shows audit content',
          );
          const api = await w.api.send('GET', '/v1/audit/events', w.vnm.officer);
          check(api.status === 403, `GET /v1/audit/events as an officer answered ${api.status}`);
          return ['no Audit link; "Audit: not available to you"; the API answers 403 as well'];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'audit: a request the auditor may not see reads "Not found", as one that does not exist',
      async run() {
        const context = await signedInContext(env, w.aut.auditor);
        try {
          const page = await context.newPage();
          const answers: string[] = [];
          for (const id of [w.draft, '00000000-0000-4000-8000-000000000000']) {
            await page.goto(`/console/audit/requests/${id}`);
            await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor({ timeout: 15000 });
            answers.push(
              String((await w.api.send('GET', `/v1/requests/${id}/history`, w.aut.auditor)).status),
            );
          }
          check(
            answers.every((s) => s === '404' || s === '403'),
            `the API answered ${answers.join(', ')}`,
          );
          return [
            `Austria's auditor: Viet Nam's draft and an unknown id both read "Not found" (API ${answers.join(', ')})`,
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      // The engine's log cannot be broken from outside (append-only tables), so its answer to a broken
      // chain and a broken log, in the API's own shapes and words, is played to the page instead.
      name: "audit: a broken chain and a broken log are stated in words (the engine's failure answers replayed)",
      async run() {
        const context = await signedInContext(env, w.vnm.auditor);
        try {
          const page = await context.newPage();
          await page.route('**/v1/audit/verify?requestId=*', (route) =>
            route.fulfill({
              json: {
                requestId: w.received,
                valid: false,
                events: 3,
                brokenAt: { seq: 2, eventId: '2', reason: 'hash does not match the event content' },
              },
            }),
          );
          const lines: string[] = [];
          for (const [lang, button] of [
            ['en', 'Verify'],
            ['ar', 'تحقَّق'],
          ] as const) {
            await page.goto(`/console/audit/requests/${w.received}?lang=${lang}`);
            await page.locator('h1').waitFor();
            await ready(page);
            await page.getByRole('button', { name: button, exact: true }).click();
            await page.locator('.audit-result-broken').waitFor();
            const said = (await page.locator('.audit-result').innerText()).replace(/\s+/g, ' ');
            if (lang === 'en') {
              check(
                said.includes('Not verified: the history has been altered or is incomplete') &&
                  said.includes(
                    'The chain breaks at event 2 (id 2). Reason given by the engine: hash does not match the event content',
                  ) &&
                  !said.includes('✓'),
                `a broken chain reads: ${said}`,
              );
              lines.push(`broken chain: "${said}"`);
            } else {
              check(said.includes('لم يتم التحقق'), `a broken chain in Arabic reads: ${said}`);
            }
            await axeClean(page, `the broken chain (${lang})`);
            await env.shots.take(page, 'audit-history-broken', lang);
          }
          await page.route('**/v1/audit/verify', (route) =>
            route.fulfill({
              json: {
                valid: false,
                events: 11,
                requests: 4,
                checkpoints: 1,
                uncheckpointedEvents: 0,
                problems: 1,
                keyId: 'e48a1ec58d70a73f766ec30878c611592253e4de257a7f5d6cc52e98f3a3dac8',
                brokenAt: {
                  eventId: '5',
                  requestId: null,
                  seq: 2,
                  checkpointSeq: null,
                  reason: 'prevHash does not match the previous event',
                },
              },
            }),
          );
          await page.goto('/console/audit/checkpoints?lang=en');
          await ready(page);
          await page.getByRole('button', { name: 'Verify the whole log' }).click();
          await page.locator('.audit-result-broken').waitFor();
          const whole = (await page.locator('.audit-result').innerText()).replace(/\s+/g, ' ');
          check(
            whole.includes('Not verified') &&
              whole.includes('1 problem found.') &&
              whole.includes(
                'The first one: event 2. Reason given by the engine: prevHash does not match the previous event',
              ),
            `a broken log reads: ${whole}`,
          );
          await axeClean(page, 'the broken log');
          lines.push(`broken log: "${whole}"`);
          return lines;
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'audit: keyboard only: from the audit screens to a history, "Verify" with Tab and Enter',
      async run() {
        const context = await signedInContext(env, w.vnm.auditor);
        try {
          const page = await context.newPage();
          await page.goto('/console/audit');
          await page.getByRole('heading', { level: 1, name: 'Event search' }).waitFor();
          await ready(page);
          const tabTo = async (what: string, matches: string): Promise<number> => {
            for (let presses = 1; presses <= 80; presses++) {
              await page.keyboard.press('Tab');
              if (await inPage<boolean>(page, matches)) {
                return presses;
              }
            }
            throw new Error(`${what} not reached with Tab`);
          };
          await page.locator('tbody a').first().waitFor();
          const toLink = await tabTo(
            'the first request link of the results',
            "document.activeElement?.matches('tbody a') === true",
          );
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: /^History of / }).waitFor();
          await ready(page);
          const toVerify = await tabTo(
            '"Verify"',
            "document.activeElement?.textContent?.trim() === 'Verify'",
          );
          await page.keyboard.press('Enter');
          await page.locator('.audit-result-ok').waitFor();
          return [
            `Tab ×${toLink} to a result's request, Enter; Tab ×${toVerify} to "Verify", Enter: verified`,
          ];
        } finally {
          await context.close();
        }
      },
    },
    ...SCREENS.map((s) => screenCheck(env, s)),
    {
      name: detailCheck.name,
      async run() {
        checkpointSeq = checkpointSeq || (await latestCheckpoint(w));
        return detailCheck.run();
      },
    },
  ];
}
