import { type ControlServer, startControlServer } from './control-server';
import { FaultProxy } from './fault-proxy';
import { formatAddress } from './loopback';

/**
 * The fault proxy as its own process (`npm run build:tools`, then):
 *
 *   node build/tools/fault-proxy/main.js --listen 127.0.2.1:0 --upstream 127.0.0.3:4000 \
 *        --control 127.0.2.1:0 [--name A->B] [--rewrite-host] [--upstream-errors bad-gateway|reset]
 *
 * Prints one JSON line once it listens ({ msg, name, listen, upstream, control }), is then driven through
 * the control endpoint (FaultProxyClient), and on SIGTERM or SIGINT prints its report on stderr and its
 * final counters as one JSON line, then exits 0.
 */
export interface FaultProxyProcess {
  proxy: FaultProxy;
  control: ControlServer;
  close(): Promise<void>;
}

export const USAGE =
  'usage: main.js --listen <127.x.y.z:port> --upstream <127.x.y.z:port> --control <127.x.y.z:port> ' +
  '[--name <name>] [--rewrite-host] [--upstream-errors bad-gateway|reset]';

export function parseCliArgs(argv: readonly string[]): {
  listen: string;
  upstream: string;
  control: string;
  name?: string;
  rewriteHost: boolean;
  upstreamErrors?: 'bad-gateway' | 'reset';
} {
  const values = new Map<string, string>();
  let rewriteHost = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rewrite-host') {
      rewriteHost = true;
      continue;
    }
    if (!['--listen', '--upstream', '--control', '--name', '--upstream-errors'].includes(arg)) {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new Error(`${arg} needs a value\n${USAGE}`);
    }
    values.set(arg.slice(2), value);
  }
  for (const required of ['listen', 'upstream', 'control']) {
    if (!values.has(required)) {
      throw new Error(`--${required} is required\n${USAGE}`);
    }
  }
  const upstreamErrors = values.get('upstream-errors');
  if (upstreamErrors !== undefined && upstreamErrors !== 'bad-gateway' && upstreamErrors !== 'reset') {
    throw new Error(`--upstream-errors must be bad-gateway or reset\n${USAGE}`);
  }
  return {
    listen: values.get('listen') as string,
    upstream: values.get('upstream') as string,
    control: values.get('control') as string,
    name: values.get('name'),
    rewriteHost,
    upstreamErrors,
  };
}

/** Starts the proxy and its control endpoint from command-line arguments. */
export async function startFaultProxyProcess(argv: readonly string[]): Promise<FaultProxyProcess> {
  const args = parseCliArgs(argv);
  const proxy = await FaultProxy.start({
    listen: args.listen,
    upstream: args.upstream,
    name: args.name,
    rewriteHost: args.rewriteHost,
    upstreamErrors: args.upstreamErrors,
  });
  let control: ControlServer;
  try {
    control = await startControlServer(proxy, args.control);
  } catch (err) {
    await proxy.close();
    throw err;
  }
  return {
    proxy,
    control,
    close: async () => {
      await control.close();
      await proxy.close();
    },
  };
}

async function main(): Promise<void> {
  const running = await startFaultProxyProcess(process.argv.slice(2));
  process.stdout.write(
    JSON.stringify({
      msg: 'fault proxy listening',
      name: running.proxy.name,
      listen: formatAddress(running.proxy.address),
      upstream: formatAddress(running.proxy.upstream),
      control: formatAddress(running.control.address),
      pid: process.pid,
    }) + '\n',
  );
  const stop = (): void => {
    process.stderr.write(running.proxy.report({ requests: true }) + '\n');
    process.stdout.write(JSON.stringify({ msg: 'fault proxy stopped', stats: running.proxy.stats() }) + '\n');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`fault proxy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
