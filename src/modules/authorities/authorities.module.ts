import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthoritiesController } from './authorities.controller';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';

@Module({
  controllers: [AuthoritiesController],
  providers: [AuthoritiesRepository, AuthoritiesService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthoritiesService],
})
export class AuthoritiesModule {}
