import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { WorkflowService } from '@/workflows';
import { RemoteDeliveryUnavailableError } from './federation.errors';

/** The channels whose requests cross nodes as envelopes (docs/federation.md); the others still refuse. */
export const FEDERATED_CHANNELS: readonly string[] = ['mla'];

/**
 * Until cross-node delivery exists for its channel (FEDERATED_CHANNELS), no action may be taken on a
 * request addressed to a remote authority:
 * the only ones possible are its draft's sending actions (submit, send, request-provisional-arrest,
 * submit-formal-request), and their delivery job would otherwise put the request in a local inbox that
 * nobody reads. They answer 409 REMOTE_DELIVERY_UNAVAILABLE before anything is written: the draft stays a
 * draft, editable, with its documents, and can be sent once delivery between nodes is built. Registered as
 * a payload check of the engine, so it runs after the visibility, side/role and payload checks and before
 * the version and status checks (a remote authority never becomes local, so checking before the lock is
 * sound).
 */
@Injectable()
export class RemoteDeliveryCheck implements OnModuleInit {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly authorities: AuthoritiesService,
  ) {}

  onModuleInit(): void {
    this.workflow.addPayloadCheck(async (request) => {
      if (FEDERATED_CHANNELS.includes(request.channel)) {
        return [];
      }
      const counterpart = await this.authorities.findById(request.requestedAuthorityId);
      if (counterpart?.nodeOrigin) {
        throw new RemoteDeliveryUnavailableError(counterpart);
      }
      return [];
    });
  }
}
