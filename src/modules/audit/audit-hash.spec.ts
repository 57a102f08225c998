import { createHash } from 'node:crypto';
import { type HashedEventFields, verifyChain } from './audit-hash';
import { computeEventHash } from '@/workflows';

type StoredEvent = HashedEventFields & { id: string; hash: string };

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';

type Draft = Omit<HashedEventFields, 'requestId' | 'seq' | 'prevHash'>;

const DRAFTS: Draft[] = [
  {
    action: 'create',
    fromStatus: null,
    toStatus: 'DRAFT',
    actorType: 'user',
    actorUserId: 'u-1',
    actorAuthorityId: REQUESTING,
    payload: { reference: 'VNM-2026-000042' },
    occurredAt: new Date('2026-01-10T08:00:00.000Z'),
  },
  {
    action: 'submit',
    fromStatus: 'DRAFT',
    toStatus: 'SUBMITTED',
    actorType: 'user',
    actorUserId: 'u-1',
    actorAuthorityId: REQUESTING,
    payload: {},
    occurredAt: new Date('2026-01-11T09:30:00.000Z'),
  },
  {
    action: 'deliver',
    fromStatus: 'SUBMITTED',
    toStatus: 'RECEIVED',
    actorType: 'system',
    actorUserId: null,
    actorAuthorityId: null,
    payload: {},
    occurredAt: new Date('2026-01-11T09:30:01.250Z'),
  },
  {
    action: 'transmit-results',
    fromStatus: 'IN_EXECUTION',
    toStatus: 'EXECUTED',
    actorType: 'user',
    actorUserId: 'u-2',
    actorAuthorityId: REQUESTED,
    payload: {
      final: true,
      summary: 'Logs',
      items: [{ name: 'logs.zip', sha256: 'ab'.repeat(32), size: 7 }],
    },
    occurredAt: new Date('2026-02-01T12:00:00.000Z'),
  },
];

/** A chain built the way AuditService.append builds it: each event hashes over its predecessor's hash. */
function chain(): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const [i, d] of DRAFTS.entries()) {
    const fields: HashedEventFields = {
      ...structuredClone(d),
      requestId: REQUEST_ID,
      seq: i + 1,
      prevHash: i === 0 ? null : events[i - 1].hash,
    };
    events.push({ ...fields, id: String(1000 + i), hash: computeEventHash(fields) });
  }
  return events;
}

/** Content fields (everything hashed except the link) and a different value for each. */
const TAMPERS: { field: string; tamper: (e: StoredEvent) => void }[] = [
  { field: 'requestId', tamper: (e) => (e.requestId = 'ffffffff-0000-4000-8000-000000000000') },
  { field: 'action', tamper: (e) => (e.action = 'accept') },
  { field: 'fromStatus', tamper: (e) => (e.fromStatus = 'CONSULTATION') },
  { field: 'toStatus', tamper: (e) => (e.toStatus = 'CLOSED') },
  { field: 'actorType', tamper: (e) => (e.actorType = e.actorType === 'user' ? 'system' : 'user') },
  { field: 'actorUserId', tamper: (e) => (e.actorUserId = 'u-mallory') },
  { field: 'actorAuthorityId', tamper: (e) => (e.actorAuthorityId = 'eeeeeeee-0000-4000-8000-00000000000e') },
  { field: 'payload (new key)', tamper: (e) => (e.payload = { ...e.payload, note: 'inserted' }) },
  { field: 'payload (emptied)', tamper: (e) => (e.payload = { x: null }) },
  { field: 'occurredAt (1 ms)', tamper: (e) => (e.occurredAt = new Date(e.occurredAt.getTime() + 1)) },
  { field: 'hash', tamper: (e) => (e.hash = '0'.repeat(64)) },
];

