import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/*
 * Debian's Chromium driven by playwright-core (no browser download: `npx playwright install` cannot reach
 * its servers here). CHROMIUM_PATH overrides /usr/bin/chromium.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (CI runs as root), and nothing that would call out of the machine. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every language of the console, Arabic (right to left) first as the select lists them. */
export const LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The languages whose screenshots are kept. */
export const SCREENSHOT_LANGUAGES: readonly Language[] = ['en', 'ar'];
/** <html lang> per language, as the console sets it. */
export const HTML_LANG: Record<Language, string> = {
  ar: 'ar',
  zh: 'zh-CN',
  en: 'en-GB',
  fr: 'fr',
  ru: 'ru',
  es: 'es',
};

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: apt-get install chromium fonts-noto-core fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Requests each page has in flight (counted from its first request: see newContext). */
const IN_FLIGHT = new WeakMap<Page, number>();

/**
 * Resolves once `page` has had no request in flight for `quietMs` (its API calls answered, its chunks and
 * fonts loaded): Playwright's 'networkidle' waits a fixed 500 ms of silence, which over every screen in six
 * languages is minutes of a run.
 */
export async function settled(page: Page, quietMs = 100, timeoutMs = 15000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietSince = Date.now();
  for (;;) {
    const now = Date.now();
    if ((IN_FLIGHT.get(page) ?? 0) > 0) {
      quietSince = now;
    } else if (now - quietSince >= quietMs) {
      return;
    }
    if (now > until) {
      throw new Error(
        `the page still had ${IN_FLIGHT.get(page) ?? 0} request(s) in flight after ${timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the pages of a context reported: Content-Security-Policy refusals and uncaught script errors. */
const PAGE_PROBLEMS = new WeakMap<BrowserContext, string[]>();

/** The CSP violations and script errors seen so far in this context's pages (each once). */
export function pageProblems(context: BrowserContext): string[] {
  return [...new Set(PAGE_PROBLEMS.get(context) ?? [])];
}

/**
 * A fresh browser profile (no cookie, no cache) at a laptop's size; nothing may be fetched from elsewhere.
 * Its pages' CSP refusals and uncaught errors are collected (pageProblems).
 */
export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  PAGE_PROBLEMS.set(context, problems);
  context.on('page', (page) => {
    IN_FLIGHT.set(page, 0);
    const done = (): void => {
      IN_FLIGHT.set(page, Math.max(0, (IN_FLIGHT.get(page) ?? 0) - 1));
    };
    page.on('request', () => IN_FLIGHT.set(page, (IN_FLIGHT.get(page) ?? 0) + 1));
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) {
        problems.push(`CSP: ${msg.text().slice(0, 160)}`);
      }
    });
    page.on('pageerror', (err) => problems.push(`script error: ${err.message.slice(0, 160)}`));
  });
  const origin = new URL(baseURL).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(origin) || url.startsWith('data:')
      ? route.continue()
      : route.abort('blockedbyclient');
  });
  return context;
}

/** WCAG 2.0, 2.1 and 2.2 A and AA rules: each violation as `rule-id: target, target (impact)`. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''} (${v.impact ?? 'n/a'})`,
  );
}

/** Full-page screenshots under artifacts/console/, named `<screen>.<language>.png`. */
export class Screenshots {
  readonly taken: string[] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async take(page: Page, screen: string, language: string): Promise<void> {
    const file = join(this.dir, `${screen}.${language}.png`);
    await page.screenshot({ path: file, fullPage: true });
    this.taken.push(file);
  }
}
