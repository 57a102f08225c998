import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { federationConfig } from '@/config/federation.config';
import { AuditModule } from '@/modules/audit/audit.module';
import { WorkflowsModule } from '@/workflows';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { DeliveryLoops } from './delivery/delivery-loops';
import { DeliveryOutbox } from './delivery/delivery-outbox';
import { DeliveryTimeouts } from './delivery/delivery-timeouts.service';
import { EnvelopeSender } from './delivery/envelope-sender.service';
import { Heartbeats } from './delivery/heartbeats.service';
import { PeerBreaker } from './delivery/peer-breaker';
import { ResendController } from './delivery/resend.controller';
import { ResendService } from './delivery/resend.service';
import { BlobServer } from './blobs/blob-server.service';
import { BlobStore } from './blobs/blob-store';
import { BlobsController } from './blobs/blobs.controller';
import { DocumentPuller } from './blobs/document-puller.service';
import { FederationPublicController } from './federation-public.controller';
import { PeerDeclarationsService } from './peer-declarations.service';
import { NodeDocumentService } from './node-document.service';
import { NodeIdentityModule } from './node-identity.module';
import { PeerClient } from './peer-client';
import { PeerKeysService } from './peer-keys.service';
import { CheckpointsController } from './checkpoints/checkpoints.controller';
import { CosignaturesRepository } from './checkpoints/cosignatures.repository';
import { CheckpointCosigning } from './checkpoints/cosigning.service';
import { PeersController } from './peers.controller';
import { PeersRepository } from './peers.repository';
import { PeersService } from './peers.service';
import { EnvelopesRepository } from './envelope/envelopes.repository';
import { FEDERATION_QUEUE } from './envelope/federation.constants';
import { FederationApply } from './envelope/apply.service';
import { EnvelopeWriter } from './envelope/envelope-writer.service';
import { FederationInbox } from './envelope/inbox.service';
import { FederationOutgoing } from './envelope/outgoing.service';
import { InboxController, ReceiptsController } from './envelope/inbox.controller';
import { CaseEventsController } from './envelope/case-events.controller';
import { CaseEvents } from './envelope/case-events.service';
import { FederationProposals } from './envelope/proposals.service';
import { QuarantineController } from './envelope/quarantine.controller';
import { FederationQuarantine } from './envelope/quarantine.service';

/**
 * Federation foundation (docs/federation.md): the node's identity and key log, its public node document,
 * peers pinned with four eyes, their authorities in the directory as remote ones; requests of every channel
 * across nodes as signed envelopes with receipts (envelope/). Without NODE_ORIGIN it starts nothing and its
 * routes answer 404.
 */
@Module({
  imports: [
    ConfigModule.forFeature(federationConfig),
    NodeIdentityModule,
    AuditModule,
    WorkflowsModule,
    WorkflowsModule.forQueue(FEDERATION_QUEUE),
  ],
  controllers: [
    FederationPublicController,
    PeersController,
    InboxController,
    ReceiptsController,
    CaseEventsController,
    AlertsController,
    QuarantineController,
    CheckpointsController,
    ResendController,
    BlobsController,
  ],
  providers: [
    NodeDocumentService,
    PeerDeclarationsService,
    PeersRepository,
    PeersService,
    PeerClient,
    PeerKeysService,
    CosignaturesRepository,
    CheckpointCosigning,
    EnvelopesRepository,
    EnvelopeWriter,
    FederationOutgoing,
    FederationInbox,
    FederationApply,
    CaseEvents,
    FederationProposals,
    FederationQuarantine,
    AlertsService,
    PeerBreaker,
    DeliveryOutbox,
    EnvelopeSender,
    DeliveryTimeouts,
    Heartbeats,
    DeliveryLoops,
    ResendService,
    BlobStore,
    BlobServer,
    DocumentPuller,
  ],
  exports: [NodeIdentityModule],
})
export class FederationModule {}
