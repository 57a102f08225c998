import { admit, afterFailure, type BreakerRow, retryDelayMs } from './backoff';

const CFG = { retryBaseMs: 1000, retryMaxMs: 60000, breakerFailures: 3 };
const NOW = new Date('2026-12-01T12:00:00Z');
const closed: BreakerRow = {
  breakerState: 'closed',
  failures: 0,
  breakerOpenUntil: null,
  breakerProbeUntil: null,
};

describe('delivery backoff and circuit breaker', () => {
  it('should double the delay per consecutive failure, capped, jittered between half and all of it', () => {
    expect([1, 2, 3, 4].map((f) => retryDelayMs(f, CFG, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, CFG, () => 0)).toBe(2000);
    expect(retryDelayMs(30, CFG, () => 1)).toBe(60000);
    expect(retryDelayMs(5000, CFG, () => 0.5)).toBe(45000);
    expect(retryDelayMs(0, CFG, () => 1)).toBe(1000);
  });

  it('should stay closed below the threshold and open at it, for the delay of that many failures', () => {
    const one = afterFailure(closed, NOW, CFG, () => 1);
    expect(one).toMatchObject({ breakerState: 'closed', failures: 1, opened: false, delayMs: 1000 });
    const two = afterFailure(one, NOW, CFG, () => 1);
    const three = afterFailure(two, NOW, CFG, () => 1);
    expect(three).toMatchObject({ breakerState: 'open', failures: 3, opened: true, delayMs: 4000 });
    expect(three.breakerOpenUntil).toEqual(new Date(NOW.getTime() + 4000));
  });

  it('should hold attempts while open, let one probe through after, and reopen on a failed probe', () => {
    const open: BreakerRow = {
      ...closed,
      breakerState: 'open',
      failures: 3,
      breakerOpenUntil: new Date(NOW.getTime() + 5000),
    };
    expect(admit(closed, NOW)).toEqual({ go: true, probe: false });
    expect(admit(open, NOW)).toEqual({ go: false, until: open.breakerOpenUntil });
    expect(admit(open, new Date(NOW.getTime() + 5000))).toEqual({ go: true, probe: true });
    const probing: BreakerRow = {
      ...open,
      breakerState: 'half-open',
      breakerProbeUntil: new Date(NOW.getTime() + 9000),
    };
    expect(admit(probing, new Date(NOW.getTime() + 6000))).toEqual({
      go: false,
      until: probing.breakerProbeUntil,
    });
    const again = afterFailure(probing, NOW, CFG, () => 1);
    expect(again).toMatchObject({ breakerState: 'open', failures: 4, opened: false, delayMs: 8000 });
  });
});
