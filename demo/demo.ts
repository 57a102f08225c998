import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvFile } from '@/config/load-env-file';
import { confiscationDraft } from '../tools/samples/drafts';
import { ApiClient, ApiError } from './demo-client';
import { dbHistory, ledger, ledgerLines, NodeApi, until } from '../tools/harness/federation';
import { type EngineNode, type EngineNodes, startNodes, stopNodesOnSignals } from '../tools/harness/nodes';
import { realTimeCollectionDraft, SAMPLE_BATCH } from '../tools/samples/drafts';

/**
 * `npm run demo`: two States, each running its own node (a process of the engine with its own database,
 * keys and origin): Viet Nam and Austria. Each pins the other with four eyes (one admin adds the peer and
 * reads its key fingerprint, a second admin confirms it against the one received through an official
 * channel). Viet Nam then sends an urgent preservation request to Austria's 24/7 point of contact and the
 * MLA request that follows it up to Austria's central authority, and Viet Nam's 24/7 point of contact opens a
 * ticket with Austria's that is answered and escalated to a preservation; every action, taken on the node of
 * the side that owns it, reaches the other node as a signed envelope with signed receipts. The demo prints both
 * nodes' histories (equal, hash for hash) and the receipts. The nodes keep running afterwards (unless
 * --exit) so that you can explore them, with the printed tokens, at /docs.
 *
 * Databases: on the PostgreSQL server of DATABASE_URL when set (its `postgres` database creates two
 * databases), else the embedded PostgreSQL (var/embedded-postgres); queues on REDIS_URL when set, else on
 * PostgreSQL. The two databases are dropped when the demo stops. Viet Nam's node listens on PORT (default
 * 3000), Austria's on the next port.
 */
loadEnvFile();

const say = (line = ''): void => {
  process.stdout.write(line + '\n');
};

interface Req {
  id: string;
  reference: string;
  status: string;
  urgency: string;
  availableActions: string[];
  caseData: {
    preservation?: { expiresAt?: string };
    acknowledgement?: { minutesToAcknowledge: number; handledBy: string };
    disposal?: { net: number; currency: string };
    escalations?: { requestId: string; channel: string }[];
    agreement?: { version: number; signatures: { authorityId: string }[] };
    signatures?: { authorityId: string }[];
    endDate?: string;
    receipt?: { domesticReference: string };
  };
  followUps?: { id: string; reference: string; channel: string }[];
}

/** The server of DATABASE_URL, its `postgres` database (where the demo creates the nodes' databases). */
function adminUrlOf(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) {
    return undefined;
  }
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** The engine built by `npm run build:tools` beside this file (build/src), or dist/ when only that exists. */
function engineDir(): string {
  const built = join(__dirname, '..', 'src');
  return existsSync(join(built, 'main.js')) ? built : join(__dirname, '..', '..', 'dist');
}

/** The checkout's console build (build/demo -> the repository's console/dist), unless CONSOLE_DIR names one. */
function consoleDir(): string {
  return process.env.CONSOLE_DIR ?? join(__dirname, '..', '..', 'console', 'dist');
}

class Party {
  constructor(
    readonly node: EngineNode,
    readonly code: string,
    readonly id: string,
    readonly users: Record<string, ApiClient>,
  ) {}
}

async function authority(
  node: EngineNode,
  body: { code: string; name: string; country: string; kind: string; languages: string[] },
  users: Record<string, [string, string]>,
): Promise<Party> {
  const admin = new ApiClient(node.url, node.adminToken);
  const { id } = await admin.call<{ id: string }>('POST', '/v1/authorities', body);
  const clients: Record<string, ApiClient> = {};
  for (const [key, [name, role]] of Object.entries(users)) {
    const { token } = await admin.call<{ token: string }>('POST', `/v1/authorities/${id}/users`, {
      name,
      roles: [role],
    });
    clients[key] = new ApiClient(node.url, token);
  }
  return new Party(node, body.code, id, clients);
}

/** Waits until `client` sees request `id` in `status` (404 until it has arrived on its node). */
async function seen(client: ApiClient, id: string, status: string, timeoutMs = 30000): Promise<Req> {
  return until(
    `request ${id} to reach ${status}`,
    async () => {
      const r = await client.call<Req>('GET', `/v1/requests/${id}`).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) {
          return null;
        }
        throw err;
      });
      return r?.status === status ? r : undefined;
    },
    timeoutMs,
  );
}

/** An action by `actor`; then both `actor` and `other` (on the other node) see `status`. */
async function step(
  actor: ApiClient,
  other: ApiClient,
  id: string,
  action: string,
  payload: Record<string, unknown>,
  status: string,
): Promise<Req> {
  await actor.act(id, action, payload);
  await seen(other, id, status);
  return seen(actor, id, status);
}

/**
 * A spontaneous information offer (art. 40): Austria offers Viet Nam information nobody asked for, on
 * conditions; Viet Nam accepts them (now bound by them), Austria transmits, Viet Nam logs its use.
 */
