import { computeEventHash } from '@/workflows';
import { continuation } from './case-events';
import { proposalProblems } from './proposals.service';
import { recorded, type WireEvent } from './wire-event';

const REQUEST = '3f0c7c1e-8d2a-4b5e-9f11-2a6b7c8d9e01';

/** A chain of `n` events after `head`, each hashed as the engine hashes it. */
function chain(head: { seq: number; hash: string | null }, n: number): WireEvent[] {
  const events: WireEvent[] = [];
  let prev = head.hash;
  for (let i = 1; i <= n; i++) {
    const e: WireEvent = {
      seq: head.seq + i,
      action: 'acknowledge',
      fromStatus: 'RECEIVED',
      toStatus: 'UNDER_REVIEW',
      actorType: 'user',
      actorUserId: '7b1d5c2e-0f3a-4e6b-8c9d-1a2b3c4d5e6f',
      actorAuthorityId: '9f1c0e2a-5d7b-4c1e-8a3f-2b6d4e8f0a1c',
      payload: { n: i },
      occurredAt: new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString(),
      prevHash: prev,
      hash: '',
    };
    e.hash = computeEventHash(recorded(REQUEST, e));
    prev = e.hash;
    events.push(e);
  }
  return events;
}

const head = { seq: 3, hash: 'a'.repeat(64) };

describe('continuation: events fetched to fill a gap', () => {
  it('should accept events that continue our head, each chained and hashed', () => {
    expect(continuation(REQUEST, head, chain(head, 3))).toEqual({ ok: true });
    expect(continuation(REQUEST, head, [])).toEqual({ ok: true });
  });

  it('should call a first event chained to another hash than our head a divergence, naming both hashes', () => {
    const other = chain({ seq: 3, hash: 'b'.repeat(64) }, 2);
    expect(continuation(REQUEST, head, other)).toMatchObject({
      ok: false,
      kind: 'diverged',
      seq: 4,
      ourHash: 'a'.repeat(64),
      theirHash: 'b'.repeat(64),
    });
  });

  it('should refuse a hole, a wrong start or a wrong order as invalid', () => {
    const events = chain(head, 3);
    expect(continuation(REQUEST, head, [events[0], events[2]])).toMatchObject({
      ok: false,
      kind: 'invalid',
      seq: 6,
    });
    expect(continuation(REQUEST, head, events.slice(1))).toMatchObject({
      ok: false,
      kind: 'invalid',
      seq: 5,
    });
    expect(continuation(REQUEST, head, [events[1], events[0]])).toMatchObject({ ok: false, kind: 'invalid' });
  });

  it('should refuse an event whose hash does not recompute from its fields (a tampered payload)', () => {
    const events = chain(head, 2);
    const tampered = [events[0], { ...events[1], payload: { n: 99 } }];
    expect(continuation(REQUEST, head, tampered)).toMatchObject({
      ok: false,
      kind: 'invalid',
      seq: 5,
      reason: 'event 5 does not match its hash',
    });
  });

  it('should refuse an event chained inside the answer to another event than the previous one', () => {
    const events = chain(head, 2);
    const rechained = { ...events[1], prevHash: 'c'.repeat(64) };
    rechained.hash = computeEventHash(recorded(REQUEST, rechained));
    expect(continuation(REQUEST, head, [events[0], rechained])).toMatchObject({
      ok: false,
      kind: 'invalid',
      seq: 5,
    });
  });

  it('should check the events of another request against their own hashes (the request id is hashed)', () => {
    const events = chain(head, 1);
    expect(continuation('00000000-0000-4000-8000-000000000000', head, events)).toMatchObject({
      ok: false,
      reason: 'event 4 does not match its hash',
    });
  });
});

describe('proposalProblems: a proposal as received', () => {
  const user = { type: 'user', userId: 'u', authorityId: 'a', roles: ['officer'] };

  it('should accept a user move and a clock with its trigger', () => {
    expect(proposalProblems({ action: 'withdraw', payload: { reasons: 'r' }, actor: user })).toEqual([]);
    expect(
      proposalProblems({
        action: 'remind-enquiry',
        payload: {},
        actor: { type: 'system' },
        trigger: {
          jobName: 'j',
          runAt: '2026-12-01T10:00:00.000Z',
          params: { a: 'b', c: null },
          outboxId: '1',
        },
      }),
    ).toEqual([]);
  });

  it('should name what is wrong: no action, no payload, a system move without its trigger, a forged role list', () => {
    expect(proposalProblems(null)).toEqual(['proposal must be an object']);
    expect(proposalProblems({ action: 'Withdraw!', payload: [], actor: user })).toEqual([
      'proposal.action must be an action name',
      'proposal.payload must be an object',
    ]);
    expect(proposalProblems({ action: 'remind', payload: {}, actor: { type: 'system' } })).toHaveLength(1);
    expect(
      proposalProblems({ action: 'withdraw', payload: {}, actor: { ...user, roles: [1] } }),
    ).toHaveLength(1);
  });
});
