import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { httpConfig } from '@/config/http.config';
import { AuthorityDirectory } from '@/workflows';
import { AuthGuard } from './auth.guard';
import { AuthoritiesController } from './authorities.controller';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';

/** The directory of authorities and users, and the engine's AuthorityDirectory port (hence global). */
@Global()
@Module({
  imports: [ConfigModule.forFeature(httpConfig)],
  controllers: [AuthoritiesController],
  providers: [
    AuthoritiesRepository,
    AuthoritiesService,
    { provide: AuthorityDirectory, useExisting: AuthoritiesService },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthoritiesService, AuthorityDirectory],
})
export class AuthoritiesModule {}