async function spontaneousWalk(vnm: Party, aut: Party): Promise<void> {
  const [vnOfficer, vnApprover] = [vnm.users.officer, vnm.users.approver];
  const [atOfficer, atApprover] = [aut.users.officer, aut.users.approver];
  say('\nSpontaneous information (art. 40): Austria offers Viet Nam information nobody asked for');
  const offer = await atOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'spontaneous',
    requestedAuthorityId: vnm.id,
    language: 'en',
    subject: 'Phishing kit sold to operators targeting Viet Nam',
    factsSummary: 'A server seized in Vienna held the customer list of a phishing kit seller.',
    details: {
      kind: 'criminal-matter',
      informationSummary: 'Customer records naming three buyers based in Viet Nam',
      usefulFor: ['start-inquiry'],
      conditions: [
        { type: 'CONFIDENTIALITY', text: 'Do not reveal the Austrian investigation' },
        { type: 'USE_LIMIT', text: 'Only for investigating the buyers named' },
      ],
    },
  });
  await atOfficer.act(offer.id, 'offer');
  let r = await seen(vnApprover, offer.id, 'OFFERED');
  say(
    `1. Austria's officer offers ${r.reference} with 2 conditions; Viet Nam's approver may: ${r.availableActions.join(', ')}`,
  );
  r = await step(vnApprover, atApprover, offer.id, 'accept-conditions', {}, 'CONDITIONS_ACCEPTED');
  say(
    `2. Viet Nam's approver accepts the conditions: ${r.status} on both nodes; Viet Nam is now bound by them`,
  );
  const items = [{ name: 'customer-records.csv', sha256: 'c'.repeat(64), size: 20480 }];
  r = await step(
    atApprover,
    vnOfficer,
    offer.id,
    'transmit',
    { summary: 'Customer records', items },
    'TRANSMITTED',
  );
  say(`3. Austria's approver transmits the records (with their SHA-256): ${r.status} on both nodes`);
  r = await step(
    vnOfficer,
    atOfficer,
    offer.id,
    'log-use',
    { use: 'opened-investigation', details: 'Investigation of the three buyers opened' },
    'USE_LOGGED',
  );
  say(`4. Viet Nam's officer records the use made of it: ${r.status} on both nodes`);
}

/**
 * Confiscation and return of property (arts 49-52): Viet Nam asks Austria to freeze the proceeds of a fraud
 * (art. 50(2)); Austria freezes them, then proposes to lift the freeze and Viet Nam argues for keeping it
 * (art. 50 [GK]); Austria keeps it. Viet Nam asks for confiscation by a domestic order (art. 50(1)(a)) and the
 * return of the proceeds to the victims (art. 52); Austria obtains the order, enforces it and returns the
 * value less its costs.
 */
async function confiscationWalk(vnm: Party, aut: Party): Promise<void> {
  const [vnOfficer] = [vnm.users.officer];
  const [atOfficer, atApprover] = [aut.users.officer, aut.users.approver];
  say(
    '\nConfiscation (arts 49-52): Viet Nam asks Austria to freeze, confiscate and return the proceeds of a fraud',
  );
  const draft = await vnOfficer.call<Req>('POST', '/v1/requests', confiscationDraft(aut.id, 1));
  await vnOfficer.act(draft.id, 'submit');
  let r = await seen(atApprover, draft.id, 'FREEZE_REQUESTED');
  say(
    `1. Viet Nam's officer asks for a freeze (${r.reference}); Austria's approver may: ${r.availableActions.join(', ')}`,
  );
  const order = { issuingAuthority: 'Regional Criminal Court, Vienna', reference: '12 Hv 34/26' };
  r = await step(
    atApprover,
    vnOfficer,
    draft.id,
    'freeze',
    { measureTaken: 'freezing', domesticOrder: order },
    'FROZEN',
  );
  say(`2. Austria's approver freezes the account and the wallet: ${r.status} on both nodes`);
  const respondBy = new Date(Date.now() + 14 * 86400000).toISOString();
  r = await step(
    atApprover,
    vnOfficer,
    draft.id,
    'propose-lift',
    { grounds: ['EVIDENCE_NOT_TIMELY'], reasons: 'No confiscation request yet', respondBy },
    'LIFT_PROPOSED',
  );
  say(
    `3. Austria proposes to lift the freeze; Viet Nam may argue until ${respondBy.slice(0, 10)}: ${r.status}`,
  );
  await vnOfficer.act(draft.id, 'argue-against-lift', {
    position: 'The confiscation request follows this week',
  });
  r = await step(atApprover, vnOfficer, draft.id, 'keep-frozen', { reasons: 'Heard Viet Nam' }, 'FROZEN');
  say(`4. Viet Nam argues for keeping it; Austria's approver keeps the freeze: ${r.status} on both nodes`);
  r = await step(
    vnOfficer,
    atOfficer,
    draft.id,
    'request-confiscation',
    {
      type: 'obtain-domestic-order',
      factsForDomesticOrder: 'The account received 1.2 million EUR from 312 victims between 3 and 9 March.',
      returnRequest: { purpose: 'compensate-victims', particulars: '312 victims, listed in annex 2' },
    },
    'CONFISCATION_REQUESTED',
  );
  say(`5. Viet Nam asks for confiscation by a domestic order and the return to the victims: ${r.status}`);
  await step(atOfficer, vnOfficer, draft.id, 'acknowledge', {}, 'UNDER_REVIEW');
  const copy = { name: 'confiscation-order.pdf', sha256: 'cd'.repeat(32) };
  await step(
    atApprover,
    vnOfficer,
    draft.id,
    'obtain-order',
    { order: { ...order, copy } },
    'ORDER_OBTAINED',
  );
  await step(atApprover, vnOfficer, draft.id, 'enforce', { summary: 'Balance transferred' }, 'ENFORCED');
  r = await step(
    atApprover,
    vnOfficer,
    draft.id,
    'decide-disposal',
    {
      outcome: 'RETURNED_TO_REQUESTER',
      amount: 240000,
      currency: 'EUR',
      costsDeducted: [{ description: 'Custody and court costs', amount: 2000 }],
    },
    'DISPOSAL_DECIDED',
  );
  const disposal = r.caseData.disposal as { net: number; currency: string };
  say(
    `6. Austria obtains the order, enforces it and returns ${disposal.net} ${disposal.currency} after costs: ${r.status}`,
  );
  r = await step(vnOfficer, atOfficer, draft.id, 'close', {}, 'CLOSED');
  say(`7. Viet Nam's officer confirms the return: ${r.status} on both nodes`);
}

