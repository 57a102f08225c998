import { preservationDraft } from '../../tools/samples/drafts';
import { Api } from './api';
import type { Parties, Party } from './parties';

/** A State's 24/7 point of contact: a party like a central authority (authority, code and three roles). */
export type ContactPoint = Party;

/** A State's 24/7 point of contact (art. 41) with an officer, an approver and an auditor. */
export async function contactPoint(p: Parties, code: string, country: string): Promise<ContactPoint> {
  const created = await p.admin.post('/v1/authorities', {
    code,
    name: `${code} 24/7 point of contact`,
    country,
    kind: 'contact-24-7',
    languages: ['en'],
  });
  if (created.status !== 201) {
    throw new Error(`could not create ${code}: ${JSON.stringify(created.body)}`);
  }
  const id = created.body.id as string;
  const user = async (role: string): Promise<Api> => {
    const res = await p.admin.post(`/v1/authorities/${id}/users`, { name: `${code} ${role}`, roles: [role] });
    return new Api(p.admin.baseUrl, res.body.token as string);
  };
  return {
    authorityId: id,
    code,
    officer: await user('officer'),
    approver: await user('approver'),
    auditor: await user('auditor'),
  };
}

/** A complete preservation request body (art. 42) to `toAuthorityId`. */
export function preservationBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...preservationDraft(toAuthorityId, 0), ...overrides };
}
