import type { Locator, Page } from 'playwright-core';
import { axeViolations, pageProblems } from './browser';
import {
  type Check,
  check,
  type Env,
  ready,
  type Screen,
  screenCheck,
  signedInContext,
  withLang,
} from './journeys';

/*
 * The 24/7 network contact channel (UNCC art. 41) in the console: the case page of a ticket on the requested
 * side (Austria's point of contact, the ticket delivered and waiting for acknowledgement, its reminder clock
 * running), in every language; then a ticket walked through its case page: acknowledged by the duty officer,
 * answered (the answer dialog in English and Arabic), closed by the requesting side. The tickets are made on
 * first use (ConsoleWorld.ticket247, newTicket247), not at world startup.
 */

/**
 * A screen of the world's 24/7 ticket, as an officer of Austria's point of contact: both exist before the
 * screen check reads its token and path.
 */
function ticketScreen(
  env: Env,
  screen: Pick<Screen, 'name' | 'title'>,
  path: (ticket: string) => string,
): Check {
  let seen: { ticket: string; officer: string } | null = null;
  const inner = screenCheck(env, {
    ...screen,
    token: () => seen?.officer ?? null,
    path: () => (seen ? path(seen.ticket) : '/'),
  });
  return {
    name: inner.name,
    async run() {
      const ticket = await env.world.ticket247();
      seen = { ticket, officer: (await env.world.aut247()).officer };
      return inner.run();
    },
  };
}

/** Opens `button`'s dialog on the case page (in `page`'s language), checks it with axe and photographs it. */
async function dialogShot(
  env: Env,
  page: Page,
  button: string,
  shot: string,
  lang: 'en' | 'ar',
): Promise<Locator> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const violations = await axeViolations(page);
  check(violations.length === 0, `the "${button}" dialog (${lang}): ${violations.join('; ')}`);
  await env.shots.take(page, shot, lang);
  return dialog;
}

/** The list field whose legend is `label` (then "(optional)"): the answer's data, not results' evidence. */
function legend(dialog: Locator, label: string): Locator {
  return dialog.locator('legend').filter({ hasText: new RegExp(`^${label}`) });
}

export function contactChecks(env: Env): Check[] {
  const w = env.world;
  return [
    ticketScreen(
      env,
      {
        name: 'request-contact-24-7-requested-side',
        title: 'Case page of a 24/7 ticket (requested side)',
      },
      (ticket) => `/requests/${ticket}`,
    ),
    {
      name: 'a 24/7 ticket walked through the case page: acknowledge, answer (dialog in en and ar), close',
      async run() {
        const ticket = await w.newTicket247();
        const poc = await w.aut247();
        const path = `/requests/${ticket}`;
        const lines: string[] = [];
        /** As `token`: open the ticket, `steps` on the page, then see `status` in the heading. */
        const onCase = async (
          token: string,
          what: string,
          status: string,
          steps: (page: Page) => Promise<void>,
        ): Promise<void> => {
          const context = await signedInContext(env, token);
          try {
            const page = await context.newPage();
            await page.goto(withLang(path, 'en'));
            await ready(page);
            const before = (await page.locator('h1').first().textContent()) ?? '';
            await steps(page);
            await page.locator('h1', { hasText: ` — ${status}` }).waitFor({ timeout: 15000 });
            const problems = pageProblems(context);
            check(problems.length === 0, problems.join('; '));
            lines.push(`${what}: "${before}" → "${(await page.locator('h1').first().textContent()) ?? ''}"`);
          } finally {
            await context.close();
          }
        };
        await onCase(poc.officer, 'Acknowledge', 'Acknowledged', async (page) => {
          const d = await dialogShot(
            env,
            page,
            'Acknowledge',
            'action-dialog-contact-24-7-acknowledge',
            'en',
          );
          await d.getByLabel('Duty officer').fill('Inspector Huber, duty desk +43 1 000 0000');
          await d.getByRole('button', { name: 'Confirm' }).click();
        });
        await onCase(poc.officer, 'Answer', 'Answered', async (page) => {
          // The same dialog in Arabic first: its labels, the answer kinds and the data list in the catalogue.
          await page.goto(withLang(path, 'ar'));
          await ready(page);
          const ar = await dialogShot(env, page, 'الرد', 'action-dialog-contact-24-7-answer', 'ar');
          await legend(ar, 'البيانات الإلكترونية المسلَّمة').waitFor();
          await page.keyboard.press('Escape');
          await ar.waitFor({ state: 'detached' });
          await page.goto(withLang(path, 'en'));
          await ready(page);
          const d = await dialogShot(env, page, 'Answer', 'action-dialog-contact-24-7-answer', 'en');
          await legend(d, 'Electronic data handed over').waitFor();
          await d.getByText('Location of a service provider', { exact: true }).click();
          await d
            .getByLabel('Answer', { exact: true })
            .fill('Example Mail GmbH, Vienna; it has preserved the logs.');
          await d.getByRole('button', { name: 'Confirm' }).click();
        });
        await onCase(w.vnm.officer, 'Close', 'Closed', async (page) => {
          await page.getByRole('button', { name: 'Close', exact: true }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        });
        const status = await w.api.status(w.vnm.officer, ticket);
        check(status === 'CLOSED', `the engine has it ${status}`);
        return lines;
      },
    },
  ];
}