/**
 * A joint investigation team (art. 48) across the two nodes: Viet Nam proposes, Austria joins the
 * negotiation, both sign the same terms, Viet Nam starts the team (its end is a legal clock) and Austria
 * records an activity in its own territory. (A team of more than two States keeps its parties on one
 * node for now: docs/federation.md, known limits.)
 */
async function jointInvestigationWalk(vnm: Party, aut: Party): Promise<void> {
  const [vnOfficer, vnApprover] = [vnm.users.officer, vnm.users.approver];
  const [atOfficer, atApprover] = [aut.users.officer, aut.users.approver];
  say('\nJoint investigation team (art. 48): Viet Nam proposes a team to Austria');
  const today = new Date().toISOString().slice(0, 10);
  const team = await vnOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'joint-investigation',
    requestedAuthorityId: aut.id,
    language: 'en',
    subject: 'Botnet renting out access to hospital networks',
    offences: [
      {
        provision: 'Penal Code art. 287',
        conventionArticle: 10,
        description: 'Interference with computer systems of hospitals',
      },
    ],
    factsSummary:
      'Command servers in Austria steer infected machines in Viet Nam; one team can follow both ends.',
    details: {
      legalBasis: 'convention-art-48',
      terms: {
        purpose: 'Identify the operators of the botnet and seize its command servers',
        startDate: today,
        endDate: new Date(Date.now() + 182 * 86400000).toISOString().slice(0, 10),
        members: [
          { partyAuthorityId: vnm.id, name: 'Pham Quoc Bao', function: 'Investigator', role: 'leader' },
          { partyAuthorityId: aut.id, name: 'Dr. Lisa Moser', function: 'Prosecutor', role: 'leader' },
        ],
        useOfInformation: 'Only for the investigations and prosecutions of the botnet',
        costs: 'Each party bears the costs of its own members',
      },
    },
  });
  await vnOfficer.act(team.id, 'propose');
  let r = await seen(atApprover, team.id, 'PROPOSED');
  say(
    `1. Viet Nam's officer proposes ${r.reference}; Austria's approver may: ${r.availableActions.join(', ')}`,
  );
  r = await step(atApprover, vnApprover, team.id, 'join-negotiation', {}, 'NEGOTIATING');
  say(`2. Austria's approver joins the negotiation: ${r.status} on both nodes`);
  await vnApprover.act(team.id, 'sign-agreement', { termsVersion: 1 });
  await until('the first signature on both nodes', async () => {
    const there = await atApprover.call<Req>('GET', `/v1/requests/${team.id}`);
    return (there.caseData.signatures ?? []).length === 1;
  });
  r = await step(atApprover, vnApprover, team.id, 'sign-agreement', { termsVersion: 1 }, 'AGREEMENT_SIGNED');
  say(`3. Both approvers sign version 1 of the terms: ${r.status} on both nodes`);
  r = await step(vnApprover, atApprover, team.id, 'start', {}, 'ACTIVE');
  say(
    `4. Viet Nam's approver starts the team: ${r.status}, its agreed period ends on ${r.caseData.endDate ?? '?'}`,
  );
  await atOfficer.act(team.id, 'record-activity', {
    kind: 'arrest-or-search',
    hostAuthorityId: aut.id,
    date: today,
    summary: 'Command server seized at a Vienna data centre',
  });
  say("5. Austria's officer records an activity in Austria (the host party of each activity is on record)");
}

/**
 * Real-time collection of traffic data (art. 45): Viet Nam asks Austria to collect, for 30 days, the traffic
 * data of a number; Austria authorises 20 days, delivers a batch with its SHA-256, renews the period once
 * (a new end voids the old clock), and reports the outcome after Viet Nam stops collection early.
 */
async function realTimeCollectionWalk(vnm: Party, aut: Party): Promise<void> {
  const [vnOfficer] = [vnm.users.officer];
  const [atOfficer, atApprover] = [aut.users.officer, aut.users.approver];
  const inDays = (days: number): string => new Date(Date.now() + days * 86400000).toISOString();
  say('\nReal-time collection of traffic data (art. 45): Viet Nam asks Austria to collect traffic data live');
  const draft = await vnOfficer.call<Req>('POST', '/v1/requests', {
    ...realTimeCollectionDraft(aut.id, 1),
    subject: 'Intrusions into hospital networks coordinated by phone',
  });
  await vnOfficer.act(draft.id, 'submit');
  let r = await seen(atOfficer, draft.id, 'RECEIVED');
  say(`1. Viet Nam's officer submits ${r.reference}, a period of 30 days and its justification`);
  await step(atOfficer, vnOfficer, draft.id, 'acknowledge', {}, 'UNDER_REVIEW');
  await step(atApprover, vnOfficer, draft.id, 'accept', {}, 'ACCEPTED');
  r = await step(
    atOfficer,
    vnOfficer,
    draft.id,
    'start-collection',
    { authorisationReference: 'LG Wien 331 HR 12/26', endsAt: inDays(20) },
    'COLLECTING',
  );
  say(`2. Austria accepts and its court authorises 20 days (shorter than asked): ${r.status} on both nodes`);
  await step(atApprover, vnOfficer, draft.id, 'deliver-batch', SAMPLE_BATCH, 'COLLECTING');
  say("3. Austria's approver delivers a first batch of traffic data, each file with its SHA-256");
  await step(
    vnOfficer,
    atApprover,
    draft.id,
    'request-renewal',
    { requestedEnd: inDays(30), justification: 'Two accomplices appeared in the first batch' },
    'RENEWAL_REQUESTED',
  );
  r = await step(
    atApprover,
    vnOfficer,
    draft.id,
    'grant-renewal',
    { endsAt: inDays(28), authorisationReference: 'LG Wien 331 HR 13/26' },
    'COLLECTING',
  );
  say(
    `4. Viet Nam asks a renewal with a fresh justification; Austria renews: ${r.status}, new end, new clock`,
  );
  await step(
    vnOfficer,
    atApprover,
    draft.id,
    'stop-collection',
    { reasons: 'Suspect arrested' },
    'COLLECTION_ENDED',
  );
  await step(
    atApprover,
    vnOfficer,
    draft.id,
    'complete-execution',
    { summary: 'One batch delivered' },
    'EXECUTED',
  );
  r = await step(vnOfficer, atOfficer, draft.id, 'confirm-receipt', {}, 'CLOSED');
  say(`5. Viet Nam stops collection early; Austria reports the outcome; Viet Nam confirms: ${r.status}`);
}

