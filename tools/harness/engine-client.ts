/**
 * What a load script does with the engine over HTTP: registers authorities and their users, checks answers.
 * The request bodies it sends are the samples of tools/samples (shared with the chaos run and the e2e tests).
 */
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

/** Registers an authority (a central authority by default) with `usersPerRole` officers and approvers. */
export async function seedAuthority(
  http: HttpClient,
  adminToken: string,
  code: string,
  country: string,
  usersPerRole: number,
  kind: 'central' | 'contact-24-7' = 'central',
): Promise<AuthorityUsers> {
  const created = expectStatus(
    `create authority ${code}`,
    await http.send('POST', '/v1/authorities', adminToken, {
      code,
      name: `${code} ${kind === 'central' ? 'central authority' : '24/7 point of contact'}`,
      country,
      kind,
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
    vnm: await seedAuthority(http, adminToken, 'VNM-MPS-CA', 'VNM', usersPerRole),
    aut: await seedAuthority(http, adminToken, 'AUT-BMJ-CA', 'AUT', usersPerRole),
  };
}

/** Round-robin over a list (tokens). */
export function pick<T>(list: T[], n: number): T {
  return list[n % list.length];
}
