import { request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import {
  axeViolations,
  HTML_LANG,
  type Language,
  LANGUAGES,
  newContext,
  pageProblems,
  SCREENSHOT_LANGUAGES,
  type Screenshots,
  settled,
} from './browser';
import type { ConsoleWorld } from './world';

/*
 * The console's checks (docs/console.md "npm run test:console"): every screen in every language (axe, lang
 * and dir, screenshots in English and Arabic), then the journeys of CONSOLE.md as far as the console has
 * screens for them. Each check throws on the first thing that is wrong and returns the lines worth printing.
 */

export interface Check {
  name: string;
  run(): Promise<string[]>;
}

export class Failed extends Error {}

export function check(condition: unknown, what: string): asserts condition {
  if (!condition) {
    throw new Failed(what);
  }
}

export interface Env {
  world: ConsoleWorld;
  browser: Browser;
  shots: Screenshots;
}

/** An expression evaluated in the page (a string: the tools compile without the DOM's types). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

/** A browser profile signed in as `token` (POST /v1/session from the page's own origin: the cookie lands in it). */
export async function signedInContext(env: Env, token: string | null): Promise<BrowserContext> {
  const context = await newContext(env.browser, env.world.url);
  if (token !== null) {
    const res = await context.request.post('/v1/session', { data: { token } });
    check(res.status() === 201, `POST /v1/session answered ${res.status()}`);
  }
  return context;
}

/** Loaded: the first heading shown and the API calls of the screen answered. */
export async function ready(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: 15000 });
  await settled(page);
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15000 });
}

