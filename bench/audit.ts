import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@/common/logging/json-logger';
import { auditConfig } from '@/config/audit.config';
import { loadEnvFile } from '@/config/load-env-file';
import { runMigrations } from '@/database/run-migrations';
import { typeormOptions } from '@/database/typeorm-options';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuditRepository } from '@/modules/audit/audit.repository';
import { AuditService } from '@/modules/audit/audit.service';
import { AuditStatsService } from '@/modules/audit/audit-stats.service';
import { CheckpointService } from '@/modules/audit/checkpoint.service';
import { asAppRole } from '@/modules/audit/database-role';
import { ExportService } from '@/modules/audit/export.service';
import { LogVerificationService } from '@/modules/audit/log-verification.service';
import { seedAuditLog } from './audit-seed';
import { Latencies, round } from '../tools/harness/http-client';
import { createScratchDatabase, type ScratchDatabase, scratchSuffix } from '../tools/harness/scratch';

/**
 * `npm run bench:audit`: the auditor's reads on a log of 1,000,000 events (100,000 closed MLA requests
 * of ten events, valid chains, built with generate_series in a scratch database that is dropped at the
 * end). Measures, through the engine's own services on the application's role, one request's history, a
 * filtered search page, an export, checkpointing the whole log and verifying every chain and checkpoint,
 * each against a baseline taken in the same run: a plain indexed SELECT for the reads, a plain read of
 * every event row for the whole-log pass.
 */
const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const AUTHORITIES = Number(process.env.BENCH_AUDIT_AUTHORITIES ?? 20);
const SAMPLES = Number(process.env.BENCH_AUDIT_SAMPLES ?? 300);
const PAGE = 50;

const say = (line: string): void => {
  process.stdout.write(line + '\n');
};

@Module({})
class AuditBenchModule {
  static register(url: string): DynamicModule {
    return {
      module: AuditBenchModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [auditConfig] }),
        TypeOrmModule.forRoot(asAppRole(typeormOptions(url, 4))),
        AuditModule,
      ],
    };
  }
}

interface Measured {
  p50: number;
  p95: number;
  ratio: number;
}

async function main(): Promise<void> {
  loadEnvFile();
  const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const keyDir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  let db: ScratchDatabase | undefined;
  const cleanUp = async (): Promise<void> => {
    rmSync(keyDir, { recursive: true, force: true });
    await db?.drop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const started = performance.now();
  try {
    db = await createScratchDatabase(adminUrl, `bench_audit_${scratchSuffix()}`);
    await runMigrations(db.url);
    const requests = Math.ceil(EVENTS / 10);
    say(
      `Seeding ${requests * 10} events (${requests} requests, ${AUTHORITIES} authorities) in ${db.name}...`,
    );
    const seeded = await seedAuditLog(db.url, requests, AUTHORITIES);
    say(`  ${seeded.events} events in ${round(seeded.seconds)} s`);

    Object.assign(process.env, {
      AUDIT_SIGNING_KEY_PATH: join(keyDir, 'key.pem'),
      AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    });
    const app = await NestFactory.createApplicationContext(AuditBenchModule.register(db.url), {
      logger: new JsonLogger('warn'),
    });
    try {
      const results = await measure(app.get(DataSource), {
        audit: app.get(AuditService),
        events: app.get(AuditRepository),
        checkpoints: app.get(CheckpointService),
        exports: app.get(ExportService),
        verification: app.get(LogVerificationService),
        stats: app.get(AuditStatsService),
      });
      report({ events: seeded.events, seedSeconds: seeded.seconds, ...results });
    } finally {
      await app.close();
    }
  } finally {
    await cleanUp();
  }
  say(`Done in ${round((performance.now() - started) / 1000)} s; scratch database dropped.`);
}

interface Services {
  audit: AuditService;
  events: AuditRepository;
  checkpoints: CheckpointService;
  exports: ExportService;
  verification: LogVerificationService;
  stats: AuditStatsService;
}

type Results = Awaited<ReturnType<typeof measure>>;

async function measure(ds: DataSource, s: Services) {
  const requests: { id: string }[] = await ds.query(
    'SELECT id FROM cooperation_requests ORDER BY random() LIMIT $1',
    [SAMPLES],
  );
  const authorities: { id: string }[] = await ds.query('SELECT id FROM authorities ORDER BY code');
  const pick = <T>(xs: T[], i: number): T => xs[i % xs.length];
  const authority = (i: number): string => pick(authorities, i).id;
  const counterpart = (i: number): string => pick(authorities, i + 1 + (i % (authorities.length - 1))).id;
  const month = (i: number): { from: string; to: string } => {
    const from = new Date(Date.UTC(2025, i % 12, 1));
    return { from: from.toISOString(), to: new Date(Date.UTC(2025, (i % 12) + 1, 1)).toISOString() };
  };

  /** Runs `op` for every sample (after a warm-up pass over a few) and returns its latencies in ms. */
  const time = async (op: (i: number) => Promise<unknown>, samples = SAMPLES): Promise<Latencies> => {
    for (let i = 0; i < Math.min(20, samples); i++) {
      await op(samples + i);
    }
    const l = new Latencies();
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await op(i);
      l.add(performance.now() - t0);
    }
    return l;
  };

  say('Measuring reads...');
  const baseline = await time((i) =>
    ds.query('SELECT * FROM cooperation_requests WHERE id = $1', [pick(requests, i).id]),
  );
  const against = (l: Latencies): Measured => ({
    p50: round(l.percentile(50), 2),
    p95: round(l.percentile(95), 2),
    ratio: round(l.percentile(50) / baseline.percentile(50), 1),
  });
  const search = (extra: (i: number) => object) => (i: number) =>
    s.audit.search({ authorityId: authority(i), limit: PAGE + 1, ...extra(i) });
  const reads = {
    baseline: against(baseline),
    history: against(await time((i) => s.audit.history(pick(requests, i).id))),
    verifyOneRequest: against(await time((i) => s.audit.verify(pick(requests, i).id))),
    searchAuthority: against(await time(search(() => ({})))),
    searchAction: against(await time(search(() => ({ action: 'transmit-results' })))),
    searchCounterpart: against(await time(search((i) => ({ counterpartAuthorityId: counterpart(i) })))),
    searchStatusMonth: against(await time(search((i) => ({ status: 'ACCEPTED', ...month(i) })))),
    searchActorMonth: against(await time(search((i) => ({ actorAuthorityId: counterpart(i), ...month(i) })))),
  };

  say('Checkpointing the whole log...');
  let t0 = performance.now();
  const created = await s.checkpoints.checkpointNow();
  const checkpointSeconds = (performance.now() - t0) / 1000;

  say('Exports...');
  const exportOne = against(
    await time((i) => s.exports.exportRequest(pick(requests, i).id, 'requesting'), Math.min(SAMPLES, 50)),
  );
  say('Statistics...');
  const statsOneAuthority = against(await time((i) => s.stats.stats({ authorityId: authority(i) }), 10));

  say('Whole-log pass: plain read, then verification...');
  t0 = performance.now();
  let scanned = 0;
  for (let after = '0'; ;) {
    const batch = await s.events.batchAfter(after, 5000);
    if (batch.length === 0) {
      break;
    }
    scanned += batch.length;
    after = batch[batch.length - 1].id;
  }
  const scanSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const verification = await s.verification.verifyAll();
  const verifySeconds = (performance.now() - t0) / 1000;
  if (!verification.valid || verification.events !== scanned) {
    throw new Error(`the seeded log did not verify: ${JSON.stringify(verification)}`);
  }
  return {
    reads,
    exportOne,
    statsOneAuthority,
    checkpoints: created.length,
    checkpointSeconds,
    scanSeconds,
    verifySeconds,
    verification,
  };
}

