import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { FederationPublicController } from './federation-public.controller';
import { NodeDocumentService } from './node-document.service';
import { NodeIdentityModule } from './node-identity.module';
import { PeerClient } from './peer-client';
import { PeersController } from './peers.controller';
import { PeersRepository } from './peers.repository';
import { PeersService } from './peers.service';
import { RemoteDeliveryCheck } from './remote-delivery.check';

/**
 * Federation foundation (docs/federation.md): the node's identity and key log, its public node document,
 * peers pinned with four eyes, their authorities in the directory as remote ones, and the refusal to send
 * a request to a remote authority until cross-node delivery exists. Without NODE_ORIGIN it starts nothing
 * and its routes answer 404.
 */
@Module({
  imports: [NodeIdentityModule, WorkflowsModule],
  controllers: [FederationPublicController, PeersController],
  providers: [NodeDocumentService, PeersRepository, PeersService, PeerClient, RemoteDeliveryCheck],
  exports: [NodeIdentityModule],
})
export class FederationModule {}
