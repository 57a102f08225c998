import { EventEmitter } from 'node:events';
import {
  Agent,
  createServer as createHttpServer,
  type IncomingMessage,
  request as httpRequest,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type AddressInput, formatAddress, type LoopbackAddress, loopbackAddress } from './loopback';
import { type FaultMode, type Rule, RuleSet, type RuleSpec } from './rules';

/** What happened to one request, as the final report counts it. */
export type Outcome =
  /** Forwarded and its answer relayed (whatever the upstream's status). */
  | 'passed'
  | 'dropped-request'
  /** Forwarded, processed and answered upstream; the client's connection was reset instead. */
  | 'dropped-answer'
  /** Answered with an error status by the proxy, not forwarded. */
  | 'unavailable'
  /** Answered by the proxy with the rule's own status and body (an impostor), not forwarded. */
  | 'responded'
  | 'reset'
  /** Held (a `hang` rule or a hanging partition) until healed, or until the client gave up. */
  | 'hung'
  /** Arrived on an open connection during a refusing partition: reset. */
  | 'refused'
  /** The upstream could not be reached or broke off (502, or a reset with `upstreamErrors: 'reset'`). */
  | 'upstream-error'
  /** The client went away before the proxy was done with it. */
  | 'client-aborted';

export const OUTCOMES: readonly Outcome[] = [
  'passed',
  'dropped-request',
  'dropped-answer',
  'unavailable',
  'responded',
  'reset',
  'hung',
  'refused',
  'upstream-error',
  'client-aborted',
];

export interface RequestRecord {
  /** 1, 2, 3... for the proxy's lifetime (resetStats does not restart it). */
  seq: number;
  /** When the request's head arrived (ISO 8601). */
  at: string;
  method: string;
  /** The request target as received (path and query), forwarded unchanged. */
  target: string;
  /** The Host header as received. */
  host: string;
  /** The rules applied to it (ids), delays included. */
  rules: number[];
  /** The deciding fault (`pass` when no deciding rule applied), or `partition`. */
  fault: FaultMode | 'partition';
  /** Added delay, ms (0: none). */
  delayMs: number;
  outcome: Outcome;
  /** The status the client received; absent when it received none (drop, reset, hang). */
  status?: number;
  /** The status the upstream answered, relayed or not (drop-answer). */
  upstreamStatus?: number;
  /** Body bytes read from the client and passed upstream (or discarded). */
  requestBytes: number;
  /** Body bytes of the upstream's answer (relayed, or read and discarded by drop-answer). */
  responseBytes: number;
  durationMs: number;
  /** Why, for errors and aborts. */
  note?: string;
}

export interface ProxyStats {
  name: string;
  listen: string;
  upstream: string;
  /** Requests whose fate is settled (each is one record). */
  requests: number;
  /** Requests still being handled (forwarding, delayed or held). */
  inFlight: number;
  /** Of `requests`, those delayed by a rule. */
  delayed: number;
  outcomes: Record<Outcome, number>;
  /** TCP connections accepted from clients. */
  connections: number;
  requestBytes: number;
  responseBytes: number;
  partition: PartitionMode | null;
}

/**
 * `hang`: every request is held, unanswered, until healed. `refuse`: the proxy stops listening (new
 * connections are refused, ECONNREFUSED), closes its idle client connections, and resets any request that
 * still arrives on an open one. Requests already forwarded when the partition starts finish normally.
 */
export type PartitionMode = 'hang' | 'refuse';

export interface FaultProxyOptions {
  /** Where to listen, on 127.0.0.0/8 (`127.0.2.1:0`: any free port). */
  listen: AddressInput;
  /** Where to forward, on 127.0.0.0/8. */
  upstream: AddressInput;
  /** For logs and the report, e.g. `A->B`. */
  name?: string;
  /**
   * Set the Host header to the upstream's `host:port`. Default false: Host is forwarded as the client sent
   * it, which is what an HTTP signature over `@authority`/`@target-uri` needs (see README.md).
   */
  rewriteHost?: boolean;
  /** When the upstream cannot be reached: answer `502` (default, with `x-fault-proxy: upstream-error`) or reset. */
  upstreamErrors?: 'bad-gateway' | 'reset';
  /** Records kept for log() (the oldest are dropped beyond it; counters count everything). Default 10000. */
  logLimit?: number;
  /** For random delays; Math.random by default. */
  random?: () => number;
}