export function withLang(path: string, lang: Language): string {
  return `/console${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

export interface Screen {
  /** File name of its screenshots. */
  name: string;
  title: string;
  token: (w: ConsoleWorld) => string | null;
  path: (w: ConsoleWorld) => string;
}

/** Every screen the console has now, as the user who sees it. */
const SCREENS: Screen[] = [
  { name: 'sign-in', title: 'sign-in', token: () => null, path: () => '/' },
  { name: 'my-work-officer', title: 'My work (officer)', token: (w) => w.vnm.officer, path: () => '/' },
  { name: 'my-work-approver', title: 'My work (approver)', token: (w) => w.aut.approver, path: () => '/' },
  {
    name: 'my-work-operator',
    title: 'My work (operator admin)',
    token: (w) => w.adminToken,
    path: () => '/',
  },
  { name: 'outgoing', title: 'Outgoing list', token: (w) => w.vnm.officer, path: () => '/outgoing' },
  { name: 'inbox', title: 'Inbox list', token: (w) => w.aut.officer, path: () => '/inbox' },
  {
    name: 'request-requested-side',
    title: 'Case page (requested side)',
    token: (w) => w.aut.officer,
    path: (w) => `/requests/${w.received}`,
  },
  {
    name: 'request-requesting-side',
    title: 'Case page (requesting side)',
    token: (w) => w.vnm.officer,
    path: (w) => `/requests/${w.received}`,
  },
  {
    name: 'request-draft',
    title: 'Case page (draft)',
    token: (w) => w.vnm.officer,
    path: (w) => `/requests/${w.draft}`,
  },
  { name: 'not-found', title: 'Unknown page', token: (w) => w.vnm.officer, path: () => '/no-such-screen' },
];

export function screenCheck(env: Env, screen: Screen): Check {
  return {
    name: `screen: ${screen.title}, in ${LANGUAGES.length} languages (axe: 0 violations; lang and dir)`,
    async run() {
      const context = await signedInContext(env, screen.token(env.world));
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        for (const lang of LANGUAGES) {
          await page.goto(withLang(screen.path(env.world), lang));
          await ready(page);
          const html = await inPage<{ lang: string; dir: string }>(
            page,
            '({ lang: document.documentElement.lang, dir: document.documentElement.dir })',
          );
          if (html.lang !== HTML_LANG[lang] || html.dir !== (lang === 'ar' ? 'rtl' : 'ltr')) {
            problems.push(`${lang}: <html lang="${html.lang}" dir="${html.dir}">`);
          }
          problems.push(...(await axeViolations(page)).map((v) => `${lang}: ${v}`));
          if (SCREENSHOT_LANGUAGES.includes(lang)) {
            await env.shots.take(page, screen.name, lang);
          }
        }
        problems.push(...pageProblems(context));
      } finally {
        await context.close();
      }
      check(problems.length === 0, problems.join('\n       '));
      return [];
    },
  };
}

/**
 * Screens of requests that `setUp` makes on first use (the checks may also run alone, with --only): each check
 * waits for them before its screen reads its path.
 */
export function fixtureScreens<F>(
  env: Env,
  setUp: () => Promise<F>,
): (screen: Omit<Screen, 'path'>, path: (f: F) => string) => Check {
  return (screen, path) => {
    let f: F | null = null;
    const inner = screenCheck(env, { ...screen, path: () => (f ? path(f) : '/new') });
    return {
      name: inner.name,
      async run() {
        f = await setUp();
        return inner.run();
      },
    };
  };
}

/** The wizard's step of a saved draft shown (/new/<id>/<step>): the draft's id. */
export async function stepShown(page: Page, step: string): Promise<string> {
  await page.waitForURL(new RegExp(`/console/new/[0-9a-f-]{36}/${step}(#.*)?$`), { timeout: 15000 });
  await ready(page);
  const id = /\/new\/([0-9a-f-]{36})\//.exec(page.url())?.[1];
  check(id, `no draft id in ${page.url()}`);
  return id;
}

export async function saveAndContinue(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

/** On the case step: one offence (art. 287 of the Penal Code), saved; the assistance step as it is; then details. */
export async function offenceThenDetails(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add offence' }).click();
  await page.locator('#f-offences-0-provision').fill('Penal Code art. 287');
  await page.locator('#f-offences-0-description').fill('Interference with a computer system');
  await saveAndContinue(page);
  await stepShown(page, 'assistance');
  await saveAndContinue(page);
  await stepShown(page, 'details');
}

/** GET /v1/session with only this cookie, from outside the browser (a replayed cookie). */
function sessionStatusWithCookie(baseUrl: string, cookie: string): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, path: '/v1/session', headers: { Cookie: `coop_session=${cookie}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function signInThroughTheForm(page: Page, token: string): Promise<void> {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor({ timeout: 15000 });
}

export function checks(env: Env): Check[] {
  const w = env.world;
  return [
    {
      name: 'first screen interactive in under 1 s (median of 3 fresh profiles, nothing cached)',
      async run() {
        const loads: { wallMs: number; timeline: string }[] = [];
        let myWorkMs = 0;
        for (let i = 0; i < 3; i++) {
          const context = await newContext(env.browser, w.url);
          try {
            const page = await context.newPage();
            const t0 = Date.now();
            // 'commit': not the load event, which also waits for the fonts (font-display: swap shows the
            // screen before they arrive).
            await page.goto('/console/', { waitUntil: 'commit' });
            const field = page.getByLabel('Access token');
            await field.waitFor({ state: 'visible', timeout: 15000 });
            check(await field.isEditable(), 'the access token field is not editable');
            const wallMs = Date.now() - t0;
            // Where the time went: the page, each file and API call (end, ms after navigation start; KB on the wire).
            const timeline = await inPage<string>(
              page,
              `(() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const rows = [['page', nav.responseEnd, nav.transferSize], ...performance.getEntriesByType('resource')
                  .filter((r) => !r.name.startsWith('data:'))
                  .map((r) => [r.name.replace(location.origin, ''), r.responseEnd, r.transferSize])];
                return rows.map(([n, t, b]) => n.split('/').pop() + ' ' + Math.round(t) + ' ms ' + Math.round(b / 1024) + ' KB').join(', ')
                  + '; DOMContentLoaded ' + Math.round(nav.domContentLoadedEventEnd) + ' ms';
              })()`,
            );
            loads.push({ wallMs, timeline });
            if (i === 2) {
              const t1 = Date.now();
              await signInThroughTheForm(page, w.vnm.officer);
              myWorkMs = Date.now() - t1;
            }
          } finally {
            await context.close();
          }
        }
        const median = [...loads].sort((a, b) => a.wallMs - b.wallMs)[1];
        const lines = [
          `time to first interactive screen (sign-in, cold): median ${median.wallMs} ms of ${loads.map((l) => l.wallMs).join(', ')} ms`,
          `sign-in to "My work" shown: ${myWorkMs} ms`,
          `median load: ${median.timeline}`,
          `load average: ${loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')} on ${cpus().length} cores`,
        ];
        check(median.wallMs < 1000, lines.join('\n       '));
        return lines;
      },
    },
    {
      name: 'sign in, "My work", sign out (the session ends on the server; the cookie is HttpOnly)',
      async run() {
        const context = await newContext(env.browser, w.url);
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await page.getByRole('button', { name: 'Sign in' }).click();
          // An empty field: the error next to it and in the summary, nothing sent.
          await page.getByText('Enter your access token').first().waitFor({ timeout: 5000 });
          await page.getByLabel('Access token').fill('ccr_thisisnotatokenofthisengine000000000000000');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByText('This access token is not valid or has been revoked').first().waitFor();
          await signInThroughTheForm(page, w.vnm.officer);
          await page.getByText('Ministry of Public Security of Viet Nam').first().waitFor();
          const [cookie] = (await context.cookies()).filter((c) => c.name === 'coop_session');
          check(cookie, 'no coop_session cookie after sign-in');
          check(cookie.httpOnly && cookie.sameSite === 'Strict', `cookie flags ${JSON.stringify(cookie)}`);
          check(
            (await inPage<string>(page, 'document.cookie')).indexOf('coop_session') < 0,
            'the page script can read the session cookie',
          );
          check((await sessionStatusWithCookie(w.url, cookie.value)) === 200, 'the live session is refused');
          await page.getByRole('button', { name: 'Sign out' }).click();
          await page.getByLabel('Access token').waitFor();
          const replayed = await sessionStatusWithCookie(w.url, cookie.value);
          check(replayed === 401, `the signed-out session's cookie, replayed, answered ${replayed}`);
          return ['signed out: the old cookie, replayed, gets 401'];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'a sign-in link (/console/#token=..., as the demo prints): the token fills the form, leaves the address, "Sign in" is focused',
      async run() {
        const context = await newContext(env.browser, w.url);
        try {
          const page = await context.newPage();
          await page.goto(`/console/#token=${w.aut.approver}`);
          const field = page.getByLabel('Access token');
          await field.waitFor();
          check((await field.inputValue()) === w.aut.approver, 'the link did not fill in the token');
          check(!page.url().includes('token'), `the token is still in the address: ${page.url()}`);
          check(
            (await context.cookies()).every((c) => c.name !== 'coop_session'),
            'a link alone signed the browser in',
          );
          await page.getByText('The link you opened has filled in your access token').waitFor();
          check(
            await inPage<boolean>(page, "document.activeElement?.textContent?.trim() === 'Sign in'"),
            '"Sign in" is not focused',
          );
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor({ timeout: 15000 });
          await page.getByText('Federal Ministry of Justice of Austria').first().waitFor();
          await page.goBack();
          check(!page.url().includes('token'), 'going back brings the token into the address again');
          return [
            'the link filled the form; nothing sent until "Sign in"; no token in the address or history',
          ];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'keyboard only: sign in and sign out without the mouse',
      async run() {
        const context = await newContext(env.browser, w.url);
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await page.getByLabel('Access token').waitFor();
          const tabTo = async (what: string, matches: string): Promise<number> => {
            for (let presses = 1; presses <= 25; presses++) {
              await page.keyboard.press('Tab');
              if (await inPage<boolean>(page, matches)) {
                return presses;
              }
            }
            throw new Failed(`${what} not reached with Tab`);
          };
          const toField = await tabTo(
            'the access token field',
            "document.activeElement?.id === 'access-token'",
          );
          await page.keyboard.type(w.aut.officer);
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor({ timeout: 15000 });
          const toSignOut = await tabTo(
            'the "Sign out" button',
            "document.activeElement?.textContent?.trim() === 'Sign out'",
          );
          await page.keyboard.press('Enter');
          await page.getByLabel('Access token').waitFor();
          return [`Tab ×${toField} to the token field, Enter signs in; Tab ×${toSignOut} to "Sign out"`];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'language: the "Language" select and ?lang= set the page language, <html lang> and dir',
      async run() {
        const context = await signedInContext(env, w.vnm.officer);
        try {
          const page = await context.newPage();
          await page.goto('/console/');
          await ready(page);
          const select = page.getByLabel('Language');
          const offered = await select.locator('option').allTextContents();
          const endonyms = ['العربية', '中文', 'English', 'Français', 'Русский', 'Español'];
          check(
            JSON.stringify(offered) === JSON.stringify(endonyms),
            `the select offers ${offered.join(', ')}`,
          );
          await select.selectOption({ label: 'العربية' });
          await page.locator('html[dir="rtl"]').waitFor({ state: 'attached' });
          const ar = await inPage<{ lang: string; h1: string }>(
            page,
            "({ lang: document.documentElement.lang, h1: document.querySelector('h1')?.textContent ?? '' })",
          );
          check(ar.lang === 'ar' && ar.h1 !== 'My work', `after choosing Arabic: ${JSON.stringify(ar)}`);
          // Kept while navigating within the console.
          await page.goto('/console/outgoing');
          await ready(page);
          check(
            (await inPage<string>(page, 'document.documentElement.lang')) === 'ar',
            'Arabic lost on navigation',
          );
          await page.goto('/console/?lang=fr');
          await ready(page);
          const fr = await inPage<string[]>(
            page,
            '[document.documentElement.lang, document.documentElement.dir]',
          );
          check(fr[0] === 'fr' && fr[1] === 'ltr', `?lang=fr gave ${fr.join(' ')}`);
          await page.getByLabel('Language').selectOption({ label: 'English' });
          await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
          return [`Arabic: <h1> "${ar.h1}", dir=rtl; ?lang=fr: lang=fr dir=ltr; back to English`];
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'an MLA request walked through the case page: acknowledge, ask, answer, accept, execute, results, confirm',
      async run() {
        const lines: string[] = [];
        /** As `token`: open the case, press the action's button, fill its dialog, "Confirm", see `status`. */
        const act = async (
          token: string,
          title: string,
          status: string,
          fill: (dialog: Locator) => Promise<void> = () => Promise.resolve(),
          screenshot?: string,
        ): Promise<void> => {
          const context = await signedInContext(env, token);
          try {
            const page = await context.newPage();
            await page.goto(`/console/requests/${w.toAnswer}`);
            await ready(page);
            const before = (await page.locator('h1').first().textContent()) ?? '';
            await page.getByRole('button', { name: title, exact: true }).click();
            const dialog = page.getByRole('dialog');
            await dialog.waitFor();
            await fill(dialog);
            if (screenshot) {
              const violations = await axeViolations(page);
              check(violations.length === 0, `the "${title}" dialog: ${violations.join('; ')}`);
              await env.shots.take(page, screenshot, 'en');
            }
            await dialog.getByRole('button', { name: 'Confirm' }).click();
            await page.locator('h1', { hasText: ` — ${status}` }).waitFor({ timeout: 15000 });
            const problems = pageProblems(context);
            check(problems.length === 0, problems.join('; '));
            lines.push(`${title}: "${before}" → "${(await page.locator('h1').first().textContent()) ?? ''}"`);
          } finally {
            await context.close();
          }
        };
        await act(w.aut.officer, 'Acknowledge', 'Under review', undefined, 'action-dialog-acknowledge');
        await act(
          w.aut.officer,
          'Request information',
          'Information requested',
          (d) =>
            d.getByLabel('Questions for the requesting State').fill('Which accounts, over which period?'),
          'action-dialog-request-information',
        );
        await act(w.vnm.officer, 'Provide information', 'Under review', (d) =>
          d.getByLabel('Answers').fill('The mailbox named in the request, from 1 to 30 November.'),
        );
        await act(w.aut.approver, 'Accept', 'Accepted');
        await act(w.aut.officer, 'Start execution', 'In execution');
        await act(
          w.aut.approver,
          'Transmit results',
          'Executed',
          async (d) => {
            // React Aria's checkbox: its box covers the input; a person clicks the label.
            await d.getByText('These are the final results').click();
            check(await d.getByLabel('These are the final results').isChecked(), '"final" not checked');
            await d
              .getByLabel('Summary of the results')
              .fill('Subscriber records and access logs of the mailbox.');
          },
          'action-dialog-transmit-results',
        );
        await act(w.vnm.officer, 'Confirm receipt', 'Closed');
        const status = await w.api.status(w.vnm.officer, w.toAnswer);
        check(status === 'CLOSED', `the engine has it ${status}`);
        return lines;
      },
    },
    ...SCREENS.map((s) => screenCheck(env, s)),
  ];
}