/**
 * A transfer of a sentenced person (art. 38), proposed by the administering State: Austria asks Viet Nam
 * to transfer an Austrian sentenced in Ha Noi. Viet Nam (the sentencing State) records his consent,
 * Austria's consul verifies it, Viet Nam agrees on terms, Austria confirms, the handover is recorded and
 * Austria acknowledges the person's arrival.
 */
async function transferWalk(vnm: Party, aut: Party): Promise<void> {
  const [vnOfficer, vnApprover] = [vnm.users.officer, vnm.users.approver];
  const [atOfficer, atApprover] = [aut.users.officer, aut.users.approver];
  say('\nTransfer of a sentenced person (art. 38): Austria, the administering State, proposes it');
  const proposal = await atOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'transfer',
    requestedAuthorityId: vnm.id,
    language: 'en',
    subject: 'Transfer of an Austrian national sentenced in Ha Noi',
    offences: [{ provision: 'Penal Code art. 287', description: 'Interference with a computer system' }],
    factsSummary: 'Sentenced in Ha Noi for attacks on a bank; he asked to serve the sentence in Austria.',
    details: {
      kind: 'sentenced-person',
      proposerRole: 'administering-state',
      legalBasis: 'Bilateral treaty on the transfer of sentenced persons (2014)',
      sentencedPerson: { name: 'Franz Huber', nationalities: ['AUT'], heldAt: 'Hoa Lo, Ha Noi' },
      judgment: {
        court: 'People’s Court of Ha Noi',
        date: '2025-09-15',
        reference: 'HN-7/2025',
        final: true,
      },
      sentence: {
        description: '5 years imprisonment',
        lengthDays: 1826,
        enforcementStartDate: '2025-01-10',
        servedDays: 420,
        remainingDays: 1406,
      },
      consentRequired: true,
    },
  });
  await atOfficer.act(proposal.id, 'propose');
  let r = await seen(vnOfficer, proposal.id, 'PROPOSED');
  say(
    `1. Austria's officer proposes ${r.reference}; Viet Nam's officer may: ${r.availableActions.join(', ')}`,
  );
  await step(vnOfficer, atOfficer, proposal.id, 'consider', {}, 'UNDER_CONSIDERATION');
  await step(vnOfficer, atOfficer, proposal.id, 'seek-consent', {}, 'CONSENT_PENDING');
  const consent = {
    givenAt: '2026-03-02T09:00:00Z',
    givenBy: 'sentenced-person',
    obtainedHow: 'in-writing-before-judge',
    informedOfConsequences: true,
  };
  r = await step(vnOfficer, atOfficer, proposal.id, 'record-consent', consent, 'UNDER_CONSIDERATION');
  say(`2. Viet Nam, the sentencing State, records his consent given before a judge: ${r.status}`);
  await atOfficer.act(proposal.id, 'verify-consent', {
    verifiedAt: '2026-03-05T10:00:00Z',
    method: 'consul',
    verifiedBy: 'Consul of Austria in Ha Noi',
    confirmed: true,
  });
  say("3. Austria's consul verifies the consent (CoE 1983 art. 7(2) [GK])");
  const terms = { terms: 'Continued enforcement in Austria', enforcement: 'continued' };
  await step(vnApprover, atApprover, proposal.id, 'agree', terms, 'AWAITING_CONFIRMATION');
  r = await step(atApprover, vnApprover, proposal.id, 'confirm-agreement', {}, 'AGREED');
  say(`4. Viet Nam's approver agrees on terms, Austria's approver confirms them: ${r.status} on both nodes`);
  const handover = { executedAt: '2026-04-01T08:00:00Z', place: 'Noi Bai International Airport' };
  r = await step(vnOfficer, atOfficer, proposal.id, 'execute', handover, 'EXECUTED');
  await atOfficer.act(proposal.id, 'acknowledge-receipt', {
    receivedAt: '2026-04-02T06:00:00Z',
    domesticReference: 'JA Wien 1/26',
    authority: 'Justizanstalt Wien-Josefstadt',
  });
  await until('the receipt reaches Viet Nam', async () => {
    const seenThere = await vnOfficer.call<Req>('GET', `/v1/requests/${proposal.id}`);
    return seenThere.caseData.receipt !== undefined;
  });
  say(`5. The handover is recorded and Austria acknowledges his arrival: ${r.status} on both nodes`);
}

