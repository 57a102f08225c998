import { parseNodeOrigin } from './federation.config';

/**
 * FEDERATION_CONNECT_TO: where this node opens the TCP connection for a peer's origin, like curl's
 * --connect-to. The request (URL, Host, the signed `@target-uri`) stays the peer's origin; only the
 * connection goes elsewhere, e.g. to the fault proxy of one directed link in `npm run test:federation`.
 * Comma-separated `<origin>=<host>:<port>` entries (`http://127.0.0.3:4100=127.0.2.1:41234`; the target
 * may also be written `http://host:port`). Test tooling only: plain-http origins, with
 * FEDERATION_ALLOW_HTTP=true, refused in production.
 */
export interface DialTarget {
  host: string;
  port: number;
}

/** Peer origin (normalised, `new URL().origin`) to the address dialled instead. */
export type DialOverrides = ReadonlyMap<string, DialTarget>;

const PREFIX = 'Invalid environment configuration:\n';
const TARGET = /^(?:http:\/\/)?([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\]):(\d{1,5})\/?$/;

export function readDialConfig(env: NodeJS.ProcessEnv = process.env): DialOverrides {
  const value = env.FEDERATION_CONNECT_TO?.trim();
  const overrides = new Map<string, DialTarget>();
  if (!value) {
    return overrides;
  }
  const problems: string[] = [];
  const problem = (why: string): void => {
    problems.push(`  FEDERATION_CONNECT_TO: ${why}`);
  };
  if (env.NODE_ENV === 'production') {
    problem(
      'FEDERATION_CONNECT_TO is for tests on one machine and is refused in production (NODE_ENV=production)',
    );
  }
  if (env.FEDERATION_ALLOW_HTTP !== 'true') {
    problem('FEDERATION_CONNECT_TO redirects plain-http origins only: it needs FEDERATION_ALLOW_HTTP=true');
  }
  for (const entry of value.split(',').map((e) => e.trim())) {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) {
      problem(`entry "${entry.slice(0, 120)}" must be <origin>=<host>:<port>`);
      continue;
    }
    const parsed = parseNodeOrigin(entry.slice(0, eq), true);
    if (!parsed.ok) {
      problem(`origin "${entry.slice(0, eq).slice(0, 120)}" ${parsed.reason}`);
      continue;
    }
    if (!parsed.origin.startsWith('http://')) {
      problem(`origin ${parsed.origin}: only plain-http origins can be redirected (no TLS to the stand-in)`);
      continue;
    }
    const target = TARGET.exec(entry.slice(eq + 1));
    const port = target ? Number(target[2]) : 0;
    if (!target || port < 1 || port > 65535) {
      problem(
        `target "${entry.slice(eq + 1).slice(0, 120)}" of ${parsed.origin} must be <host>:<port> (port 1 to 65535)`,
      );
      continue;
    }
    if (overrides.has(parsed.origin)) {
      problem(`origin ${parsed.origin} is named twice`);
      continue;
    }
    overrides.set(parsed.origin, { host: target[1].replace(/^\[|\]$/g, ''), port });
  }
  if (problems.length > 0) {
    throw new Error(`${PREFIX}${problems.join('\n')}`);
  }
  return overrides;
}
