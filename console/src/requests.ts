// Request lists with their nearest legal deadline: the API lists summaries newest first, so each loaded
// summary's pending legal clocks (GET /v1/requests/:id/timers) are read to sort by deadline.
import { api, type RequestSummary, type Workflow } from './api/client';

export type Box = 'incoming' | 'outgoing';

export interface ListedRequest extends RequestSummary {
  /** The nearest pending legal clock or, failing one, the suggested deadline (ISO), or null. */
  deadline: string | null;
  /** The label of the clock that gives the deadline, or null for a suggested deadline. */
  deadlineLabel: string | null;
}

export interface Page {
  items: ListedRequest[];
  nextCursor: string | null;
}

async function withDeadline(summary: RequestSummary, terminal: Set<string>): Promise<ListedRequest> {
  let deadline: string | null = null;
  let deadlineLabel: string | null = null;
  if (!terminal.has(summary.status) && summary.status !== 'DRAFT') {
    const { data } = await api.GET('/v1/requests/{id}/timers', { params: { path: { id: summary.id } } });
    for (const timer of data ?? []) {
      if (timer.status === 'pending' && (deadline === null || timer.dueAt < deadline)) {
        deadline = timer.dueAt;
        deadlineLabel = timer.label;
      }
    }
  }
  if (deadline === null && summary.suggestedDeadline) {
    deadline = summary.suggestedDeadline;
  }
  return { ...summary, deadline, deadlineLabel };
}

/** Runs fn over items, a few at a time (the engine and the browser both limit parallel calls). */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function terminalStates(workflows: Workflow[] | null): Set<string> {
  return new Set((workflows ?? []).flatMap((w) => w.terminal));
}

export async function loadPage(
  box: Box,
  filters: { status?: string; channel?: string; cursor?: string; limit?: number },
  terminal: Set<string>,
): Promise<Page | null> {
  const { data } = await api.GET('/v1/requests', {
    params: {
      query: {
        box,
        status: filters.status || undefined,
        channel: filters.channel || undefined,
        cursor: filters.cursor,
        limit: filters.limit ?? 50,
      },
    },
  });
  if (!data) {
    return null;
  }
  const items = await mapLimited(data.items, 4, (s) => withDeadline(s, terminal));
  return { items, nextCursor: data.nextCursor ?? null };
}

/** Nearest deadline first; requests without one after, most recently changed first. */
export function byDeadline(a: ListedRequest, b: ListedRequest): number {
  if (a.deadline && b.deadline) {
    return a.deadline.localeCompare(b.deadline);
  }
  if (a.deadline || b.deadline) {
    return a.deadline ? -1 : 1;
  }
  return b.updatedAt.localeCompare(a.updatedAt);
}

export function counterpart(r: RequestSummary) {
  return r.side === 'requesting' ? r.requestedAuthority : r.requestingAuthority;
}

/** Whether the caller's side and roles have a move in this status (side events and withdrawal aside). */
export function awaitsMe(r: RequestSummary, roles: string[], workflows: Workflow[] | null): boolean {
  if (r.status === 'DRAFT') {
    return false;
  }
  const workflow = workflows?.find((w) => w.channel === r.channel);
  return (workflow?.actions ?? []).some(
    (a) =>
      !a.system &&
      !a.keepsStatus &&
      a.action !== 'withdraw' &&
      a.from.includes(r.status) &&
      a.actors.some((actor) => actor.side === r.side && actor.roles.some((role) => roles.includes(role))),
  );
}
