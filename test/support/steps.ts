import type { Api } from './api';

/** One step towards a status over HTTP: the status it reaches, the status it starts from, the step. */
export type Step = [status: string, from: string, take: (id: string) => Promise<void>];

/** Takes `action` as `api` and throws unless it succeeds (a test's set-up, not its assertion). */
export async function ok(api: Api, id: string, action: string, payload: object = {}): Promise<void> {
  const res = await api.act(id, action, payload);
  if (res.status !== 200) {
    throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A request in `status`: `first` makes the ones no step reaches, the steps lead from there. */
export async function viaSteps(
  steps: Step[],
  status: string,
  first: (status: string) => Promise<string>,
): Promise<string> {
  const step = steps.find(([s]) => s === status);
  if (!step) {
    return first(status);
  }
  const id = await viaSteps(steps, step[1], first);
  await step[2](id);
  return id;
}