/** The controls a test drives, in process (FaultProxy) or over HTTP (FaultProxyClient): await each call. */
export interface FaultProxyControl {
  addRule(spec: RuleSpec): Rule | Promise<Rule>;
  removeRule(id: number): boolean | Promise<boolean>;
  clearRules(): number | Promise<number>;
  rules(): Rule[] | Promise<Rule[]>;
  partition(mode: PartitionMode): Promise<void>;
  heal(): Promise<void>;
  stats(): ProxyStats | Promise<ProxyStats>;
  log(after?: number): RequestRecord[] | Promise<RequestRecord[]>;
  resetStats(): void | Promise<void>;
  report(): string | Promise<string>;
}

/**
 * Headers that describe one connection, not the message (RFC 9110 section 7.6.1): not forwarded, in either
 * direction, with any header the Connection header names. Everything else passes byte for byte, in order
 * and letter case, duplicates included (Content-Digest, Signature, Signature-Input, Content-Type, Host...).
 * Transfer-Encoding is kept: Node frames the forwarded body by it (or by Content-Length).
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

export function forwardableHeaders(raw: string[], hostOverride?: string): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') {
      for (const token of raw[i + 1].split(',')) {
        named.add(token.trim().toLowerCase());
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) {
      continue;
    }
    if (name === 'host' && hostOverride !== undefined) {
      out.push(raw[i], hostOverride);
      continue;
    }
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** RST instead of FIN (SO_LINGER 0), unless the connection is gone already. */
function resetConnection(socket: Socket): void {
  if (!socket.destroyed) {
    socket.resetAndDestroy();
  }
}

interface Held {
  res: ServerResponse;
  settle: (outcome: Outcome, note?: string) => void;
}

/**
 * An HTTP/1.1 proxy on one directed link between two nodes: listens on one loopback address, forwards to
 * another, and does to each request what its rules say (README.md). Bodies stream both ways with
 * backpressure (nothing is buffered whole), and the request target, Host and every end-to-end header are
 * forwarded unchanged, so that signatures and digests made by the sender verify at the receiver.
 */
export class FaultProxy extends EventEmitter implements FaultProxyControl {
  readonly name: string;
  readonly upstream: LoopbackAddress;
  private listenAt: LoopbackAddress;
  private readonly http: HttpServer;
  private listener: NetServer | undefined;
  private readonly ruleSet = new RuleSet();
  private readonly agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  private readonly sockets = new Map<Socket, { busy: number }>();
  private readonly held = new Set<Held>();
  private records: RequestRecord[] = [];
  private counters = FaultProxy.zeroCounters();
  private seq = 0;
  private inFlight = 0;
  private partitionMode: PartitionMode | null = null;
  private closed = false;
  private readonly logLimit: number;
  private readonly random: () => number;
  private readonly rewriteHost: boolean;
  private readonly upstreamErrors: 'bad-gateway' | 'reset';

  private constructor(options: FaultProxyOptions) {
    super();
    this.listenAt = loopbackAddress(options.listen, 'listen', true);
    this.upstream = loopbackAddress(options.upstream, 'upstream');
    this.name = options.name ?? `${formatAddress(this.listenAt)}->${formatAddress(this.upstream)}`;
    this.logLimit = options.logLimit ?? 10000;
    this.random = options.random ?? Math.random;
    this.rewriteHost = options.rewriteHost ?? false;
    this.upstreamErrors = options.upstreamErrors ?? 'bad-gateway';
    // No timeouts of the proxy's own: a slow transfer or a long-held request is the test's business.
    this.http = createHttpServer(
      { requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 5000 },
      (req, res) => this.handle(req, res),
    );
    this.http.on('clientError', (_err, socket: Socket) => socket.destroy());
  }

