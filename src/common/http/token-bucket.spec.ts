import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('should allow a burst of the capacity, then say how long to wait', () => {
    const buckets = new TokenBuckets(3, 3000, clock);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1000);
    now += 400;
    expect(buckets.take('a')).toBe(600);
  });

  it('should give the budget back evenly over the window', () => {
    const buckets = new TokenBuckets(2, 1000, clock);
    buckets.take('a');
    buckets.take('a');
    now += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    now += 10_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 500]);
  });

  it('should keep keys apart', () => {
    const buckets = new TokenBuckets(1, 1000, clock);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('b')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('should forget full buckets once per window, so memory follows active keys', () => {
    const buckets = new TokenBuckets(5, 1000, clock);
    for (let i = 0; i < 100; i++) {
      buckets.take(`k${i}`);
    }
    expect(buckets.size).toBe(100);
    now += 1000;
    buckets.take('fresh');
    expect(buckets.size).toBe(1);
  });
});
