const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Postgres SQLSTATE classes meaning "the server can't serve you now", not "your input is bad". */
const PG_UNAVAILABLE = /^(08|53|57P0)/;

export function isBackendUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; name?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || PG_UNAVAILABLE.test(e.code))) {
    return true;
  }
  if (e.driverError && isBackendUnavailable(e.driverError)) {
    return true;
  }
  // TypeORM releases a transaction's connection when the server drops it (a restart); the transaction's
  // next query then fails with this instead of the connection error itself.
  if (e.name === 'QueryRunnerAlreadyReleasedError' || e.name === 'QueryRunnerProviderAlreadyReleasedError') {
    return true;
  }
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|connection timeout|Connection is closed|Stream isn't writeable|max retries per request|timeout exceeded when trying to connect|encountered a connection error and is not queryable|the database system is (starting up|shutting down|in recovery mode)/i.test(
    message,
  );
}
