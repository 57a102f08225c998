import { createPostgresBackend } from 'bullmq';
import { createServer } from 'node:net';
import {
  QueueDatabaseClient,
  forgetFailedReadiness,
  postgresBackend,
  postgresQueueConnection,
} from './queue-connection';

/** A port on 127.0.0.1 that nothing listens on. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

type Internals = {
  connection: { readyPromise?: Promise<void>; pool: { Client: unknown } };
  close(): Promise<void>;
};

describe('the queues on PostgreSQL', () => {
  it('should give every pooled connection of the queues an error listener', () => {
    const client = new QueueDatabaseClient({ connectionString: 'postgres://u@127.0.0.1:1/db' });
    expect(client.listenerCount('error')).toBe(1);
    expect(() => client.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
    expect(postgresQueueConnection('postgres://u@h/db')).toMatchObject({
      schema: 'bullmq',
      Client: QueueDatabaseClient,
    });
  });

  it("should forget a failed readiness check, which BullMQ's own backend keeps (the internals it relies on)", async () => {
    const url = `postgres://u@127.0.0.1:${await unusedPort()}/db`;
    const opts = { connection: postgresQueueConnection(url) } as never;
    const plain = createPostgresBackend('probe', opts) as unknown as Internals;
    const fixed = postgresBackend('probe', opts) as unknown as Internals;
    try {
      for (const backend of [plain, fixed]) {
        await expect(
          (backend as unknown as { waitUntilReady(): Promise<void> }).waitUntilReady(),
        ).rejects.toMatchObject({
          code: 'ECONNREFUSED',
        });
      }
      // BullMQ keeps the rejected promise (every later query fails with it); ours lets the next use try again.
      expect(plain.connection.readyPromise).toBeInstanceOf(Promise);
      expect(fixed.connection.readyPromise).toBeUndefined();
      expect(fixed.connection.pool.Client).toBe(QueueDatabaseClient);
    } finally {
      plain.connection.readyPromise?.catch(() => undefined);
      await Promise.all([plain.close(), fixed.close()]);
    }
  });

  it('should leave an object of another shape alone', () => {
    expect(forgetFailedReadiness(undefined)).toBe(false);
    expect(forgetFailedReadiness({} as never)).toBe(false);
  });
});
