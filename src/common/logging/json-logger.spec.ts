import { JsonLogger, stdoutLines } from './json-logger';

describe('JsonLogger', () => {
  it('should write one JSON object per line, with secrets redacted', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    logger.log({ msg: 'request', authorization: 'Bearer abc', status: 200 }, 'Http');
    logger.debug('below the threshold');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'info',
      context: 'Http',
      msg: 'request',
      status: 200,
    });
    expect(lines[0]).not.toContain('abc');
  });

  it('should redact secrets at every depth, in arrays too, and survive cycles', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger.log(
      {
        msg: 'outgoing',
        req: { headers: { Authorization: 'Bearer nested-secret', cookie: 'coop_session=abc', host: 'x' } },
        attempts: [{ signature: 'v1,sig' }, { ok: true }],
        cyclic,
      },
      'Http',
    );
    const entry = JSON.parse(lines[0]);
    expect(entry.req.headers).toEqual({ Authorization: '[redacted]', cookie: '[redacted]', host: 'x' });
    expect(entry.attempts).toEqual([{ signature: '[redacted]' }, { ok: true }]);
    expect(entry.cyclic).toEqual({ name: 'loop', self: '[cut]' });
    expect(lines[0]).not.toContain('nested-secret');
  });

  it('should write the lines of one turn of the event loop to stdout at once, in order', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      stdoutLines('{"n":1}');
      stdoutLines('{"n":2}');
      expect(write).not.toHaveBeenCalled();
      await new Promise((resolve) => setImmediate(resolve));
      expect(write.mock.calls).toEqual([['{"n":1}\n{"n":2}\n']]);
      stdoutLines('{"n":3}');
      await new Promise((resolve) => setImmediate(resolve));
      expect(write.mock.calls[1]).toEqual(['{"n":3}\n']);
    } finally {
      write.mockRestore();
    }
  });
});
