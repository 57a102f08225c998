import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { RequestsModule } from '@/modules/requests/requests.module';
import { WorkflowsModule } from '@/workflows';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';
import { SingleFileUpload } from './upload.interceptor';

/** Documents attached to requests (any channel), with their SHA-256 in the history. */
@Module({
  imports: [AuditModule, AuthoritiesModule, RequestsModule, WorkflowsModule],
  controllers: [AttachmentsController, RetentionController],
  providers: [AttachmentsService, RetentionService, SingleFileUpload],
  exports: [AttachmentsService, RetentionService],
})
export class AttachmentsModule {}
