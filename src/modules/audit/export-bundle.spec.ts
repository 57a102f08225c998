import { generateKeyPairSync } from 'node:crypto';
import { type HashedEventFields } from './audit-hash';
import { computeEventHash } from '@/workflows';
import { buildCheckpoint, type SignedCheckpoint } from './checkpoint-statement';
import {
  assembleExport,
  bundleSigningText,
  proofsInTree,
  type ExportBundle,
  type ExportInput,
  unsignedPart,
  verifyExport,
} from './export-bundle';
import { describePublicKey, signText } from './signing-key';

const REQUEST = 'aaaaaaaa-0000-4000-8000-00000000000a';
const OTHER = 'bbbbbbbb-0000-4000-8000-00000000000b';

type Event = HashedEventFields & { id: string; hash: string };

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const info = describePublicKey(publicKey);
  return { info, sign: (text: string) => signText(privateKey, text) };
}

const node = keyPair();
const signer = { keyId: node.info.keyId, sign: node.sign };

const ACTIONS: [string, string | null, string][] = [
  ['create', null, 'DRAFT'],
  ['edit', 'DRAFT', 'DRAFT'],
  ['submit', 'DRAFT', 'SUBMITTED'],
  ['deliver', 'SUBMITTED', 'RECEIVED'],
  ['acknowledge', 'RECEIVED', 'UNDER_REVIEW'],
];

/**
 * A log of two requests whose events interleave (ids 1..12), the exported one's at ids 2, 4, 6, 9, 11,
 * under two checkpoints (ids 1..6 and 7..12).
 */
type Leaves = { id: string; hash: string }[];

/** Checkpoints over `batches` of leaves, signed by `by`, and a proof of each event in its checkpoint. */
function checkpointed(
  batches: Leaves[],
  eventIds: string[],
  by: { keyId: string; sign: (text: string) => string } = signer,
): Pick<ExportInput, 'checkpoints' | 'proofs'> {
  const checkpoints: SignedCheckpoint[] = [];
  const proofs: ExportInput['proofs'] = [];
  for (const [i, leaves] of batches.entries()) {
    const at = new Date(Date.UTC(2026, 0, 2 + i));
    const { checkpoint } = buildCheckpoint(checkpoints[i - 1] ?? null, leaves, by, at);
    checkpoints.push(checkpoint);
    proofs.push(...proofsInTree(checkpoint, leaves, eventIds));
  }
  return { checkpoints, proofs };
}

function log(): { events: Event[]; all: Event[]; batches: Leaves[] } {
  const chains: Record<string, Event[]> = { [REQUEST]: [], [OTHER]: [] };
  const order = [
    OTHER,
    REQUEST,
    OTHER,
    REQUEST,
    OTHER,
    REQUEST,
    OTHER,
    OTHER,
    REQUEST,
    OTHER,
    REQUEST,
    OTHER,
  ];
  const all: Event[] = order.map((requestId, i) => {
    const chain = chains[requestId];
    const seq = chain.length + 1;
    const [action, fromStatus, toStatus] = ACTIONS[Math.min(seq - 1, ACTIONS.length - 1)];
    const fields: HashedEventFields = {
      requestId,
      seq,
      action,
      fromStatus,
      toStatus,
      actorType: 'user',
      actorUserId: 'u-1',
      actorAuthorityId: 'a-1',
      payload: { n: i, note: action === 'create' ? 'confidential drafting' : 'x' },
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      prevHash: chain[chain.length - 1]?.hash ?? null,
    };
    const event = { ...fields, id: String(i + 1), hash: computeEventHash(fields) };
    chain.push(event);
    return event;
  });
  const leaves = (events: Event[]): Leaves => events.map(({ id, hash }) => ({ id, hash }));
  return { events: chains[REQUEST], all, batches: [leaves(all.slice(0, 6)), leaves(all.slice(6))] };
}

function exportOf(side: 'requesting' | 'requested' = 'requesting', version = 5): ExportBundle {
  const { events, batches } = log();
  return assembleExport({
    request: { id: REQUEST, reference: 'VNM-2026-000001', channel: 'mla', status: 'UNDER_REVIEW', version },
    side,
    events,
    ...checkpointed(
      batches,
      events.map((e) => e.id),
    ),
    publicKey: node.info,
    sign: node.sign,
    exportedAt: new Date('2026-01-04T00:00:00.000Z'),
  });
}

/** As the node would have signed it: tampering that only the deeper checks can catch. */
function resigned(b: ExportBundle, sign = node.sign): ExportBundle {
  return { ...b, signature: sign(bundleSigningText(unsignedPart(b))) };
}

function edited(edit: (b: ExportBundle) => void): ExportBundle {
  const b = structuredClone(exportOf());
  edit(b);
  return resigned(b);
}

