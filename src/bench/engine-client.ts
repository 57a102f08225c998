import type { HttpClient, HttpResult } from './http-client';

/** The users of one authority that a load script acts with (several per role, used in turn). */
export interface AuthorityUsers {
  authorityId: string;
  officers: string[];
  approvers: string[];
}

export interface BenchParties {
  /** The requesting side (Viet Nam). */
  vnm: AuthorityUsers;
  /** The requested side (Austria). */
  aut: AuthorityUsers;
}

export class UnexpectedResponse extends Error {
  constructor(
    what: string,
    readonly result: HttpResult,
  ) {
    super(`${what}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 400)}`);
  }
}

export function expectStatus(what: string, result: HttpResult, status: number): HttpResult {
  if (result.status !== status) {
    throw new UnexpectedResponse(what, result);
  }
  return result;
}

async function authority(
  http: HttpClient,
  adminToken: string,
  code: string,
  country: string,
  usersPerRole: number,
): Promise<AuthorityUsers> {
  const created = expectStatus(
    `create authority ${code}`,
    await http.send('POST', '/v1/authorities', adminToken, {
      code,
      name: `${code} central authority`,
      country,
      kind: 'central',
      languages: ['en'],
    }),
    201,
  );
  const authorityId = (created.body as { id: string }).id;
  const user = async (role: string, i: number): Promise<string> => {
    const res = expectStatus(
      `create ${role} of ${code}`,
      await http.send('POST', `/v1/authorities/${authorityId}/users`, adminToken, {
        name: `${code} ${role} ${i}`,
        roles: [role],
      }),
      201,
    );
    return (res.body as { token: string }).token;
  };
  const officers: string[] = [];
  const approvers: string[] = [];
  for (let i = 0; i < usersPerRole; i++) {
    officers.push(await user('officer', i));
    approvers.push(await user('approver', i));
  }
  return { authorityId, officers, approvers };
}

/** Two central authorities (VNM requesting, AUT requested) with officers and approvers. */
export async function seedParties(
  http: HttpClient,
  adminToken: string,
  usersPerRole = 4,
): Promise<BenchParties> {
  return {
    vnm: await authority(http, adminToken, 'VNM-MPS-CA', 'VNM', usersPerRole),
    aut: await authority(http, adminToken, 'AUT-BMJ-CA', 'AUT', usersPerRole),
  };
}

/** A complete MLA draft (every mandatory field), distinct per `n`. */
export function mlaDraft(requestedAuthorityId: string, n: number): Record<string, unknown> {
  return {
    channel: 'mla',
    requestedAuthorityId,
    urgency: n % 10 === 0 ? 'urgent' : 'normal',
    language: 'en',
    subject: `Ransomware attack on a hospital network (case ${n})`,
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with a computer system',
      },
    ],
    factsSummary: 'The hospital network was encrypted; the ransom note named a mailbox hosted abroad.',
    assistanceSought: 'Subscriber information and access logs for the mailbox.',
    purpose: 'Identify the operators of the mailbox.',
    personsConcerned: [{ name: `Unknown holder of mailbox ${n}`, role: 'suspect' }],
    confidential: false,
    details: {
      assistanceTypes: ['subscriber-info', 'traffic-data'],
      items: [{ type: 'email-account', value: `ops-${n}@example.at` }],
    },
  };
}

export const RESULTS_PAYLOAD = {
  final: true,
  summary: 'Subscriber data and access logs',
  items: [{ name: 'subscriber.pdf', sha256: 'c'.repeat(64), size: 48213 }],
};

/** Round-robin over a list (tokens). */
export function pick<T>(list: T[], n: number): T {
  return list[n % list.length];
}
