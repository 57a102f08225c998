import type { IncomingHttpHeaders } from 'node:http';

/**
 * What the proxy does to one request. `delay` adds to whatever else applies; every other mode decides the
 * request's fate (the first matching one wins; see RuleSet.select).
 */
export type Fault =
  /** Forward it untouched: shields matching requests from the rules after it. */
  | { mode: 'pass' }
  /** Wait before forwarding: `ms` fixed, or uniformly random in `[min, max]`. */
  | { mode: 'delay'; ms: number | { min: number; max: number } }
  /** Read the request, forward nothing, close the connection (FIN): the client sees no answer. */
  | { mode: 'drop-request' }
  /**
   * Forward it, let the upstream process it and answer, read the whole answer, then reset the client's
   * connection (RST) instead of relaying it: "the answer to a submission was lost".
   */
  | { mode: 'drop-answer' }
  /** Answer `status` (default 503) without forwarding; `Retry-After: retryAfterS` when given. */
  | { mode: 'unavailable'; status?: number; retryAfterS?: number }
  /**
   * Answer `status` with `body` (and `headers`) without forwarding: an impostor on the path, e.g. a forged
   * key log served in the peer's name.
   */
  | { mode: 'respond'; status: number; body: string; headers?: Record<string, string> }
  /** Reset the connection (RST) as soon as the request's head arrives; nothing forwarded. */
  | { mode: 'reset' }
  /** Hold the request, forwarding nothing, until `heal()` (then its connection is closed) or the client gives up. */
  | { mode: 'hang' };

export type FaultMode = Fault['mode'];
export const FAULT_MODES: readonly FaultMode[] = [
  'pass',
  'delay',
  'drop-request',
  'drop-answer',
  'unavailable',
  'respond',
  'reset',
  'hang',
];

/** Which requests a rule applies to; every given field must match. No match: every request. */
export interface RequestMatch {
  /** `POST`, or several (`['POST', 'PUT']`); case-insensitive. */
  method?: string | string[];
  /**
   * A prefix of the request target, on segment boundaries: `/federation/v1/inbox` matches
   * `/federation/v1/inbox`, `/federation/v1/inbox/x` and `/federation/v1/inbox?y`, not `/federation/v1/inboxes`.
   * A prefix ending in `/` matches anything below it.
   */
  path?: string;
  /** A header that must be present, and contain `includes` when given (case-sensitive value match). */
  header?: { name: string; includes?: string };
}

export interface RuleSpec {
  fault: Fault;
  match?: RequestMatch;
  /** Applies to the next `times` matching requests only, then stays listed as spent; unset: until removed. */
  times?: number;
  /** A name for logs and the final report. */
  label?: string;
}

export interface Rule extends RuleSpec {
  id: number;
  /** How many requests it has been applied to. */
  applied: number;
  /** Requests it will still apply to; null: no limit. */
  remaining: number | null;
}

/** What the rule engine sees of a request. */
export interface RequestFacts {
  method: string;
  target: string;
  headers: IncomingHttpHeaders;
}

/** The rules that apply to one request: every matching delay (summed), and at most one deciding rule. */
export interface Selection {
  delays: { rule: Rule; ms: number }[];
  decision?: Rule;
}

export class RuleError extends Error {}

const MAX_DELAY_MS = 10 * 60 * 1000;

/**
 * Checks a rule given as data (a control request's body, a test's object) and returns a clean copy;
 * throws RuleError naming the first problem. Unknown fields are refused, so that a typo is not silently
 * a rule that matches everything.
 */
export function parseRuleSpec(value: unknown): RuleSpec {
  const spec = record(value, 'rule');
  onlyKeys(spec, ['fault', 'match', 'times', 'label'], 'rule');
  const out: RuleSpec = { fault: parseFault(spec.fault) };
  if (spec.match !== undefined) {
    out.match = parseMatch(spec.match);
  }
  if (spec.times !== undefined) {
    if (!Number.isInteger(spec.times) || (spec.times as number) < 1) {
      throw new RuleError('rule.times must be a whole number of requests, at least 1');
    }
    out.times = spec.times as number;
  }
  if (spec.label !== undefined) {
    if (typeof spec.label !== 'string' || spec.label.length > 200) {
      throw new RuleError('rule.label must be a string of at most 200 characters');
    }
    out.label = spec.label;
  }
  return out;
}