  /** Starts a proxy; resolves once it listens (`address` then holds the port it got). */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await proxy.openListener();
    return proxy;
  }

  /** The address it listens on (the real port once started). */
  get address(): LoopbackAddress {
    return { ...this.listenAt };
  }

  /** `http://<host>:<port>`: what a sender addresses to go through this link. */
  get url(): string {
    return `http://${formatAddress(this.listenAt)}`;
  }

  get partitioned(): PartitionMode | null {
    return this.partitionMode;
  }

  addRule(spec: RuleSpec): Rule {
    return this.ruleSet.add(spec);
  }

  removeRule(id: number): boolean {
    return this.ruleSet.remove(id);
  }

  clearRules(): number {
    return this.ruleSet.clear();
  }

  rules(): Rule[] {
    return this.ruleSet.list();
  }

  async partition(mode: PartitionMode): Promise<void> {
    if (this.partitionMode === mode) {
      return;
    }
    if (this.partitionMode !== null) {
      await this.heal();
    }
    this.partitionMode = mode;
    if (mode === 'refuse') {
      await this.closeListener();
      for (const [socket, state] of this.sockets) {
        if (state.busy === 0) {
          socket.destroy();
        }
      }
    }
  }

  /** Ends a partition (listening again on the same port) and closes every held request's connection. */
  async heal(): Promise<void> {
    const was = this.partitionMode;
    this.partitionMode = null;
    for (const held of [...this.held]) {
      held.settle('hung', 'released by heal()');
      held.res.socket?.destroy();
    }
    if (was === 'refuse' && !this.closed) {
      await this.openListener();
    }
  }

  stats(): ProxyStats {
    return {
      name: this.name,
      listen: formatAddress(this.listenAt),
      upstream: formatAddress(this.upstream),
      requests: this.counters.requests,
      inFlight: this.inFlight,
      delayed: this.counters.delayed,
      outcomes: { ...this.counters.outcomes },
      connections: this.counters.connections,
      requestBytes: this.counters.requestBytes,
      responseBytes: this.counters.responseBytes,
      partition: this.partitionMode,
    };
  }

  /** The records kept (see logLimit), oldest first; with `after`, only those with a greater seq. */
  log(after = 0): RequestRecord[] {
    return this.records.filter((r) => r.seq > after).map((r) => ({ ...r, rules: [...r.rules] }));
  }

  /** Forgets the records and zeroes the counters (rules and partition stay). */
  resetStats(): void {
    this.records = [];
    this.counters = FaultProxy.zeroCounters();
  }

  /** One line for the link, then one per kept record: for a test's final report. */
  report(options: { requests?: boolean } = {}): string {
    const s = this.stats();
    const counts = OUTCOMES.filter((o) => s.outcomes[o] > 0).map((o) => `${o} ${s.outcomes[o]}`);
    const head =
      `fault proxy ${s.name} (${s.listen} -> ${s.upstream}): ${s.requests} requests` +
      (s.delayed > 0 ? `, ${s.delayed} delayed` : '') +
      (counts.length > 0 ? `: ${counts.join(', ')}` : '') +
      (s.inFlight > 0 ? `; ${s.inFlight} in flight` : '') +
      (s.partition ? `; partitioned (${s.partition})` : '');
    if (!options.requests) {
      return head;
    }
    const lines = this.records.map(
      (r) =>
        `  #${r.seq} ${r.method} ${r.target} -> ${r.outcome}` +
        (r.status !== undefined ? ` ${r.status}` : '') +
        (r.upstreamStatus !== undefined && r.upstreamStatus !== r.status
          ? ` (upstream ${r.upstreamStatus})`
          : '') +
        (r.delayMs > 0 ? ` +${r.delayMs} ms` : '') +
        ` ${Math.round(r.durationMs)} ms` +
        (r.note ? ` (${r.note})` : ''),
    );
    return [head, ...lines].join('\n');
  }

  /**
   * Resolves with the matching records once at least `count` of them (among those kept since the last
   * resetStats) are settled; rejects after `timeoutMs`.
   */
  waitForRequests(
    count: number,
    filter: (r: RequestRecord) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<RequestRecord[]> {
    const found = (): RequestRecord[] => this.records.filter(filter);
    if (found().length >= count) {
      return Promise.resolve(found());
    }
    return new Promise((resolve, reject) => {
      const onRecord = (): void => {
        const now = found();
        if (now.length >= count) {
          clearTimeout(timer);
          this.off('request', onRecord);
          resolve(now);
        }
      };
      const timer = setTimeout(() => {
        this.off('request', onRecord);
        reject(new Error(`${this.name}: ${found().length} of ${count} requests seen after ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('request', onRecord);
    });
  }

  /** Stops listening, closes every connection (held ones included); resolves once the listener is closed. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const held of [...this.held]) {
      held.settle('hung', 'proxy closed');
    }
    await this.closeListener();
    for (const socket of this.sockets.keys()) {
      socket.destroy();
    }
    this.agent.destroy();
  }

  private static zeroCounters() {
    return {
      requests: 0,
      delayed: 0,
      connections: 0,
      requestBytes: 0,
      responseBytes: 0,
      outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
    };
  }

  private openListener(): Promise<void> {
    const listener = createNetServer({ noDelay: true }, (socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(this.listenAt.port, this.listenAt.host, () => {
        listener.off('error', reject);
        const { port } = listener.address() as { port: number };
        this.listenAt = { host: this.listenAt.host, port };
        this.listener = listener;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (!listener) {
      return Promise.resolve();
    }
    // close() shuts the listening socket at once (new connections are refused from now on); its callback
    // would wait for the connections already accepted, which stay open until we close them.
    listener.close();
    return Promise.resolve();
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.counters.connections++;
    this.sockets.set(socket, { busy: 0 });
    socket.once('close', () => this.sockets.delete(socket));
    // Without an error listener a reset by the client would throw.
    socket.on('error', () => undefined);
    this.http.emit('connection', socket);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    const state = this.sockets.get(socket);
    if (state) {
      state.busy++;
    }
    const started = performance.now();
    const record: RequestRecord = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      method: req.method ?? '',
      target: req.url ?? '',
      host: req.headers.host ?? '',
      rules: [],
      fault: 'pass',
      delayMs: 0,
      outcome: 'passed',
      requestBytes: 0,
      responseBytes: 0,
      durationMs: 0,
    };
    this.inFlight++;
    let settled = false;
    const settle = (outcome: Outcome, note?: string): void => {
      if (settled) {
        return;
      }
      settled = true;
      if (state) {
        state.busy--;
      }
      this.inFlight--;
      record.outcome = outcome;
      if (note !== undefined) {
        record.note = note;
      }
      record.durationMs = performance.now() - started;
      this.counters.requests++;
      this.counters.outcomes[outcome]++;
      if (record.delayMs > 0) {
        this.counters.delayed++;
      }
      this.counters.requestBytes += record.requestBytes;
      this.counters.responseBytes += record.responseBytes;
      this.records.push(record);
      if (this.records.length > this.logLimit) {
        this.records.splice(0, this.records.length - this.logLimit);
      }
      this.emit('request', { ...record, rules: [...record.rules] });
    };
    // The client leaving early (or us closing its connection) settles what is still open: as aborted, or
    // as hung for a request being held (see hold).
    const onClose = { outcome: 'client-aborted' as Outcome, note: 'client closed the connection' };
    res.once('close', () => settle(onClose.outcome, onClose.note));
    const hold = (): void => {
      onClose.outcome = 'hung';
      onClose.note = 'client gave up';
      this.hold(res, settle);
    };

    if (this.partitionMode === 'hang') {
      record.fault = 'partition';
      hold();
      return;
    }
    if (this.partitionMode === 'refuse') {
      record.fault = 'partition';
      settle('refused');
      resetConnection(socket);
      return;
    }

    const selection = this.ruleSet.select(
      { method: record.method, target: record.target, headers: req.headers },
      this.random,
    );
    record.rules = [
      ...selection.delays.map((d) => d.rule.id),
      ...(selection.decision ? [selection.decision.id] : []),
    ];
    record.delayMs = selection.delays.reduce((sum, d) => sum + d.ms, 0);
    const fault = selection.decision?.fault ?? { mode: 'pass' as const };
    record.fault = fault.mode;

    const act = (): void => {
      if (settled) {
        return;
      }
      switch (fault.mode) {
        case 'pass':
        case 'delay':
          this.forward(req, res, record, settle, false);
          return;
        case 'drop-answer':
          this.forward(req, res, record, settle, true);
          return;
        case 'drop-request':
          this.drain(req, record, () => {
            settle('dropped-request');
            socket.destroy();
          });
          return;
        case 'unavailable':
          this.drain(req, record, () => {
            const status = fault.status ?? 503;
            const body = JSON.stringify({
              statusCode: status,
              error: 'Fault proxy',
              message: `fault proxy ${this.name}: answered ${status} without forwarding`,
            });
            res.writeHead(status, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-fault-proxy': 'unavailable',
              ...(fault.retryAfterS !== undefined ? { 'retry-after': String(fault.retryAfterS) } : {}),
            });
            record.status = status;
            res.end(body, () => settle('unavailable'));
          });
          return;
        case 'respond':
          this.drain(req, record, () => {
            res.writeHead(fault.status, {
              'content-type': 'application/json',
              ...fault.headers,
              'content-length': Buffer.byteLength(fault.body),
              'x-fault-proxy': 'respond',
            });
            record.status = fault.status;
            res.end(fault.body, () => settle('responded'));
          });
          return;
        case 'reset':
          settle('reset');
          resetConnection(socket);
          return;
        case 'hang':
          hold();
          return;
      }
    };
    if (record.delayMs > 0) {
      const timer = setTimeout(act, record.delayMs);
      res.once('close', () => clearTimeout(timer));
    } else {
      act();
    }
  }

  /** Reads and discards the request body, then calls `done`. */
  private drain(req: IncomingMessage, record: RequestRecord, done: () => void): void {
    req.on('data', (chunk: Buffer) => (record.requestBytes += chunk.length));
    req.once('end', done);
    req.resume();
  }

  private hold(res: ServerResponse, settle: (outcome: Outcome, note?: string) => void): void {
    const held: Held = {
      res,
      settle: (outcome, note) => {
        this.held.delete(held);
        settle(outcome, note);
      },
    };
    this.held.add(held);
    res.once('close', () => this.held.delete(held));
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
    settle: (outcome: Outcome, note?: string) => void,
    dropAnswer: boolean,
  ): void {
    const headers = forwardableHeaders(
      req.rawHeaders,
      this.rewriteHost ? formatAddress(this.upstream) : undefined,
    );
    const upstream = httpRequest({
      host: this.upstream.host,
      port: this.upstream.port,
      method: req.method,
      path: req.url,
      headers,
      agent: this.agent,
      setHost: false,
    });
    let answered = false;
    const fail = (err: Error): void => {
      if (answered) {
        return;
      }
      answered = true;
      const note = `upstream ${formatAddress(this.upstream)}: ${err.message}`;
      if (res.destroyed) {
        // The client is gone (and took the upstream exchange with it): nobody to answer.
        settle('client-aborted', note);
        return;
      }
      if (this.upstreamErrors === 'reset' || res.headersSent) {
        settle('upstream-error', note);
        resetConnection(req.socket);
        return;
      }
      req.resume();
      const body = JSON.stringify({
        statusCode: 502,
        error: 'Bad Gateway',
        message: `fault proxy ${this.name}: ${note}`,
      });
      res.writeHead(502, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-fault-proxy': 'upstream-error',
        connection: 'close',
      });
      record.status = 502;
      res.end(body, () => settle('upstream-error', note));
    };
    upstream.on('error', fail);
    // The client went away: so does the upstream exchange (unless its answer is being dropped on purpose).
    res.once('close', () => {
      if (!res.writableFinished && !dropAnswer) {
        upstream.destroy();
      }
    });
    upstream.on('response', (answer) => {
      answered = true;
      record.upstreamStatus = answer.statusCode;
      answer.on('data', (chunk: Buffer) => (record.responseBytes += chunk.length));
      const brokeOff = (): void => {
        settle('upstream-error', 'upstream broke off its answer');
        res.destroy();
      };
      answer.once('aborted', brokeOff);
      answer.once('error', brokeOff);
      if (dropAnswer) {
        answer.on('end', () => {
          settle('dropped-answer');
          resetConnection(req.socket);
        });
        answer.resume();
        return;
      }
      // The upstream's headers only: no Date of the proxy's own beside (or instead of) the upstream's.
      res.sendDate = false;
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardableHeaders(answer.rawHeaders));
      record.status = answer.statusCode;
      answer.pipe(res);
      res.once('finish', () => settle('passed'));
    });
    req.on('data', (chunk: Buffer) => (record.requestBytes += chunk.length));
    req.pipe(upstream);
  }
}
