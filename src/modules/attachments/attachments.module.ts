import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { RequestsModule } from '@/modules/requests/requests.module';
import { WorkflowsModule } from '@/workflows';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { SingleFileUpload } from './upload.interceptor';

/** Documents attached to requests (any channel), with their SHA-256 in the history. */
@Module({
  imports: [AuditModule, RequestsModule, WorkflowsModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, SingleFileUpload],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
