import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { federationConfig } from '@/config/federation.config';
import { NodeIdentityService } from './node-identity.service';

/** The node's keys and key log alone: what the CLI's rotate-federation-key needs (no HTTP, no queues). */
@Module({
  imports: [ConfigModule.forFeature(federationConfig)],
  providers: [NodeIdentityService],
  exports: [NodeIdentityService],
})
export class NodeIdentityModule {}
