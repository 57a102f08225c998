import type { FaultProxyControl, PartitionMode, ProxyStats, RequestRecord } from './fault-proxy';
import { formatAddress, loopbackAddress } from './loopback';
import type { Rule, RuleSpec } from './rules';

/**
 * Drives a fault proxy running as its own process through its control endpoint (control-server.ts): the
 * same calls as the in-process FaultProxy, each a promise. The control URL must be on 127.0.0.0/8.
 */
export class FaultProxyClient implements FaultProxyControl {
  private readonly base: string;

  constructor(controlUrl: string) {
    this.base = `http://${formatAddress(loopbackAddress(controlUrl, 'control'))}`;
  }

  async status(): Promise<{ stats: ProxyStats; rules: Rule[]; partition: PartitionMode | null }> {
    return this.call('GET', '/status');
  }

  addRule(spec: RuleSpec): Promise<Rule> {
    return this.call('POST', '/rules', spec);
  }

  async removeRule(id: number): Promise<boolean> {
    try {
      await this.call('DELETE', `/rules/${id}`);
      return true;
    } catch (err) {
      if (err instanceof ControlError && err.status === 404) {
        return false;
      }
      throw err;
    }
  }

  async clearRules(): Promise<number> {
    return (await this.call<{ removed: number }>('DELETE', '/rules')).removed;
  }

  async rules(): Promise<Rule[]> {
    return (await this.status()).rules;
  }

  async partition(mode: PartitionMode): Promise<void> {
    await this.call('POST', '/partition', { mode });
  }

  async heal(): Promise<void> {
    await this.call('POST', '/heal');
  }

  async stats(): Promise<ProxyStats> {
    return (await this.status()).stats;
  }

  async log(after = 0): Promise<RequestRecord[]> {
    return (await this.call<{ records: RequestRecord[] }>('GET', `/log?after=${after}`)).records;
  }

  async resetStats(): Promise<void> {
    await this.call('POST', '/stats/reset');
  }

  report(options: { requests?: boolean } = {}): Promise<string> {
    return this.call('GET', `/report${options.requests ? '?requests=1' : ''}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').startsWith('application/json')
      ? (JSON.parse(text) as unknown)
      : text;
    if (!res.ok) {
      throw new ControlError(res.status, `${method} ${path}: ${res.status} ${extractMessage(json) ?? text}`);
    }
    return json as T;
  }
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function extractMessage(json: unknown): string | undefined {
  return typeof json === 'object' &&
    json !== null &&
    typeof (json as { message?: unknown }).message === 'string'
    ? (json as { message: string }).message
    : undefined;
}
