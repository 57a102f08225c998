import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@/modules/attachments/attachments.module';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { RequestsModule } from '@/modules/requests/requests.module';
import { WorkflowsModule } from '@/workflows';
import { ConditionsController } from './conditions.controller';
import { ConditionsService } from './conditions.service';

/**
 * Conditions that travel with the evidence (arts 36, 40): the sender's conditions and their acceptance
 * (a release check on every download), consents to other uses and onward transfers, recorded uses, and
 * the sender's use report.
 */
@Module({
  imports: [AttachmentsModule, AuditModule, AuthoritiesModule, RequestsModule, WorkflowsModule],
  controllers: [ConditionsController],
  providers: [ConditionsService],
})
export class ConditionsModule {}
