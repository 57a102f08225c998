import { memoryCounters } from './rate-limit-counters';

describe('memoryCounters', () => {
  it('should allow `points` requests of a key per window, then say how long until the window ends', async () => {
    const counters = memoryCounters({ name: 'ip', points: 2, windowMs: 60000 });
    expect(await counters.take('a')).toBe(0);
    expect(await counters.take('a')).toBe(0);
    const wait = await counters.take('a');
    expect(wait).toBeGreaterThan(59000);
    expect(wait).toBeLessThanOrEqual(60000);
    // Another key has a budget of its own.
    expect(await counters.take('b')).toBe(0);
    expect(counters.shared).toBe(false);
  });

  it('should count whole seconds for a window under one (the library counts seconds)', async () => {
    const counters = memoryCounters({ name: 'ip', points: 1, windowMs: 1 });
    expect(await counters.take('a')).toBe(0);
    const wait = await counters.take('a');
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1000);
  });
});
