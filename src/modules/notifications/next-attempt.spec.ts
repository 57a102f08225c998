import { nextAttemptAt } from './next-attempt';

const policy = { attempts: 4, backoffMs: 2000 };
const attempt = (at: string) => ({ at, statusCode: 500, error: null, ms: 12 });

describe('nextAttemptAt', () => {
  it('should double the base delay per attempt made, from the last attempt', () => {
    const log = [attempt('2026-12-01T10:00:00.000Z')];
    expect(nextAttemptAt({ status: 'pending', attempts: 1, attemptLog: log }, policy)?.toISOString()).toBe(
      '2026-12-01T10:00:02.000Z',
    );
    const three = [...log, attempt('2026-12-01T10:00:02.100Z'), attempt('2026-12-01T10:00:06.200Z')];
    expect(nextAttemptAt({ status: 'pending', attempts: 3, attemptLog: three }, policy)?.toISOString()).toBe(
      '2026-12-01T10:00:14.200Z',
    );
  });

  it('should schedule nothing once delivered, failed, cancelled, before the first attempt or out of attempts', () => {
    const log = [attempt('2026-12-01T10:00:00.000Z')];
    for (const status of ['delivered', 'failed', 'cancelled'] as const) {
      expect(nextAttemptAt({ status, attempts: 1, attemptLog: log }, policy)).toBeNull();
    }
    expect(nextAttemptAt({ status: 'pending', attempts: 0, attemptLog: [] }, policy)).toBeNull();
    const four = [log[0], log[0], log[0], log[0]].filter((a) => a !== undefined);
    expect(nextAttemptAt({ status: 'pending', attempts: 4, attemptLog: four }, policy)).toBeNull();
  });
});
