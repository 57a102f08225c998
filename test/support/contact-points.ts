import { Api } from './api';
import type { Parties } from './parties';

export interface ContactPoint {
  authorityId: string;
  officer: Api;
  approver: Api;
}

/** A State's 24/7 point of contact (art. 41) with an officer and an approver. */
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
  return { authorityId: id, officer: await user('officer'), approver: await user('approver') };
}

export function preservationBody(
  toAuthorityId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    channel: 'preservation',
    requestedAuthorityId: toAuthorityId,
    language: 'en',
    subject: 'Ransomware attack on a hospital network',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: 'The ransom note named a mailbox hosted by a provider in the requested State.',
    details: {
      dataToPreserve: 'Subscriber data and access logs of ops@example.at, 1-20 March 2026',
      relationToOffence: 'The mailbox was used to negotiate the ransom',
      custodian: 'Example Mail GmbH',
      necessity: 'The provider deletes access logs after 90 days',
      intentToRequestMla: true,
      doNotNotifyUser: true,
    },
    ...overrides,
  };
}
