import 'reflect-metadata';
import { createHttpApp } from './bootstrap';
import { appConfig } from './config/app.config';

/** API process; runs the queue workers in the same process unless WORKERS_ENABLED=false. */
async function main(): Promise<void> {
  const config = appConfig();
  const app = await createHttpApp({ workers: config.workersEnabled });
  await app.listen(config.port);
  process.stdout.write(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      msg: 'listening',
      port: config.port,
      workers: config.workersEnabled,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