/** Both nodes' copies of a request, event by event: seq, action, status, hash on each side. */
async function printHistories(a: EngineNode, b: EngineNode, id: string, title: string): Promise<void> {
  const ha = await dbHistory(a, id);
  const hb = await dbHistory(b, id);
  say(`\n${title}: the history on each node`);
  say(
    `  ${'#'.padEnd(3)} ${'action'.padEnd(25)} ${'status after'.padEnd(26)} ${`hash on ${a.name}`.padEnd(16)} hash on ${b.name}`,
  );
  for (let i = 0; i < Math.max(ha.length, hb.length); i++) {
    const x = ha[i] ?? hb[i];
    const hash = (e: { hash: string } | undefined): string => (e ? `${e.hash.slice(0, 12)}...` : '(missing)');
    say(
      `  ${String(x.seq).padEnd(3)} ${x.action.padEnd(25)} ${x.to_status.padEnd(26)} ${hash(ha[i]).padEnd(16)} ${hash(hb[i])}`,
    );
  }
  const equal = JSON.stringify(ha) === JSON.stringify(hb);
  say(`  ${equal ? 'equal on both nodes, event for event and hash for hash' : 'THE HISTORIES DIFFER'}`);
  if (!equal) {
    throw new Error(`the histories of ${id} differ between the nodes`);
  }
}

interface ReceiptRow {
  direction: string;
  type: string;
  status: string;
  receipts: { kind: string; result: string; at: string; signerKid: string }[];
}

async function printReceipts(client: ApiClient, id: string, title: string): Promise<void> {
  const rows = await client.call<ReceiptRow[]>('GET', `/v1/requests/${id}/receipts`);
  say(`\n${title}: envelopes and their signed receipts, as Viet Nam's auditor sees them`);
  for (const r of rows.filter((x) => x.type !== 'receipt')) {
    const receipts = r.receipts
      .map((x) => `${x.kind} ${x.result} ${x.at.slice(11, 23)} (key ${x.signerKid.slice(0, 8)})`)
      .join(', ');
    say(`  ${r.direction.padEnd(8)} ${r.type.padEnd(34)} ${receipts}`);
  }
}

