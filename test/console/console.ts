import 'reflect-metadata';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { engineBuildProblem, stopNodesOnSignals } from '../../tools/harness/nodes';
import { runLog } from '../../tools/harness/run-log';
import { launchChromium, Screenshots } from './browser';
import { adminChecks } from './admin-journeys';
import { auditChecks } from './audit-journeys';
import { caseChecks } from './case-journeys';
import { contactChecks } from './contact-journeys';
import { jointInvestigationChecks } from './joint-investigation-journeys';
import { type Check, checks, Failed } from './journeys';
import { spontaneousChecks } from './spontaneous-journeys';
import { wizardChecks } from './wizard-journeys';
import { type ConsoleWorld, consoleDir, startConsoleWorld } from './world';

/**
 * `npm run test:console`: the built console (console/dist) in Debian's headless Chromium against a real
 * engine (dist/main.js in its own process, its own database): every screen in the six languages with an axe
 * scan (0 violations) and a screenshot in English and Arabic under artifacts/console/, and the journeys
 * (first screen interactive in under 1 s, sign-in / "My work" / sign-out, keyboard only, the language
 * switch, an action from the case page). Prints one PASS/FAIL line per check and `N passed, N failed`;
 * exits 1 on any failure. Options: --only <text> (the checks whose name contains it), --verbose.
 */

const HARD_LIMIT_MS = 20 * 60_000;
/** Screens scanned at once (each in its own browser profile); the journeys always run one at a time. */
const SCREEN_CONCURRENCY = Number(process.env.CONSOLE_SCREEN_CONCURRENCY ?? 2);
const isScreen = (c: Check): boolean => c.name.startsWith('screen: ');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const verbose = args.includes('--verbose');
/** The checkout: the first folder above this file with a package.json (build/test/console -> the repository). */
function checkoutRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }
  return dir;
}
const root = checkoutRoot();
const { say, note, elapsed } = runLog('console', verbose);

async function main(): Promise<number> {
  // The engine compiled beside this runner by `npm run build:tools` (build/src), as the demo runs it, unless
  // HARNESS_ENGINE_DIR names another build: dist/ may be rebuilt by someone else meanwhile.
  const beside = join(__dirname, '..', '..', 'src');
  if (!process.env.HARNESS_ENGINE_DIR && existsSync(join(beside, 'main.js'))) {
    process.env.HARNESS_ENGINE_DIR = beside;
  }
  const problem = engineBuildProblem();
  const dir = consoleDir(root);
  if (problem || !existsSync(join(dir, 'index.html'))) {
    say(`cannot run: ${problem ?? `${dir}/index.html is missing: run \`npm run build:console\``}`);
    return 1;
  }
  stopNodesOnSignals();
  const limit = setTimeout(() => {
    say(`FAIL the run exceeded ${HARD_LIMIT_MS / 1000} s: stopping`);
    process.exit(1);
  }, HARD_LIMIT_MS);
  limit.unref();

  let world: ConsoleWorld | undefined;
  let snapshot: string | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  try {
    // A copy of the build for this run: a rebuild meanwhile (new hashes, old files deleted) must not pull
    // the files from under the pages.
    snapshot = mkdtempSync(join(tmpdir(), 'console-dist-'));
    cpSync(dir, snapshot, { recursive: true });
    world = await startConsoleWorld(snapshot, note);
    browser = await launchChromium();
    const shots = new Screenshots(join(root, 'artifacts', 'console'));
    say(`engine ${world.url} serving ${dir}; Chromium ${browser.version()}; ready in ${elapsed()} s\n`);
    const env = { world, browser, shots };
    const all = [
      ...checks(env),
      ...caseChecks(env),
      ...wizardChecks(env),
      ...spontaneousChecks(env),
      ...auditChecks(env),
      ...adminChecks(env),
      ...contactChecks(env),
      ...jointInvestigationChecks(env),
    ].filter((x) => !only || x.name.includes(only));
    const runOne = async (c: Check): Promise<void> => {
      const t0 = Date.now();
      try {
        const lines = await c.run();
        passed++;
        say(`PASS ${c.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        lines.forEach((l) => say(`       ${l}`));
      } catch (err) {
        failed++;
        const why =
          err instanceof Failed
            ? err.message
            : err instanceof Error
              ? (err.stack ?? err.message)
              : String(err);
        say(`FAIL ${c.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n       ${why}`);
      }
    };
    // The journeys one after the other, in order (the first measures the first screen on a quiet engine;
    // some build on what an earlier one made); then the screens, which only read, SCREEN_CONCURRENCY at once.
    for (const c of all.filter((x) => !isScreen(x))) {
      await runOne(c);
    }
    const screens = all.filter(isScreen);
    await Promise.all(
      Array.from({ length: SCREEN_CONCURRENCY }, async () => {
        for (let c = screens.shift(); c; c = screens.shift()) {
          await runOne(c);
        }
      }),
    );
    say(`\nscreenshots: ${shots.taken.length} under artifacts/console/`);
  } catch (err) {
    failed++;
    say(`FAIL the run could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (world) {
      say(world.cluster.list.map((n) => n.logTail(30)).join('\n'));
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await world?.cluster.stop().catch(() => undefined);
    world?.api.close();
    if (snapshot) {
      rmSync(snapshot, { recursive: true, force: true });
    }
  }
  say(`\nconsole: ${elapsed()} s`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

void main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`FAIL ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