describe('audit export bundle', () => {
  it('should verify an intact export: signature, checkpoints, chain and one inclusion proof per event', () => {
    const b = exportOf();
    expect(b.events.map((e) => e.id)).toEqual(['2', '4', '6', '9', '11']);
    expect(b.checkpoints.map((c) => c.seq)).toEqual([1, 2]);
    expect(b.proofs.map((p) => [p.eventId, p.checkpointSeq, p.leafIndex])).toEqual([
      ['2', 1, 1],
      ['4', 1, 3],
      ['6', 1, 5],
      ['9', 2, 2],
      ['11', 2, 4],
    ]);
    expect(verifyExport(JSON.parse(JSON.stringify(b)))).toEqual({
      valid: true,
      keyId: node.info.keyId,
      events: 5,
      checkpoints: 2,
      proofs: 5,
    });
    expect(verifyExport(b, node.info.pem).valid).toBe(true);
  });

  it("should redact the requester's drafting for the requested side, and still verify", () => {
    const b = exportOf('requested');
    expect(b.events.slice(0, 2)).toEqual([
      { id: '2', requestId: REQUEST, seq: 1, prevHash: null, hash: expect.any(String), redacted: true },
      {
        id: '4',
        requestId: REQUEST,
        seq: 2,
        prevHash: b.events[0].hash,
        hash: expect.any(String),
        redacted: true,
      },
    ]);
    expect(JSON.stringify(b)).not.toContain('confidential drafting');
    expect(verifyExport(b).valid).toBe(true);
  });

  it('should only carry the checkpoints its events are in', () => {
    const { events, batches } = log();
    const b = assembleExport({
      request: { id: REQUEST, reference: 'R', channel: 'mla', status: 'DRAFT', version: 3 },
      side: 'requesting',
      events: events.slice(0, 3),
      ...checkpointed(
        batches,
        events.slice(0, 3).map((e) => e.id),
      ),
      publicKey: node.info,
      sign: node.sign,
      exportedAt: new Date(),
    });
    expect(b.checkpoints.map((c) => c.seq)).toEqual([1]);
    expect(verifyExport(b).valid).toBe(true);
  });

  it('should refuse a changed export whose signature was not renewed', () => {
    const b = structuredClone(exportOf());
    (b.events[4] as { payload: object }).payload = { forged: true };
    expect(verifyExport(b).brokenAt).toEqual({
      eventId: null,
      seq: null,
      checkpointSeq: null,
      reason: 'the export signature does not verify: the file was changed after export',
    });
  });

  it.each<[string, (b: ExportBundle) => void, object]>([
    [
      'an edited payload',
      (b) => ((b.events[3] as { payload: object }).payload = { forged: true }),
      { eventId: '9', seq: 4, reason: 'hash does not match the event content' },
    ],
    [
      'a removed event',
      (b) => {
        b.events.splice(2, 1);
        b.proofs.splice(2, 1);
      },
      { eventId: '9', seq: 4, reason: 'expected seq 3, found 4' },
    ],
    [
      'swapped events',
      (b) => ([b.events[1], b.events[2]] = [b.events[2], b.events[1]]),
      { eventId: '6', seq: 3, reason: 'expected seq 2, found 3' },
    ],
    [
      'a truncated tail',
      (b) => {
        b.events.pop();
        b.proofs.pop();
      },
      { eventId: null, seq: 5, reason: 'the request is at version 5 but 4 events remain' },
    ],
    [
      'an event re-hashed with its successors (a rewritten chain)',
      (b) => {
        let prev: string | null = b.events[1].hash;
        for (const e of b.events.slice(2) as (Event & { occurredAt: string })[]) {
          e.prevHash = prev;
          if (e.seq === 3) {
            e.payload = { forged: true };
          }
          e.hash = computeEventHash({ ...e, occurredAt: new Date(e.occurredAt) });
          prev = e.hash;
        }
      },
      {
        eventId: '6',
        seq: 3,
        checkpointSeq: 1,
        reason: 'the event hash is not under the signed root of checkpoint 1',
      },
    ],
    [
      'an altered proof',
      (b) => (b.proofs[3].path[1] = 'f'.repeat(64)),
      { eventId: '9', seq: 4, reason: 'the event hash is not under the signed root of checkpoint 2' },
    ],
    [
      'a proof moved to another leaf',
      (b) => (b.proofs[0].leafIndex = 0),
      { eventId: '2', seq: 1, reason: 'the event hash is not under the signed root of checkpoint 1' },
    ],
    [
      'a missing proof',
      (b) => b.proofs.splice(1, 1),
      { eventId: '4', seq: 2, reason: 'no inclusion proof for this event' },
    ],
    [
      'a proof naming a checkpoint the export lacks',
      (b) => (b.proofs[0].checkpointSeq = 7),
      { eventId: '2', reason: 'the proof names checkpoint 7, which the export lacks' },
    ],
    [
      'a proof in a checkpoint whose range does not hold the event',
      (b) => (b.proofs[0].checkpointSeq = 2),
      { eventId: '2', reason: 'the event is outside the range of checkpoint 2' },
    ],
    [
      'an edited checkpoint root',
      (b) => (b.checkpoints[1].rootHash = 'a'.repeat(64)),
      { checkpointSeq: 2, reason: 'checkpoint 2: hash does not match the checkpoint fields' },
    ],
    [
      'a checkpoint re-hashed but not re-signed',
      (b) => (b.checkpoints[0].signature = b.checkpoints[1].signature),
      { checkpointSeq: 1, reason: 'checkpoint 1: signature does not verify' },
    ],
    ['a broken checkpoint link', (b) => (b.checkpoints[1].prevHash = 'c'.repeat(64)), { checkpointSeq: 2 }],
    [
      'an event of another request',
      (b) => (b.events[0].requestId = OTHER),
      { eventId: '2', reason: 'event 2 belongs to another request' },
    ],
  ])('should catch %s even when the node signature is renewed', (_name, edit, brokenAt) => {
    const result = verifyExport(edited(edit));
    expect(result.valid).toBe(false);
    expect(result.brokenAt).toMatchObject(brokenAt);
  });

  it('should catch a redacted event whose hash was changed, at the event that links to it', () => {
    const b = structuredClone(exportOf('requested'));
    b.events[1].hash = '0'.repeat(64);
    expect(verifyExport(resigned(b)).brokenAt).toMatchObject({
      eventId: '6',
      seq: 3,
      reason: 'prevHash does not match the previous event',
    });
  });

  it('should report the key of an export signed by another key, and refuse it when the node key is pinned', () => {
    const forger = keyPair();
    const { events, batches } = log();
    const forged = assembleExport({
      request: { id: REQUEST, reference: 'R', channel: 'mla', status: 'UNDER_REVIEW', version: 5 },
      side: 'requesting',
      events,
      ...checkpointed(
        batches,
        events.map((e) => e.id),
        { keyId: forger.info.keyId, sign: forger.sign },
      ),
      publicKey: forger.info,
      sign: forger.sign,
      exportedAt: new Date(),
    });
    expect(verifyExport(forged)).toMatchObject({ valid: true, keyId: forger.info.keyId });
    expect(verifyExport(forged, node.info.pem)).toMatchObject({
      valid: false,
      brokenAt: {
        reason: `the export is signed by key ${forger.info.keyId}, not by the given key ${node.info.keyId}`,
      },
    });
  });

  it('should refuse checkpoints signed by a key other than the export key', () => {
    const other = keyPair();
    const b = structuredClone(exportOf());
    b.publicKey = other.info;
    expect(verifyExport(resigned(b, other.sign)).brokenAt).toMatchObject({
      checkpointSeq: 1,
      reason: `checkpoint 1: signed by key ${node.info.keyId}, not by key ${other.info.keyId}`,
    });
  });

  it('should refuse a publicKey whose keyId is not its fingerprint', () => {
    const b = structuredClone(exportOf());
    b.publicKey.keyId = 'e'.repeat(64);
    expect(verifyExport(b).brokenAt?.reason).toBe('publicKey.keyId is not the fingerprint of publicKey.pem');
  });

  it.each<[string, unknown, string]>([
    ['an array', [], 'malformed export: export must be an object'],
    ['another format', { ...exportOf(), format: 'x' }, 'malformed export: format/version must be'],
    [
      'an event id that is not a number',
      edited((b) => (b.events[0].id = 'x')),
      'malformed export: events[0].id',
    ],
    ['a short hash', edited((b) => (b.events[2].hash = 'abc')), 'malformed export: events[2].hash'],
    [
      'a proof path that is not hex',
      edited((b) => (b.proofs[1].path = ['zz'])),
      'malformed export: proofs[1].path[0]',
    ],
    [
      'a public key that is not PEM',
      edited((b) => (b.publicKey.pem = 'nope')),
      'malformed export: publicKey.pem',
    ],
    [
      'a missing version',
      edited((b) => delete (b.request as Partial<ExportBundle['request']>).version),
      'malformed export: request.version',
    ],
  ])('should refuse %s as malformed, naming the field', (_name, input, reason) => {
    const result = verifyExport(input);
    expect(result.valid).toBe(false);
    expect(result.brokenAt?.reason.startsWith(reason)).toBe(true);
  });
});