async function main(): Promise<void> {
  const keepRunning = !process.argv.includes('--exit');
  const port = Number(process.env.PORT ?? 3000);
  const dir = engineDir();
  stopNodesOnSignals();
  say('Starting two nodes, one per State, each with its own database and keys...');
  const cluster: EngineNodes = await startNodes({
    nodes: [
      { name: 'VietNam', country: 'VNM' },
      { name: 'Austria', country: 'AUT' },
    ],
    // 127.0.0.1 for both (every machine has it), told apart by their ports.
    hosts: ['127.0.0.1', '127.0.0.1'],
    ports: [port, port + 1],
    pgAdminUrl: adminUrlOf(process.env.DATABASE_URL),
    redisUrl: process.env.REDIS_URL,
    // The console the nodes serve at /console: this checkout's build (npm run build:console).
    extraEnv: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', CONSOLE_DIR: consoleDir() },
    mainScript: join(dir, 'main.js'),
    cliScript: join(dir, 'cli.js'),
  });
  try {
    await walk(cluster, keepRunning);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  if (!keepRunning) {
    await cluster.stop();
  }
}

async function walk(cluster: EngineNodes, keepRunning: boolean): Promise<void> {
  const vn = cluster.node('VietNam');
  const at = cluster.node('Austria');
  for (const n of [vn, at]) {
    say(
      `  ${n.name.padEnd(8)} ${n.url}  (NODE_COUNTRY ${n.country}, database ${n.database}, API docs ${n.url}/docs)`,
    );
  }

  const vnm = await authority(
    vn,
    {
      code: 'VNM-MPS-CA',
      name: 'Ministry of Public Security of Viet Nam, central authority',
      country: 'VNM',
      kind: 'central',
      languages: ['vi', 'en'],
    },
    {
      officer: ['Nguyen Thi Lan (VNM officer)', 'officer'],
      approver: ['Tran Van Minh (VNM approver)', 'approver'],
      auditor: ['Le Thu Ha (VNM auditor)', 'auditor'],
    },
  );
  const aut = await authority(
    at,
    {
      code: 'AUT-BMJ-CA',
      name: 'Federal Ministry of Justice of Austria, central authority',
      country: 'AUT',
      kind: 'central',
      languages: ['de', 'en'],
    },
    {
      officer: ['Anna Huber (AUT officer)', 'officer'],
      approver: ['Markus Gruber (AUT approver)', 'approver'],
      auditor: ['Sophie Wagner (AUT auditor)', 'auditor'],
    },
  );
  // Austria's 24/7 point of contact (art. 41) receives urgent preservation requests.
  const poc = await authority(
    at,
    {
      code: 'AUT-BK-247',
      name: 'Federal Criminal Police Office of Austria, 24/7 point of contact',
      country: 'AUT',
      kind: 'contact-24-7',
      languages: ['de', 'en'],
    },
    { officer: ['Eva Berger (AUT 24/7)', 'officer'] },
  );
  // Viet Nam's 24/7 point of contact opens a ticket on the network (art. 41) at the end of the walk.
  const vnPoc = await authority(
    vn,
    {
      code: 'VNM-A05-247',
      name: 'Department of Cybersecurity of Viet Nam, 24/7 point of contact',
      country: 'VNM',
      kind: 'contact-24-7',
      languages: ['vi', 'en'],
    },
    { officer: ['Pham Quoc Bao (VNM 24/7)', 'officer'] },
  );
  say(`\nViet Nam's node hosts ${vnm.code} and ${vnPoc.code}; Austria's hosts ${aut.code} and ${poc.code}`);

  say('\nEach State pins the other, with four eyes:');
  const apiVn = new NodeApi(vn);
  const apiAt = new NodeApi(at);
  try {
    for (const [from, to] of [
      [apiVn, apiAt],
      [apiAt, apiVn],
    ] as const) {
      const sameAdmin = await from.send('POST', '/v1/federation/peers', from.node.adminToken, {
        origin: to.node.origin,
      });
      const pending = sameAdmin.body as { id: string; fingerprint: string };
      const refused = await from.send(
        'POST',
        `/v1/federation/peers/${pending.id}/confirm`,
        from.node.adminToken,
        {
          fingerprint: pending.fingerprint,
        },
      );
      say(
        `  ${from.name}: admin 1 adds ${to.node.origin}; fingerprint ${pending.fingerprint}; ` +
          `admin 1 cannot confirm it too (${refused.status} ${(refused.body as { code?: string }).code})`,
      );
      // The peer already added above: the second admin confirms it against the official fingerprint.
      await from.expect(
        200,
        'POST',
        `/v1/federation/peers/${pending.id}/confirm`,
        from.node.secondAdminToken,
        {
          fingerprint: (
            (await to.expect(200, 'GET', '/federation/v1/key-log', null)) as { fingerprint: string }
          ).fingerprint,
        },
      );
      say(
        `  ${from.name}: admin 2 confirms it against the fingerprint ${to.name} published by note verbale: PINNED`,
      );
    }
  } finally {
    apiVn.close();
    apiAt.close();
  }
  const directory = await vnm.users.officer.call<{ code: string; remote: boolean; node: string | null }[]>(
    'GET',
    '/v1/authorities',
  );
  say(
    `  Viet Nam's directory now lists ${directory
      .filter((d) => d.remote)
      .map((d) => `${d.code} (on ${d.node})`)
      .join(', ')}`,
  );

  const { officer: vnOfficer, approver: vnApprover, auditor: vnAuditor } = vnm.users;
  const { officer: atOfficer, approver: atApprover } = aut.users;
  const pocOfficer = poc.users.officer;

  say('\nFirst, the data must not disappear: expedited preservation (art. 42), from Viet Nam to Austria');
  const preservation = await vnOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'preservation',
    requestedAuthorityId: poc.id,
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
    `P1. On Viet Nam's node the officer drafts preservation ${preservation.reference} to ${poc.code} (urgency: ${preservation.urgency})`,
  );
  await vnOfficer.act(preservation.id, 'send');
  await seen(pocOfficer, preservation.id, 'RECEIVED');
  say(
    "P2. Sent as a signed envelope: Austria's node stored it, answered a signed DELIVERY receipt, and its 24/7 point sees it RECEIVED",
  );
  await step(
    pocOfficer,
    vnOfficer,
    preservation.id,
    'start-preservation',
    { orderReference: 'BK-PO-2026-311' },
    'PRESERVING',
  );
  let pr = await step(
    pocOfficer,
    vnOfficer,
    preservation.id,
    'confirm-preservation',
    { custodianConfirmation: 'Example Mail GmbH confirmed the data is preserved' },
    'PRESERVED_ACTIVE',
  );
  say(
    `P3. On Austria's node the custodian's confirmation is recorded: ${pr.status} until ${(pr.caseData.preservation?.expiresAt ?? '').slice(0, 10)}; Viet Nam sees the same`,
  );

  say('\nThen the mutual legal assistance request for the data (arts 40, 44), following up the preservation');
  const draft = await vnOfficer.call<Req>('POST', '/v1/requests', {
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
  say(`1. Viet Nam's officer drafts ${draft.reference} (${draft.status}); drafts never leave the node`);
  await vnOfficer.act(draft.id, 'submit');
  let r = await seen(atOfficer, draft.id, 'RECEIVED');
  say(
    `2. Submitted: Austria's node received it as a signed envelope; it sees ${r.reference} as ${r.status} and may: ${r.availableActions.join(', ')}`,
  );
  pr = await seen(vnOfficer, preservation.id, 'HELD_PENDING_MLA_DECISION');
  await seen(pocOfficer, preservation.id, 'HELD_PENDING_MLA_DECISION');
  say(
    `   The preservation ${pr.reference} is ${pr.status} on both nodes: it cannot expire while the MLA request is open`,
  );

  const walkSteps: [ApiClient, ApiClient, string, Record<string, unknown>, string, string][] = [
    [atOfficer, vnOfficer, 'acknowledge', {}, 'UNDER_REVIEW', "3. Austria's officer acknowledges"],
    [
      atOfficer,
      vnOfficer,
      'request-information',
      {
        questions:
          'Please state the exact UTC time window of the ransom e-mails and confirm the mailbox address.',
      },
      'INFO_REQUESTED',
      "4. Austria's officer asks for more information (UNTOC 18(16))",
    ],
    [
      vnOfficer,
      atOfficer,
      'provide-information',
      {
        answers:
          'E-mails received between 2026-03-14T02:00Z and 2026-03-16T23:00Z; the address is ops@example.at.',
      },
      'UNDER_REVIEW',
      "5. Viet Nam's officer answers on its node; Austria's node, whose move it is, applies it",
    ],
    [
      atApprover,
      vnApprover,
      'propose-conditions',
      { conditions: [{ type: 'USE_LIMIT', text: 'Use only in the investigation named in the request.' }] },
      'CONDITIONS_PROPOSED',
      "6. Austria's approver proposes a use limitation",
    ],
    [
      vnApprover,
      atApprover,
      'accept-conditions',
      {},
      'ACCEPTED',
      "7. Viet Nam's approver accepts the conditions (now binding)",
    ],
    [atOfficer, vnOfficer, 'start-execution', {}, 'IN_EXECUTION', "8. Austria's officer starts execution"],
    [
      atApprover,
      vnOfficer,
      'transmit-results',
      {
        final: false,
        summary: 'Subscriber information for ops@example.at.',
        items: [{ name: 'subscriber-info.pdf', sha256: 'a'.repeat(64), size: 48213 }],
      },
      'PARTIALLY_EXECUTED',
      "9. Austria's approver transmits partial results",
    ],
    [
      atApprover,
      vnOfficer,
      'transmit-results',
      {
        final: true,
        summary: 'Access logs for 1-20 March 2026.',
        items: [{ name: 'access-logs.csv', sha256: 'b'.repeat(64), size: 1048576 }],
      },
      'EXECUTED',
      "10. Austria's approver transmits the final results",
    ],
  ];
  for (const [actor, other, action, payload, status, text] of walkSteps) {
    r = await step(actor, other, draft.id, action, payload, status);
    say(`${text}: ${r.status} on both nodes`);
  }
  pr = await seen(vnOfficer, preservation.id, 'RELEASED');
  await seen(pocOfficer, preservation.id, 'RELEASED');
  say(`   The preservation ${pr.reference} is ${pr.status} on both nodes: its follow-up was executed`);
  r = await step(vnOfficer, atOfficer, draft.id, 'confirm-receipt', {}, 'CLOSED');
  say(`11. Viet Nam's officer confirms receipt: ${r.status} on both nodes`);

  const ticket = await walkTicket(vnPoc.users.officer, pocOfficer, poc.id);

  await printHistories(vn, at, preservation.id, `Preservation ${preservation.reference}`);
  await printHistories(vn, at, draft.id, `MLA request ${draft.reference}`);
  await printHistories(vn, at, ticket.id, `24/7 ticket ${ticket.reference}`);
  await until('every envelope processed', async () => {
    const rows = await vnAuditor.call<ReceiptRow[]>('GET', `/v1/requests/${draft.id}/receipts`);
    return rows.every((x) => x.type === 'receipt' || x.receipts.some((y) => y.kind === 'PROCESSED'));
  });
  await printReceipts(vnAuditor, preservation.id, `Preservation ${preservation.reference}`);
  await printReceipts(vnAuditor, draft.id, `MLA request ${draft.reference}`);
  const books = await ledger(cluster.list, [
    { id: preservation.id, nodes: [vn, at] },
    { id: draft.id, nodes: [vn, at] },
    { id: ticket.id, nodes: [vn, at] },
    { id: ticket.escalation, nodes: [vn, at] },
  ]);
  say("\nChecked offline against each node's key log:");
  ledgerLines(books).forEach((l) => say(`  ${l}`));
  const verification = await vnAuditor.call<{ valid: boolean; events: number }>(
    'GET',
    `/v1/audit/verify?requestId=${draft.id}`,
  );
  say(
    `Viet Nam's auditor verifies the hash chain of ${draft.reference}: valid=${verification.valid}, ${verification.events} events`,
  );

  await spontaneousWalk(vnm, aut);
  await confiscationWalk(vnm, aut);
  await jointInvestigationWalk(vnm, aut);
  await realTimeCollectionWalk(vnm, aut);
  await transferWalk(vnm, aut);

  if (!keepRunning) {
    return;
  }
  // Work left open for the console: a request waiting in Austria's inbox and a draft in Viet Nam's.
  const open = await vnOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'mla',
    requestedAuthorityId: aut.id,
    urgency: 'normal',
    language: 'en',
    subject: 'Phishing campaign against Viet Nam taxpayers, October 2026',
    proceedingType: 'investigation',
    offences: [
      {
        provision: 'Penal Code art. 290 (fraud using computer networks)',
        conventionArticle: 13,
        description: 'Payments taken on a page imitating the tax authority',
      },
    ],
    factsSummary: 'Messages imitating the tax authority led to a payment page hosted in Austria.',
    assistanceSought: 'Registration and hosting records of the payment page.',
    purpose: 'Identify who operated the payment page.',
    suggestedDeadline: new Date(Date.now() + 5 * 86400000).toISOString(),
    deadlineReason: 'The hosting provider deletes its logs after 30 days.',
    details: {
      assistanceTypes: ['subscriber-info'],
      items: [{ type: 'domain', value: 'tax-refund.example.at' }],
    },
  });
  await vnOfficer.act(open.id, 'submit');
  await seen(atOfficer, open.id, 'RECEIVED');
  const waiting = await vnOfficer.call<Req>('POST', '/v1/requests', {
    channel: 'mla',
    requestedAuthorityId: aut.id,
    language: 'en',
    subject: 'Draft: money mule accounts, November 2026',
  });
  say(
    `\nLeft open for the console: ${open.reference} waits in Austria's inbox; ${waiting.reference} is Viet Nam's draft`,
  );

  say('\nOpen the web console (each link fills in that person\'s token; press "Sign in"):');
  const links: [string, string, ApiClient | string][] = [
    ['Viet Nam officer', vn.url, vnOfficer],
    ['Viet Nam approver', vn.url, vnApprover],
    ['Viet Nam auditor', vn.url, vnAuditor],
    ['Viet Nam administrator', vn.url, vn.adminToken],
    ['Austria officer', at.url, atOfficer],
    ['Austria approver', at.url, atApprover],
    ['Austria 24/7 point of contact', at.url, pocOfficer],
    ['Austria administrator', at.url, at.adminToken],
  ];
  for (const [who, url, user] of links) {
    say(`  ${who.padEnd(30)} ${url}/console/#token=${typeof user === 'string' ? user : user.token}`);
  }
  say('\nBoth nodes keep running. Try them (Ctrl-C stops them and drops their databases):');
  say(`  curl -H "Authorization: Bearer ${vnOfficer.token}" ${vn.url}/v1/requests/${draft.id}`);
  say(`  curl -H "Authorization: Bearer ${atOfficer.token}" ${at.url}/v1/requests/${draft.id}/receipts`);
  say(`  ${vn.url}/.well-known/coop-node.json and ${at.url}/.well-known/coop-node.json`);
  say(`  VNM officer token (${vn.url}):  ${vnOfficer.token}`);
  say(`  VNM auditor token (${vn.url}):  ${vnAuditor.token}`);
  say(`  AUT officer token (${at.url}):  ${atOfficer.token}`);
  say(`  AUT approver token (${at.url}): ${atApprover.token}`);
  say(`  admin tokens: ${vn.adminToken} (${vn.name}), ${at.adminToken} (${at.name})`);
}

