import { isIPv4 } from 'node:net';

/** A TCP address on the loopback network 127.0.0.0/8: the only place the fault proxy listens or forwards to. */
export interface LoopbackAddress {
  host: string;
  port: number;
}

/** `127.0.0.3:4000`, `http://127.0.0.3:4000` (an origin, no path), or `{ host, port }`. */
export type AddressInput = string | URL | LoopbackAddress;

/**
 * True for a dotted-quad IPv4 literal in 127.0.0.0/8. Names (`localhost`), IPv6 (`::1`, `::ffff:127.0.0.1`)
 * and shortened forms (`127.1`) are refused: a name could resolve elsewhere, and the rule must be checkable
 * by reading the address.
 */
export function isLoopbackIPv4(host: string): boolean {
  return isIPv4(host) && host.split('.')[0] === '127';
}

/**
 * Reads an address and refuses anything outside 127.0.0.0/8. `what` names it in the error
 * (`listen`, `upstream`, `control`). Port 0 (any free port) only where `allowAnyPort` says so.
 */
export function loopbackAddress(input: AddressInput, what: string, allowAnyPort = false): LoopbackAddress {
  let host: string;
  let port: number;
  if (typeof input === 'object' && !(input instanceof URL)) {
    host = input.host;
    port = input.port;
  } else {
    const text = input instanceof URL ? input.href : input.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new Error(`${what}: ${text} is not a URL`);
      }
      if (url.protocol !== 'http:') {
        throw new Error(`${what}: only http:// is proxied (found ${url.protocol}//)`);
      }
      if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
        throw new Error(`${what}: ${text} must be an origin (scheme, host and port only)`);
      }
      host = url.hostname;
      port = url.port === '' ? 80 : Number(url.port);
    } else {
      const match = /^([^:]+):(\d+)$/.exec(text);
      if (!match) {
        throw new Error(`${what}: ${text} must be <host>:<port> or http://<host>:<port>`);
      }
      host = match[1];
      port = Number(match[2]);
    }
  }
  if (!isLoopbackIPv4(host)) {
    throw new Error(
      `${what}: ${host} is not a 127.0.0.0/8 address; the fault proxy listens and forwards on loopback only`,
    );
  }
  if (!Number.isInteger(port) || port < (allowAnyPort ? 0 : 1) || port > 65535) {
    throw new Error(
      `${what}: port ${port} is not a valid TCP port${allowAnyPort ? ' (0: any free one)' : ''}`,
    );
  }
  return { host, port };
}

export function formatAddress(address: LoopbackAddress): string {
  return `${address.host}:${address.port}`;
}
