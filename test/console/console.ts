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
import { checks, Failed } from './journeys';
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

const HARD_LIMIT_MS = 8 * 60_000;
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
    for (const c of [
      ...checks(env),
      ...caseChecks(env),
      ...wizardChecks(env),
      ...auditChecks(env),
      ...adminChecks(env),
      ...contactChecks(env),
    ].filter((x) => !only || x.name.includes(only))) {
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
    }
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
