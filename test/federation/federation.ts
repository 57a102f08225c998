import 'reflect-metadata';
import { ledger, ledgerClean, ledgerLines, until } from '../../tools/harness/federation';
import { engineBuildProblem, stopNodesOnSignals } from '../../tools/harness/nodes';
import { runLog } from '../../tools/harness/run-log';
import { Failed, SCENARIOS } from './scenarios';
import { startServers, startWorld, type Servers, type World } from './world';

/**
 * `npm run test:federation`: the proof of FEDERATION.md "How it is tested" on three nodes (A, B, C: three
 * processes of dist/main.js, their own databases and queue prefixes, on 127.0.0.2, .3 and .4) with a fault
 * proxy on each directed link, in fast mode. Runs every scenario of scenarios.ts in turn, then the ledger
 * of every request they made: envelopes, lost (0), duplicated (0), histories equal, receipts verified.
 * Prints one PASS/FAIL line per check and `N passed, N failed`; exits 1 on any failure.
 *
 * Options: --only <text> (the scenarios whose name contains it), --keep (keep the nodes' folders and logs),
 * --verbose (the harness's progress lines), --stale-ok (run a build older than src/, e.g. while src/ is edited).
 * FEDERATION_TEST_SHARED_PG=true: the nodes' databases on TEST_PG_ADMIN_URL (or the embedded PostgreSQL) even
 * when a private PostgreSQL could be started (the crash scenario then cannot restart it).
 */

const HARD_LIMIT_MS = 6 * 60_000;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const keep = args.includes('--keep');
const verbose = args.includes('--verbose');

const { say, note, elapsed } = runLog('federation', verbose);

async function main(): Promise<number> {
  const problem = args.includes('--stale-ok') ? null : engineBuildProblem();
  if (problem) {
    say(`cannot run: ${problem}`);
    return 1;
  }
  stopNodesOnSignals();
  const limit = setTimeout(() => {
    say(`FAIL the run exceeded ${HARD_LIMIT_MS / 1000} s: stopping`);
    process.exit(1);
  }, HARD_LIMIT_MS);
  limit.unref();

  let passed = 0;
  let failed = 0;
  const servers: Servers = await startServers(note);
  let world: World | undefined;
  try {
    say(`three nodes: A (VNM), B (AUT), C (GHA); ${servers.describe}`);
    world = await startWorld(servers, note, keep);
    for (const n of world.cluster.list) {
      say(`  node ${n.name}: ${n.url} (origin ${n.origin}), database ${n.database}`);
    }
    say(
      `  fault proxies on the six directed links; A and B pin each other, A and C pin each other (C pinned by A only)`,
    );
    say(`ready in ${elapsed()} s\n`);

    const scenarios = SCENARIOS.filter((s) => !only || s.name.includes(only));
    for (const scenario of scenarios) {
      const t0 = Date.now();
      try {
        const lines = await scenario.run(world);
        passed++;
        say(`PASS ${scenario.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        lines.forEach((l) => say(`       ${l}`));
      } catch (err) {
        failed++;
        const why =
          err instanceof Failed
            ? err.message
            : err instanceof Error
              ? (err.stack ?? err.message)
              : String(err);
        say(`FAIL ${scenario.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n       ${why}`);
        for (const n of world.cluster.list) {
          say(
            `       --- node ${n.name} (${n.running ? 'running' : 'stopped'}), end of ${n.logFile}:\n${indent(n.logTail(15))}`,
          );
        }
      }
    }

    // Quiescence: no envelope still pending on any node, then the books.
    const w = world;
    await until(
      'every envelope delivered (quiescence)',
      async () => {
        for (const n of w.cluster.list) {
          const { rows } = await n.db.query<{ envelope_id: string }>(
            `SELECT envelope_id FROM federation_envelopes WHERE direction = 'out' AND status = 'pending'`,
          );
          if (rows.some((r) => !w.allowPending.has(r.envelope_id))) {
            return false;
          }
        }
        return true;
      },
      30000,
      250,
    ).catch(() => undefined);
    const books = await ledger(world.cluster.list, world.requests, world.allowPending);
    say('');
    ledgerLines(books).forEach((l) => say(l));
    if (ledgerClean(books)) {
      passed++;
      say(
        'PASS the books: nothing lost, nothing duplicated, histories equal hash for hash, every signature verified',
      );
    } else {
      failed++;
      say('FAIL the books (see above)');
    }
    say('');
    say(world.cluster.report());
  } catch (err) {
    failed++;
    say(`FAIL the run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    world?.a.close();
    world?.b.close();
    world?.c.close();
    await world?.cluster.stop();
    servers.pg?.stop();
    await servers.redis?.stop();
  }
  say(`\n${passed} passed, ${failed} failed (${elapsed()} s)`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `         ${l.slice(0, 300)}`)
    .join('\n');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`FAIL the run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    say('0 passed, 1 failed');
    process.exit(1);
  },
);
