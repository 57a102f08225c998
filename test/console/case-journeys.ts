import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { mlaDraft } from '../../tools/samples/drafts';
import { axeViolations, pageProblems } from './browser';
import { type Check, check, type Env, ready, signedInContext } from './journeys';

/*
 * Journeys of the lists and the case page beyond the happy path: sorting by the nearest deadline, filters,
 * urgency in words, the CSV export; an action's API errors next to its field and in the error summary, then
 * corrected; a request of another authority and an unknown one both read "Not found".
 */

/** A VNM request to AUT, submitted and delivered (RECEIVED), with these fields over the sample draft. */
async function deliveredRequest(env: Env, fields: Record<string, unknown> = {}): Promise<string> {
  const { api, vnm, aut } = env.world;
  const body = { ...mlaDraft(aut.id, env.world.next()), ...fields };
  const { id } = (await api.expect(201, 'POST', '/v1/requests', vnm.officer, body)) as { id: string };
  await api.act(vnm.officer, id, 'submit');
  const until = Date.now() + 30000;
  while ((await api.status(aut.officer, id)) !== 'RECEIVED') {
    check(Date.now() < until, `request ${id} was not delivered within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return id;
}

/** Each body row's deadline (the <time datetime> of its deadline cell), or null when it has none. */
async function rowDeadlines(page: Page): Promise<(string | null)[]> {
  const rows = page.locator('tbody tr');
  const out: (string | null)[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const time = rows.nth(i).locator('td').last().locator('time');
    out.push((await time.count()) > 0 ? await time.getAttribute('datetime') : null);
  }
  return out;
}

export function caseChecks(env: Env): Check[] {
  const w = env.world;
  return [
    {
      name: 'outgoing list: nearest deadline first, filters, urgent in words, CSV of the rows shown',
      async run() {
        await deliveredRequest(env, {
          urgency: 'urgent',
          suggestedDeadline: new Date(Date.now() + 3 * 86400_000).toISOString(),
          deadlineReason: 'The provider deletes the logs at the end of the week',
        });
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto('/console/outgoing');
          await ready(page);
          const deadlines = await rowDeadlines(page);
          check(deadlines.length >= 3, `${deadlines.length} rows`);
          const dated = deadlines.filter((d): d is string => d !== null);
          check(
            deadlines.slice(0, dated.length).every((d) => d !== null) &&
              dated.every((d, i) => i === 0 || (dated[i - 1] ?? '') <= d),
            `deadlines not nearest first: ${deadlines.join(', ')}`,
          );

          await page.getByLabel('Urgency').selectOption('urgent');
          const urgentRows = page.locator('tbody tr');
          check((await urgentRows.count()) >= 1, 'no urgent row');
          for (const text of await urgentRows.allTextContents()) {
            check(text.includes('Urgent'), `a row shown for "urgent" reads: ${text}`);
          }
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Export CSV' }).click(),
          ]);
          const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
          const lines = csv.trim().split('\r\n');
          check(lines[0]?.startsWith('Reference,Subject,Counterpart'), `CSV header: ${lines[0]}`);
          check(
            lines.length === (await urgentRows.count()) + 1,
            `CSV has ${lines.length - 1} rows, ${await urgentRows.count()} shown`,
          );

          await page.getByLabel('Urgency').selectOption('');
          await page.getByLabel('Status').selectOption('DRAFT');
          await ready(page);
          // The filtered rows replace the others once the list's new call answers: wait for that, not only idle.
          let drafts: string[] = [];
          for (let waited = 0; waited < 10000; waited += 200) {
            drafts = await page.locator('tbody tr').allTextContents();
            if (drafts.length >= 1 && drafts.every((t) => t.includes('Draft'))) {
              break;
            }
            await page.waitForTimeout(200);
          }
          check(
            drafts.length >= 1 && drafts.every((t) => t.includes('Draft')),
            `drafts: ${drafts.join(' | ')}`,
          );
          check((await axeViolations(page)).length === 0, 'axe violations on the filtered list');
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return [
            `${deadlines.length} rows, nearest deadline first; ${lines.length - 1} urgent row(s) exported; ${drafts.length} draft(s)`,
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'case page: an action refused by the API shows the error by its field and in the summary; 404s read "Not found"',
      async run() {
        const id = await deliveredRequest(env);
        await w.api.act(w.aut.officer, id, 'acknowledge');
        const context = await signedInContext(env, w.aut.officer);
        try {
          const page = await context.newPage();
          await page.goto(`/console/requests/${id}`);
          await ready(page);
          await page.getByRole('button', { name: 'Request information', exact: true }).click();
          const dialog = page.getByRole('dialog');
          await dialog.waitFor();
          await dialog.getByRole('button', { name: 'Confirm' }).click();
          const summary = dialog.locator('.error-summary');
          await summary.waitFor({ timeout: 10000 });
          const summaryText = (await summary.textContent()) ?? '';
          check(summaryText.includes('There is a problem'), `summary: ${summaryText}`);
          check(
            summaryText.includes('Questions for the requesting State'),
            `summary names no field: ${summaryText}`,
          );
          check(!summaryText.includes('{'), `raw JSON in the summary: ${summaryText}`);
          const field = dialog.getByLabel('Questions for the requesting State');
          check((await field.getAttribute('aria-invalid')) === 'true', 'the field is not marked invalid');
          check((await axeViolations(page)).length === 0, 'axe violations in the dialog with errors');
          await env.shots.take(page, 'action-dialog-errors', 'en');
          // The summary's link takes the focus to the field; then the corrected answer goes through.
          await summary.getByRole('link').first().click();
          check(
            (await page.evaluate('document.activeElement && document.activeElement.id')) === 'f-questions',
            'the summary link does not focus the field',
          );
          await field.fill('Which time zone do the log times use?');
          await dialog.getByRole('button', { name: 'Confirm' }).click();
          await page.locator('h1', { hasText: 'Information requested' }).waitFor({ timeout: 15000 });
          const status = await w.api.status(w.aut.officer, id);
          check(status === 'INFO_REQUESTED', `the engine has it ${status}`);

          // VNM's draft exists but is not AUT's to see: it reads exactly like an unknown id.
          for (const other of [w.draft, '00000000-0000-4000-8000-000000000000']) {
            await page.goto(`/console/requests/${other}`);
            await ready(page);
            const h1 = (await page.locator('h1').first().textContent()) ?? '';
            check(h1 === 'Not found', `/requests/${other} shows "${h1}"`);
          }
          const problems = pageProblems(context);
          check(problems.length === 0, problems.join('; '));
          return [
            'empty questions: 400 shown by the field and in the summary; corrected: Information requested',
          ];
        } finally {
          await context.close();
        }
      },
    },
  ];
}
