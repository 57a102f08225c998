import { consoleEntry } from './process-output';

describe('consoleEntry', () => {
  it('should format what a library passes to console.* as the message', () => {
    expect(
      consoleEntry(['IMPORTANT! Eviction policy is %s. It should be "noeviction"', 'allkeys-lru']),
    ).toEqual({
      msg: 'IMPORTANT! Eviction policy is allkeys-lru. It should be "noeviction"',
    });
  });

  it("should give a system error's message and code without its stack", () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6399'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(consoleEntry([err])).toEqual({ msg: 'connect ECONNREFUSED 127.0.0.1:6399', code: 'ECONNREFUSED' });
  });

  it('should keep the stack of an error from the code, after the text before it', () => {
    const err = new TypeError('x is not a function');
    const entry = consoleEntry(['Unexpected Error in AsyncFifoQueue', err]);
    expect(entry.msg).toBe('Unexpected Error in AsyncFifoQueue x is not a function');
    expect(entry.stack).toContain('TypeError: x is not a function');
  });
});
