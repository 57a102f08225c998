import { readDialConfig } from './federation-dial.config';

function errorOf(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('FEDERATION_CONNECT_TO', () => {
  it('should name no override when unset or empty', () => {
    expect(readDialConfig({}).size).toBe(0);
    expect(readDialConfig({ FEDERATION_CONNECT_TO: ' ' }).size).toBe(0);
  });

  it('should map each normalised origin to the address dialled instead', () => {
    const map = readDialConfig({
      FEDERATION_ALLOW_HTTP: 'true',
      FEDERATION_CONNECT_TO: 'http://127.0.0.3:4100/=127.0.2.1:41234, http://B.example:80=http://[::1]:9000',
    });
    expect([...map.entries()]).toEqual([
      ['http://127.0.0.3:4100', { host: '127.0.2.1', port: 41234 }],
      ['http://b.example', { host: '::1', port: 9000 }],
    ]);
  });

  it('should be refused in production and without FEDERATION_ALLOW_HTTP', () => {
    const message = errorOf(() =>
      readDialConfig({ NODE_ENV: 'production', FEDERATION_CONNECT_TO: 'http://a.example=127.0.0.1:1' }),
    );
    expect(message).toContain('refused in production');
    expect(message).toContain('needs FEDERATION_ALLOW_HTTP=true');
  });

  it('should name each bad entry: no target, a path, https, a bad port, an origin twice', () => {
    const message = errorOf(() =>
      readDialConfig({
        FEDERATION_ALLOW_HTTP: 'true',
        FEDERATION_CONNECT_TO: [
          'http://a.example',
          'http://b.example/inbox=127.0.0.1:1',
          'https://c.example=127.0.0.1:1',
          'http://d.example=127.0.0.1:70000',
          'http://e.example=127.0.0.1:1',
          'http://e.example:80=127.0.0.1:2',
        ].join(','),
      }),
    );
    expect(message).toContain('entry "http://a.example" must be <origin>=<host>:<port>');
    expect(message).toContain('origin "http://b.example/inbox" must be an origin only');
    expect(message).toContain('origin https://c.example: only plain-http origins');
    expect(message).toContain('target "127.0.0.1:70000" of http://d.example must be <host>:<port>');
    expect(message).toContain('origin http://e.example is named twice');
  });
});