describe('audit hash chain', () => {
  describe('computeEventHash', () => {
    it('should hash the canonical JSON of the event (a known answer any verifier can recompute)', () => {
      const e: HashedEventFields = {
        requestId: 'r-1',
        seq: 2,
        action: 'submit',
        fromStatus: 'DRAFT',
        toStatus: 'SUBMITTED',
        actorType: 'user',
        actorUserId: 'u-1',
        actorAuthorityId: 'a-1',
        payload: { b: 1, a: [true, null] },
        occurredAt: new Date('2026-01-11T09:30:00.000Z'),
        prevHash: 'p'.repeat(64),
      };
      const canonical =
        '{"action":"submit","actorAuthorityId":"a-1","actorType":"user","actorUserId":"u-1",' +
        '"fromStatus":"DRAFT","occurredAt":"2026-01-11T09:30:00.000Z","payload":{"a":[true,null],"b":1},' +
        `"prevHash":"${'p'.repeat(64)}","requestId":"r-1","seq":2,"toStatus":"SUBMITTED","v":1}`;
      expect(computeEventHash(e)).toBe(createHash('sha256').update(canonical).digest('hex'));
      expect(computeEventHash(e)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('should not depend on the key order of the event or of its payload', () => {
      const e = chain()[3];
      const reordered = Object.fromEntries(Object.entries(e).reverse()) as StoredEvent;
      reordered.payload = { items: e.payload.items, summary: 'Logs', final: true };
      expect(Object.keys(reordered.payload)).not.toEqual(Object.keys(e.payload));
      expect(computeEventHash(reordered)).toBe(computeEventHash(e));
    });

    it('should ignore fields outside the hashed set (id, stored hash)', () => {
      const [e] = chain();
      expect(computeEventHash({ ...e, id: 'other', hash: 'x' } as StoredEvent)).toBe(e.hash);
    });

    it.each([
      ...TAMPERS.filter((t) => t.field !== 'hash'),
      { field: 'seq', tamper: (e: StoredEvent) => (e.seq = 9) },
    ])('should change when $field changes', ({ tamper }) => {
      const e = chain()[1];
      const before = computeEventHash(e);
      tamper(e);
      expect(computeEventHash(e)).not.toBe(before);
    });
  });

  describe('verifyChain', () => {
    it('should verify an intact chain', () => {
      expect(verifyChain(chain())).toEqual({ valid: true, events: 4 });
    });

    it('should verify an empty chain', () => {
      expect(verifyChain([])).toEqual({ valid: true, events: 0 });
    });

    const positions = [1, 2, 3, 4];
    const tamperCases = TAMPERS.flatMap(({ field, tamper }) =>
      positions.map((seq) => ({ field, seq, tamper })),
    );

    it.each(tamperCases)('should detect a changed $field in event $seq, at seq $seq', ({ seq, tamper }) => {
      const events = chain();
      const original = structuredClone(events[seq - 1]);
      tamper(events[seq - 1]);
      expect(events[seq - 1]).not.toEqual(original);
      expect(verifyChain(events)).toEqual({
        valid: false,
        events: 4,
        brokenAt: { seq, eventId: events[seq - 1].id, reason: 'hash does not match the event content' },
      });
    });

    it.each(positions)('should detect an altered prevHash in event %i, at that seq', (seq) => {
      const events = chain();
      events[seq - 1].prevHash = 'f'.repeat(64);
      expect(verifyChain(events)).toEqual({
        valid: false,
        events: 4,
        brokenAt: { seq, eventId: events[seq - 1].id, reason: 'prevHash does not match the previous event' },
      });
    });

    it('should detect an event that was re-hashed after tampering, at its successor', () => {
      const events = chain();
      events[1].payload = { forged: true };
      events[1].hash = computeEventHash(events[1]);
      expect(verifyChain(events).brokenAt).toEqual({
        seq: 3,
        eventId: events[2].id,
        reason: 'prevHash does not match the previous event',
      });
    });

    it.each([1, 2, 3])(
      'should detect the deletion of event %i, at the seq of the event that follows',
      (seq) => {
        const events = chain();
        const follower = events[seq];
        events.splice(seq - 1, 1);
        expect(verifyChain(events)).toEqual({
          valid: false,
          events: 3,
          brokenAt: { seq: seq + 1, eventId: follower.id, reason: `expected seq ${seq}, found ${seq + 1}` },
        });
      },
    );

    it('should detect a deletion even when the later events were renumbered', () => {
      const events = chain();
      events.splice(1, 1);
      events.forEach((e, i) => (e.seq = i + 1));
      expect(verifyChain(events).brokenAt).toMatchObject({ seq: 2, eventId: '1002' });
    });

    it.each([
      [1, 2],
      [2, 3],
      [3, 4],
      [1, 4],
    ])('should detect swapping events %i and %i, at the first displaced position', (a, b) => {
      const events = chain();
      [events[a - 1], events[b - 1]] = [events[b - 1], events[a - 1]];
      expect(verifyChain(events)).toMatchObject({
        valid: false,
        brokenAt: { seq: b, eventId: events[a - 1].id, reason: `expected seq ${a}, found ${b}` },
      });
    });

    it('should detect swapped events even when their seq numbers were swapped back', () => {
      const events = chain();
      [events[1], events[2]] = [events[2], events[1]];
      events[1].seq = 2;
      events[2].seq = 3;
      expect(verifyChain(events).brokenAt).toMatchObject({ seq: 2, eventId: '1002' });
    });

    it('should detect an inserted event', () => {
      const events = chain();
      const intruder = { ...events[1], id: '9999' };
      events.splice(2, 0, intruder);
      expect(verifyChain(events)).toMatchObject({
        valid: false,
        events: 5,
        brokenAt: { seq: 2, eventId: '9999' },
      });
    });
  });
});