function parseFault(value: unknown): Fault {
  const fault = record(value, 'rule.fault');
  const mode = fault.mode;
  if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
    throw new RuleError(`rule.fault.mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  switch (mode as FaultMode) {
    case 'delay': {
      onlyKeys(fault, ['mode', 'ms'], 'rule.fault');
      const ms = fault.ms;
      if (typeof ms === 'number') {
        return { mode: 'delay', ms: delayMs(ms, 'rule.fault.ms') };
      }
      const range = record(ms, 'rule.fault.ms (a number or { min, max })');
      onlyKeys(range, ['min', 'max'], 'rule.fault.ms');
      const min = delayMs(range.min, 'rule.fault.ms.min');
      const max = delayMs(range.max, 'rule.fault.ms.max');
      if (max < min) {
        throw new RuleError('rule.fault.ms.max must not be below rule.fault.ms.min');
      }
      return { mode: 'delay', ms: { min, max } };
    }
    case 'unavailable': {
      onlyKeys(fault, ['mode', 'status', 'retryAfterS'], 'rule.fault');
      const out: Fault = { mode: 'unavailable' };
      if (fault.status !== undefined) {
        if (
          !Number.isInteger(fault.status) ||
          (fault.status as number) < 400 ||
          (fault.status as number) > 599
        ) {
          throw new RuleError('rule.fault.status must be an HTTP error status (400-599)');
        }
        out.status = fault.status as number;
      }
      if (fault.retryAfterS !== undefined) {
        if (!Number.isInteger(fault.retryAfterS) || (fault.retryAfterS as number) < 0) {
          throw new RuleError('rule.fault.retryAfterS must be a whole number of seconds');
        }
        out.retryAfterS = fault.retryAfterS as number;
      }
      return out;
    }
    case 'respond': {
      onlyKeys(fault, ['mode', 'status', 'body', 'headers'], 'rule.fault');
      if (
        !Number.isInteger(fault.status) ||
        (fault.status as number) < 200 ||
        (fault.status as number) > 599
      ) {
        throw new RuleError('rule.fault.status must be an HTTP status (200-599)');
      }
      if (typeof fault.body !== 'string' || fault.body.length > 4 * 1024 * 1024) {
        throw new RuleError('rule.fault.body must be a string of at most 4 MiB');
      }
      const out: Fault = { mode: 'respond', status: fault.status as number, body: fault.body };
      if (fault.headers !== undefined) {
        const headers = record(fault.headers, 'rule.fault.headers');
        for (const [name, v] of Object.entries(headers)) {
          if (!/^[A-Za-z0-9-]{1,100}$/.test(name) || typeof v !== 'string' || /[\r\n]/.test(v)) {
            throw new RuleError(
              `rule.fault.headers.${name} must be a header name with a one-line string value`,
            );
          }
        }
        out.headers = headers as Record<string, string>;
      }
      return out;
    }
    case 'pass':
    case 'drop-request':
    case 'drop-answer':
    case 'reset':
    case 'hang':
      onlyKeys(fault, ['mode'], 'rule.fault');
      return { mode: mode as 'pass' | 'drop-request' | 'drop-answer' | 'reset' | 'hang' };
  }
}

function parseMatch(value: unknown): RequestMatch {
  const match = record(value, 'rule.match');
  onlyKeys(match, ['method', 'path', 'header'], 'rule.match');
  const out: RequestMatch = {};
  if (match.method !== undefined) {
    const methods = Array.isArray(match.method) ? (match.method as unknown[]) : [match.method];
    if (methods.length === 0 || !methods.every((m) => typeof m === 'string' && /^[A-Za-z]+$/.test(m))) {
      throw new RuleError('rule.match.method must be an HTTP method or a non-empty list of them');
    }
    out.method = Array.isArray(match.method)
      ? (methods as string[]).map((m) => m.toUpperCase())
      : (match.method as string).toUpperCase();
  }
  if (match.path !== undefined) {
    if (typeof match.path !== 'string' || !match.path.startsWith('/')) {
      throw new RuleError('rule.match.path must be a path prefix starting with /');
    }
    out.path = match.path;
  }
  if (match.header !== undefined) {
    const header = record(match.header, 'rule.match.header');
    onlyKeys(header, ['name', 'includes'], 'rule.match.header');
    if (typeof header.name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header.name)) {
      throw new RuleError('rule.match.header.name must be a header name');
    }
    if (header.includes !== undefined && typeof header.includes !== 'string') {
      throw new RuleError('rule.match.header.includes must be a string');
    }
    out.header = {
      name: header.name.toLowerCase(),
      ...(header.includes !== undefined ? { includes: header.includes } : {}),
    };
  }
  return out;
}

function delayMs(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new RuleError(`${what} must be a whole number of milliseconds between 0 and ${MAX_DELAY_MS}`);
  }
  return value;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RuleError(`${what} must be an object`);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new RuleError(`${what}.${key} is not a known field (known: ${allowed.join(', ')})`);
    }
  }
}

/** Whether a request satisfies every field of `match`. */
export function matches(match: RequestMatch | undefined, request: RequestFacts): boolean {
  if (!match) {
    return true;
  }
  if (match.method !== undefined) {
    const methods = Array.isArray(match.method) ? match.method : [match.method];
    if (!methods.includes(request.method.toUpperCase())) {
      return false;
    }
  }
  if (match.path !== undefined && !pathHasPrefix(request.target, match.path)) {
    return false;
  }
  if (match.header !== undefined) {
    const raw = request.headers[match.header.name];
    if (raw === undefined) {
      return false;
    }
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (match.header.includes !== undefined && !value.includes(match.header.includes)) {
      return false;
    }
  }
  return true;
}

/** `prefix` on segment boundaries (see RequestMatch.path). */
export function pathHasPrefix(target: string, prefix: string): boolean {
  if (!target.startsWith(prefix)) {
    return false;
  }
  if (target.length === prefix.length || prefix.endsWith('/')) {
    return true;
  }
  return ['/', '?', '#'].includes(target[prefix.length]);
}

/** Picks a delay for a delay fault: fixed, or uniform in its range with `random()` in [0, 1). */
export function pickDelay(ms: number | { min: number; max: number }, random: () => number): number {
  if (typeof ms === 'number') {
    return ms;
  }
  return ms.min + Math.floor(random() * (ms.max - ms.min + 1));
}

/** The proxy's rules, in the order they were added. */
export class RuleSet {
  private rules: Rule[] = [];
  private nextId = 1;

  add(spec: RuleSpec): Rule {
    const clean = parseRuleSpec(spec);
    const rule: Rule = { ...clean, id: this.nextId++, applied: 0, remaining: clean.times ?? null };
    this.rules.push(rule);
    return { ...rule };
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule; returns how many there were. */
  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    return n;
  }

  list(): Rule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * The rules one request gets, consuming one use of each: every live matching `delay` rule (the delays add
   * up), and the first live matching rule of any other mode (the request's fate; none: it is forwarded).
   * A matching rule of another mode after the first is not used and keeps its count.
   */
  select(request: RequestFacts, random: () => number): Selection {
    const selection: Selection = { delays: [] };
    for (const rule of this.rules) {
      if (rule.remaining === 0 || !matches(rule.match, request)) {
        continue;
      }
      if (rule.fault.mode === 'delay') {
        selection.delays.push({ rule, ms: pickDelay(rule.fault.ms, random) });
      } else if (!selection.decision) {
        selection.decision = rule;
      } else {
        continue;
      }
      rule.applied++;
      if (rule.remaining !== null) {
        rule.remaining--;
      }
    }
    return selection;
  }
}
