import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { WorkflowsModule } from '@/workflows';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

@Module({
  imports: [AuditModule, AuthoritiesModule, WorkflowsModule],
  controllers: [RequestsController],
  providers: [RequestsService],
  exports: [RequestsService],
})
export class RequestsModule {}
