import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createHttpApp, defaultLogger } from '@/bootstrap';
import { exitGracefullyOnSignals } from '@/common/lifecycle/graceful-shutdown';
import { releaseEmbeddedDatabase } from '@/database/embedded/embedded-lifecycle';
import { loadEnvFile } from '@/config/load-env-file';
import { ApiClient, ApiError } from './demo-client';

/**
 * `npm run demo`: starts the engine (API + workers) and walks a mutual legal assistance request between
 * Viet Nam's and Austria's central authorities through its whole life, printing each step. The engine
 * keeps running afterwards (unless --exit) so that you can explore it at /docs with the printed tokens.
 */
loadEnvFile();
// No DATABASE_URL: the embedded PostgreSQL (data in var/); no REDIS_URL: the queues run on PostgreSQL.
// Set them to run the demo on a PostgreSQL and a Redis of your own.
process.env.ADMIN_TOKEN ??= `demo-admin-${randomBytes(12).toString('hex')}`;
process.env.QUEUE_PREFIX ??= 'coop';
process.env.LOG_LEVEL ??= 'warn';

const say = (line: string): void => {
  process.stdout.write(line + '\n');
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Req {
  id: string;
  reference: string;
  status: string;
  version: number;
  urgency: string;
  availableActions: string[];
  caseData: { preservation?: { expiresAt?: string } };
}

async function ensureAuthority(
  admin: ApiClient,
  body: Record<string, unknown>,
): Promise<{ id: string; code: string }> {
  try {
    return await admin.call('POST', '/v1/authorities', body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      const all = await admin.call<{ id: string; code: string }[]>('GET', '/v1/authorities');
      const found = all.find((a) => a.code === body.code);
      if (found) {
        return found;
      }
    }
    throw err;
  }
}

async function user(
  admin: ApiClient,
  authorityId: string,
  name: string,
  roles: string[],
  base: string,
): Promise<ApiClient> {
  const { token } = await admin.call<{ token: string }>('POST', `/v1/authorities/${authorityId}/users`, {
    name,
    roles,
  });
  return new ApiClient(base, token);
}

async function waitForStatus(client: ApiClient, id: string, status: string, timeoutMs = 15000): Promise<Req> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The counterpart gets 404 until the delivery job has put the request in its inbox.
    const r = await client.call<Req>('GET', `/v1/requests/${id}`).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) {
        return null;
      }
      throw err;
    });
    if (r?.status === status) {
      return r;
    }
    if (Date.now() > deadline) {
      throw new Error(`Request ${id} did not reach ${status} (still ${r?.status ?? 'not visible'})`);
    }
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const keepRunning = !process.argv.includes('--exit');
  const logger = defaultLogger();
  const app = await createHttpApp({ workers: true, logger });
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  say(`Engine running at ${base} (API docs: ${base}/docs, health: ${base}/health)\n`);

  const admin = new ApiClient(base, process.env.ADMIN_TOKEN ?? '');
  const vnm = await ensureAuthority(admin, {
    code: 'VNM-MPS-CA',
    name: 'Ministry of Public Security of Viet Nam, central authority',
    country: 'VNM',
    kind: 'central',
    languages: ['vi', 'en'],
  });
  const aut = await ensureAuthority(admin, {
    code: 'AUT-BMJ-CA',
    name: 'Federal Ministry of Justice of Austria, central authority',
    country: 'AUT',
    kind: 'central',
    languages: ['de', 'en'],
  });
  await ensureAuthority(admin, {
    code: 'GHA-OAG-CA',
    name: 'Office of the Attorney-General of Ghana, central authority',
    country: 'GHA',
    kind: 'central',
    languages: ['en'],
  });
  say(`Directory: ${vnm.code} and ${aut.code} (plus GHA-OAG-CA)`);

  const vnmOfficer = await user(admin, vnm.id, 'Nguyen Thi Lan (VNM officer)', ['officer'], base);
  const vnmApprover = await user(admin, vnm.id, 'Tran Van Minh (VNM approver)', ['approver'], base);
  const vnmAuditor = await user(admin, vnm.id, 'Le Thu Ha (VNM auditor)', ['auditor'], base);
  const autOfficer = await user(admin, aut.id, 'Anna Huber (AUT officer)', ['officer'], base);
  const autApprover = await user(admin, aut.id, 'Markus Gruber (AUT approver)', ['approver'], base);

  // Austria's 24/7 point of contact (art. 41) receives urgent preservation requests.
  const autPoc = await ensureAuthority(admin, {
    code: 'AUT-BK-247',
    name: 'Federal Criminal Police Office of Austria, 24/7 point of contact',
    country: 'AUT',
    kind: 'contact-24-7',
    languages: ['de', 'en'],
  });
  const pocOfficer = await user(admin, autPoc.id, 'Eva Berger (AUT 24/7)', ['officer'], base);

  say('\nFirst, the data must not disappear: expedited preservation (art. 42)');
  const preservation = await vnmOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'preservation',
    requestedAuthorityId: autPoc.id,
    language: 'en',
    subject: 'Ransomware attack on the Ha Noi municipal hospital network, March 2026',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Encryption of hospital systems',
      },
    ],
    factsSummary: 'The ransom note named a mailbox hosted by an Austrian provider.',
    details: {
      dataToPreserve: 'Subscriber data and access logs of ops@example.at, 1-20 March 2026',
      relationToOffence: 'The mailbox was used to negotiate the ransom',
      custodian: 'Example Mail GmbH',
      necessity: 'The provider deletes access logs after 90 days',
      intentToRequestMla: true,
      doNotNotifyUser: true,
    },
  });
  say(
    `P1. VNM officer drafts preservation ${preservation.reference} to ${autPoc.code} (urgency: ${preservation.urgency})`,
  );
  await vnmOfficer.act(preservation.id, 'send');
  await waitForStatus(pocOfficer, preservation.id, 'RECEIVED');
  say('P2. Sent, and delivered to the Austrian 24/7 point of contact ahead of routine traffic');
  await pocOfficer.act(preservation.id, 'start-preservation', { orderReference: 'BK-PO-2026-311' });
  let pr = await pocOfficer.act<Req>(preservation.id, 'confirm-preservation', {
    custodianConfirmation: 'Example Mail GmbH confirmed the data is preserved',
  });
  say(
    `P3. The custodian confirmed: ${pr.status} until ${(pr.caseData.preservation?.expiresAt ?? '').slice(0, 10)}`,
  );
  const clocks = await vnmOfficer.call<{ label: string; dueAt: string }[]>(
    'GET',
    `/v1/requests/${preservation.id}/timers`,
  );
  for (const c of clocks) {
    say(`    clock: ${c.label} at ${c.dueAt.slice(0, 16)}`);
  }

  say('\nThen the mutual legal assistance request for the data (arts 40, 44), following up the preservation');
  const draft = await vnmOfficer.call<Req>('POST', '/v1/requests', {
    followsUpRequestId: preservation.id,
    channel: 'mla',
    requestedAuthorityId: aut.id,
    urgency: 'urgent',
    language: 'en',
    subject: 'Ransomware attack on the Ha Noi municipal hospital network, March 2026',
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 287 (obstructing computer networks)',
        conventionArticle: 10,
        description: 'Encryption of hospital systems',
      },
      { provision: 'Penal Code art. 170 (extortion)', description: 'Ransom demand of 40 BTC' },
    ],
    factsSummary:
      'On 14 March 2026 the hospital network was encrypted. The ransom note named a mailbox hosted by an Austrian provider.',
    assistanceSought: 'Subscriber information and access logs for the mailbox, preserved since 1 March 2026.',
    purpose: 'Identify the operators of the mailbox used for the ransom negotiation.',
    personsConcerned: [{ name: 'Unknown holder of ops@example.at', role: 'suspect', location: 'unknown' }],
    confidential: true,
    suggestedDeadline: new Date(Date.now() + 30 * 86400000).toISOString(),
    deadlineReason: 'Logs are kept by the provider for 90 days only.',
    details: {
      assistanceTypes: ['subscriber-info', 'traffic-data'],
      items: [{ type: 'email-account', value: 'ops@example.at', provider: 'Example Mail GmbH' }],
    },
  });
  say(`1. VNM officer drafts ${draft.reference} (${draft.status})`);

  let r = await vnmOfficer.act<Req>(draft.id, 'submit');
  say(`2. VNM officer submits it: ${r.status}; a queue job now delivers it to Austria's inbox...`);
  r = await waitForStatus(autOfficer, draft.id, 'RECEIVED');
  say(`3. Delivered: Austria sees ${r.reference} as ${r.status}; it may: ${r.availableActions.join(', ')}`);
  pr = await waitForStatus(vnmOfficer, preservation.id, 'HELD_PENDING_MLA_DECISION');
  say(
    `   The preservation ${pr.reference} is now ${pr.status}: it cannot expire while the MLA request is open`,
  );

  r = await autOfficer.act<Req>(draft.id, 'acknowledge');
  say(`4. AUT officer acknowledges: ${r.status}`);
  r = await autOfficer.act<Req>(draft.id, 'request-information', {
    questions:
      'Please state the exact UTC time window of the ransom e-mails and confirm the mailbox address.',
  });
  say(`5. AUT officer asks for more information (UNTOC 18(16)): ${r.status}`);
  r = await vnmOfficer.act<Req>(draft.id, 'provide-information', {
    answers:
      'E-mails received between 2026-03-14T02:00Z and 2026-03-16T23:00Z; the address is ops@example.at.',
  });
  say(`6. VNM officer answers: ${r.status}`);
  r = await autApprover.act<Req>(draft.id, 'propose-conditions', {
    conditions: [{ type: 'USE_LIMIT', text: 'Use only in the investigation named in the request.' }],
  });
  say(`7. AUT approver proposes a use limitation: ${r.status}`);
  r = await vnmApprover.act<Req>(draft.id, 'accept-conditions');
  say(`8. VNM approver accepts the conditions (now binding): ${r.status}`);
  r = await autOfficer.act<Req>(draft.id, 'start-execution');
  say(`9. AUT officer starts execution: ${r.status}`);
  r = await autApprover.act<Req>(draft.id, 'transmit-results', {
    final: false,
    summary: 'Subscriber information for ops@example.at.',
    items: [{ name: 'subscriber-info.pdf', sha256: 'a'.repeat(64), size: 48213 }],
  });
  say(`10. AUT approver transmits partial results: ${r.status}`);
  r = await autApprover.act<Req>(draft.id, 'transmit-results', {
    final: true,
    summary: 'Access logs for 1-20 March 2026.',
    items: [{ name: 'access-logs.csv', sha256: 'b'.repeat(64), size: 1048576 }],
  });
  say(`11. AUT approver transmits the final results: ${r.status}`);
  pr = await waitForStatus(vnmOfficer, preservation.id, 'RELEASED');
  say(`   The preservation ${pr.reference} is ${pr.status}: its follow-up was executed`);
  r = await vnmOfficer.act<Req>(draft.id, 'confirm-receipt');
  say(`12. VNM officer confirms receipt: ${r.status}`);

  const history = await vnmAuditor.call<
    { seq: number; action: string; toStatus: string; actor: { name: string } }[]
  >('GET', `/v1/requests/${draft.id}/history`);
  say(`\nHistory of ${r.reference}, as the VNM auditor sees it:`);
  for (const e of history) {
    say(`  #${e.seq} ${e.action.padEnd(20)} -> ${e.toStatus.padEnd(20)} by ${e.actor.name}`);
  }
  const verification = await vnmAuditor.call<{ valid: boolean; events: number }>(
    'GET',
    `/v1/audit/verify?requestId=${draft.id}`,
  );
  say(`Hash chain verified by the auditor: valid=${verification.valid}, ${verification.events} events`);

  if (!keepRunning) {
    await app.close();
    await releaseEmbeddedDatabase();
    return;
  }
  exitGracefullyOnSignals(app, logger, { afterClose: releaseEmbeddedDatabase });
  say(`\nThe engine keeps running. Try it (Ctrl-C to stop):`);
  say(`  curl -H "Authorization: Bearer ${vnmOfficer.token}" ${base}/v1/requests/${draft.id}`);
  say(`  VNM officer token:  ${vnmOfficer.token}`);
  say(`  AUT officer token:  ${autOfficer.token}`);
  say(`  AUT approver token: ${autApprover.token}`);
  say(`  VNM auditor token:  ${vnmAuditor.token}`);
  say(`  admin token:        ${process.env.ADMIN_TOKEN}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
