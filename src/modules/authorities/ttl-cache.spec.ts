import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('should return a stored value until its time to live has passed', () => {
    const cache = new TtlCache<string, number>(100, 10, clock);
    cache.set('a', 1);
    now += 99;
    expect(cache.get('a')).toBe(1);
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('should store nothing with a time to live of 0', () => {
    const cache = new TtlCache<string, number>(0, 10, clock);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('should drop the oldest entry when full', () => {
    const cache = new TtlCache<string, number>(1000, 2, clock);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('should forget the entries a predicate matches, and only those', () => {
    const cache = new TtlCache<string, { user: string }>(1000, 10, clock);
    cache.set('t1', { user: 'u1' });
    cache.set('t2', { user: 'u1' });
    cache.set('t3', { user: 'u2' });
    cache.deleteWhere((v) => v.user === 'u1');
    expect([cache.get('t1'), cache.get('t2'), cache.get('t3')]).toEqual([
      undefined,
      undefined,
      { user: 'u2' },
    ]);
  });
});