function report(r: Results & { events: number; seedSeconds: number }): void {
  const rows: [string, Measured][] = [
    ['baseline: SELECT one request by id', r.reads.baseline],
    ["one request's history (10 events)", r.reads.history],
    ['verify one request (GET /v1/audit/verify?requestId=)', r.reads.verifyOneRequest],
    [`search page (${PAGE}): authority only`, r.reads.searchAuthority],
    [`search page (${PAGE}): action=transmit-results`, r.reads.searchAction],
    [`search page (${PAGE}): counterpart`, r.reads.searchCounterpart],
    [`search page (${PAGE}): status + one month`, r.reads.searchStatusMonth],
    [`search page (${PAGE}): actor authority + one month`, r.reads.searchActorMonth],
    ['export of one request (proofs included)', r.exportOne],
    ['statistics of one authority', r.statsOneAuthority],
  ];
  say('');
  say(
    `Audit benchmark: ${r.events} events, ${r.verification.requests} requests (seeded in ${round(r.seedSeconds)} s)`,
  );
  say('| operation | p50 ms | p95 ms | p50 / baseline |');
  say('|---|---|---|---|');
  for (const [name, m] of rows) {
    say(`| ${name} | ${m.p50} | ${m.p95} | ${m.ratio} |`);
  }
  say('');
  say('| whole log | seconds | events/s | / plain read |');
  say('|---|---|---|---|');
  const perSecond = (seconds: number): number => Math.round(r.events / seconds);
  say(`| baseline: read every event row | ${round(r.scanSeconds)} | ${perSecond(r.scanSeconds)} | 1 |`);
  say(
    `| take checkpoints over the whole log (${r.checkpoints}) | ${round(r.checkpointSeconds)} | ${perSecond(r.checkpointSeconds)} | ${round(r.checkpointSeconds / r.scanSeconds)} |`,
  );
  say(
    `| verify every chain and checkpoint | ${round(r.verifySeconds)} | ${perSecond(r.verifySeconds)} | ${round(r.verifySeconds / r.scanSeconds)} |`,
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/audit.json', JSON.stringify({ at: new Date().toISOString(), ...r }, null, 2));
  say('');
  say('Figures saved to bench/results/audit.json');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench:audit failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
