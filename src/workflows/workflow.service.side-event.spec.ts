import { remoteWorkflowService } from '@/test-utils/remote-workflow';
import { CooperationRequest } from './entities/cooperation-request.entity';
import type { WorkflowService } from './workflow.service';

const REQUEST_ID = '0f3a2c4e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const REQUESTING = 'aaaaaaaa-0000-4000-8000-000000000001';
const REQUESTED = 'bbbbbbbb-0000-4000-8000-000000000002';
const HEAD = 'cd'.repeat(32);
const AT = new Date('2026-12-01T09:00:00.000Z');
const PAYLOAD = {
  attachmentId: 'cccccccc-0000-4000-8000-000000000003',
  kind: 'evidence',
  sha256: 'a'.repeat(64),
};

function stored(overrides: Partial<CooperationRequest> = {}): CooperationRequest {
  return Object.assign(new CooperationRequest(), {
    id: REQUEST_ID,
    reference: 'VNM-2026-000042',
    channel: 'fixture',
    status: 'UNDER_REVIEW',
    version: 3,
    requestingAuthorityId: REQUESTING,
    requestedAuthorityId: REQUESTED,
    ...overrides,
  });
}

function setup(request: CooperationRequest) {
  const { sut, repository, changes } = remoteWorkflowService(request, HEAD);
  return { sut, repository, changes };
}

const officer = (authorityId = REQUESTING) => ({
  type: 'user' as const,
  userId: 'user-on-a',
  authorityId,
  roles: ['officer', 'approver'] as const,
});
const position = { prevHash: HEAD, caseSeq: 4, occurredAt: AT };
const attach = { action: 'attach-document', payload: PAYLOAD };

describe('WorkflowService.applyRemoteSideEvent: a document added on the other node, repeated here', () => {
  it('should record the same side event on the named head, with its time, actor and payload, remote, with its writes', async () => {
    const t = setup(stored());
    const within = jest.fn(() => Promise.resolve());
    const applied = await t.sut.applyRemoteSideEvent(REQUEST_ID, attach, officer(), position, within);
    expect(applied.outcome).toBe('applied');
    expect(t.repository.apply.mock.calls[0][0]).toMatchObject({
      requestId: REQUEST_ID,
      now: AT,
      remote: true,
      within,
    });
    expect(t.changes[0].event).toEqual({
      action: 'attach-document',
      fromStatus: 'UNDER_REVIEW',
      toStatus: 'UNDER_REVIEW',
      actorType: 'user',
      actorUserId: 'user-on-a',
      actorAuthorityId: REQUESTING,
      payload: PAYLOAD,
    });
    expect(t.changes[0].outbox).toBeUndefined();
  });

  it('should write nothing for a duplicate, a gap, another head, another action, a third party or an ended request', async () => {
    const cases: [string, CooperationRequest, Parameters<WorkflowService['applyRemoteSideEvent']>, string][] =
      [
        ['duplicate', stored({ version: 4 }), [REQUEST_ID, attach, officer(), position], 'duplicate'],
        ['gap', stored({ version: 2 }), [REQUEST_ID, attach, officer(), position], 'gap'],
        [
          'other head',
          stored(),
          [REQUEST_ID, attach, officer(), { ...position, prevHash: 'ef'.repeat(32) }],
          'not-applied',
        ],
        ['edit', stored(), [REQUEST_ID, { action: 'edit', payload: {} }, officer(), position], 'not-applied'],
        [
          'third party',
          stored(),
          [REQUEST_ID, attach, officer('dddddddd-0000-4000-8000-000000000004'), position],
          'not-applied',
        ],
        ['ended', stored({ status: 'CLOSED' }), [REQUEST_ID, attach, officer(), position], 'not-applied'],
      ];
    for (const [name, request, args, outcome] of cases) {
      const t = setup(request);
      const applied = await t.sut.applyRemoteSideEvent(...args);
      expect({ name, outcome: applied.outcome }).toEqual({ name, outcome });
      expect(t.changes).toEqual([]);
    }
  });
});