/**
 * The 24/7 network (art. 41): Viet Nam's point of contact opens a ticket with Austria's, which acknowledges
 * it (the minutes it took are recorded), routes it, answers where the provider is; Viet Nam's point of
 * contact then sends the preservation that follows it up, and the ticket is escalated on both nodes.
 */
async function walkTicket(
  vnPoc: ApiClient,
  atPoc: ApiClient,
  atPocId: string,
): Promise<{ id: string; reference: string; escalation: string }> {
  say('\nLast, the 24/7 network (art. 41): a ticket from point of contact to point of contact');
  const ticket = await vnPoc.call<Req>('POST', '/v1/requests', {
    channel: 'contact-24-7',
    requestedAuthorityId: atPocId,
    language: 'en',
    subject: 'Phishing kit hosted abroad, victims in Ha Noi',
    assistanceSought: 'Which provider hosts phish.example.at, and does it keep access logs?',
    details: { assistanceTypes: ['provider-location', 'technical-advice'], callback: '+84 24 0000 0000' },
  });
  await vnPoc.act(ticket.id, 'open');
  await seen(atPoc, ticket.id, 'RECEIVED');
  say(
    `T1. Viet Nam's 24/7 officer opens ticket ${ticket.reference} (urgency: ${ticket.urgency}); Austria's receives it`,
  );
  let r = await step(
    atPoc,
    vnPoc,
    ticket.id,
    'acknowledge',
    { handledBy: 'Eva Berger, duty officer' },
    'ACKNOWLEDGED',
  );
  say(
    `T2. Austria's 24/7 officer acknowledges it (${r.status} on both nodes); time to acknowledge, kept on the ticket and in the statistics: ${r.caseData.acknowledgement?.minutesToAcknowledge ?? '?'} minutes`,
  );
  await step(
    atPoc,
    vnPoc,
    ticket.id,
    'route',
    { to: 'competent-authority', authority: 'Federal Criminal Police Office, cybercrime unit C4' },
    'ROUTED',
  );
  r = await step(
    atPoc,
    vnPoc,
    ticket.id,
    'answer',
    {
      kind: 'provider-location',
      answer: 'Hosted by Example Hosting GmbH, Vienna; access logs kept for 90 days',
    },
    'ANSWERED',
  );
  say(
    `T3. Routed to the cybercrime unit, then answered: the provider is in Vienna (${r.status} on both nodes)`,
  );
  const preservation = await vnPoc.call<Req>('POST', '/v1/requests', {
    channel: 'preservation',
    requestedAuthorityId: atPocId,
    followsUpRequestId: ticket.id,
    language: 'en',
    subject: 'Phishing kit hosted abroad, victims in Ha Noi',
    offences: [{ provision: 'Penal Code art. 290', description: 'Fraud using a computer system' }],
    factsSummary: 'A phishing kit at phish.example.at collected bank credentials of victims in Ha Noi.',
    details: {
      dataToPreserve: 'Access logs and account data of phish.example.at, 1-20 March 2026',
      relationToOffence: 'The site collected the credentials',
      custodian: 'Example Hosting GmbH',
      necessity: 'Access logs are deleted after 90 days',
      intentToRequestMla: true,
    },
  });
  await vnPoc.act(preservation.id, 'send');
  r = await seen(atPoc, ticket.id, 'ESCALATED_TO_PRESERVATION');
  await seen(vnPoc, ticket.id, 'ESCALATED_TO_PRESERVATION');
  say(
    `T4. Viet Nam's 24/7 officer sends preservation ${preservation.reference} following the ticket up: the ticket is ${r.status} on both nodes, linked to ${(r.followUps ?? []).map((f) => `${f.reference} (${f.channel})`).join(', ')}`,
  );
  r = await step(vnPoc, atPoc, ticket.id, 'close', {}, 'CLOSED');
  say(`T5. Viet Nam's 24/7 officer closes the ticket: ${r.status} on both nodes`);
  return { id: ticket.id, reference: ticket.reference, escalation: preservation.id };
}

main().catch((err: unknown) => {
  process.stderr.write(`Demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
