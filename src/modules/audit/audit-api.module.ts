import { Module } from '@nestjs/common';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';
import { RequestsModule } from '@/modules/requests/requests.module';
import { AuditController } from './audit.controller';
import { AuditModule } from './audit.module';

/** HTTP access to histories and chain verification. */
@Module({
  imports: [AuditModule, AuthoritiesModule, RequestsModule],
  controllers: [AuditController],
})
export class AuditApiModule {}
