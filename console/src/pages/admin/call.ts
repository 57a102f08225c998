// The typed client's answer as the screens use it: the data, or the problem (network failures included).
import type { Schemas } from '../../api/client';
import { toProblem } from '../../api/errors';
import type { RawResult } from '../../api/raw';

export type Authority = Schemas['AuthorityResponse'];
export type AdminUser = Schemas['UserResponse'];
export type Peer = Schemas['PeerResponse'];
export type Webhook = Schemas['WebhookResponse'];
export type Delivery = Schemas['WebhookDeliveryResponse'];
export type StateSettings = Schemas['StateSettingsResponse'];

export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<RawResult<T>> {
  try {
    const { data, error, response } = await pending;
    return response.ok
      ? { ok: true, data: data as T }
      : { ok: false, problem: toProblem(response.status, error) };
  } catch {
    return { ok: false, problem: { status: 0, code: 'NETWORK', message: '', fields: [] } };
  }
}
