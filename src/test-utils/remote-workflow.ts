import { ChannelRegistry } from '@/workflows/channel-registry';
import { CooperationRequest } from '@/workflows/entities/cooperation-request.entity';
import type { AuditEvent } from '@/workflows/history/audit-event.entity';
import {
  type Applied,
  type Change,
  type ChangeOrder,
  WorkflowRepository,
} from '@/workflows/workflow.repository';
import { WorkflowService } from '@/workflows/workflow.service';
import { newTestService } from './auto-mock';
import { fixtureChannel } from './fixture-channel';

/**
 * For unit specs of applying another node's events: the service with the fixture channel over a repository
 * holding `request` with `lastHash` at its head; `apply` decides on a copy of the stored row, as the
 * repository does, and keeps each change in `changes` (its committed event at seq 4).
 */
export function remoteWorkflowService(request: CooperationRequest, lastHash: string) {
  const registry = new ChannelRegistry();
  registry.register(fixtureChannel);
  const { sut, mocks } = newTestService(WorkflowService, [registry]);
  const repository = mocks.get(WorkflowRepository);
  const changes: Change[] = [];
  repository.findSnapshot.mockResolvedValue({ request, lastHash, hooksIdle: false, followUps: [] });
  repository.apply.mockImplementation((order: ChangeOrder) => {
    const change = order.decide(Object.assign(new CooperationRequest(), { ...request }), undefined);
    if (!change) {
      return Promise.resolve<Applied>({ outcome: 'skipped' });
    }
    changes.push(change);
    const event = { ...change.event, id: '9', requestId: request.id, seq: 4, occurredAt: order.now };
    return Promise.resolve<Applied>({
      outcome: 'applied',
      committed: { request: change.request, event: event as AuditEvent, outbox: [], followUps: [] },
    });
  });
  return { sut, mocks, repository, changes };
}
