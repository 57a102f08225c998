import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { httpConfig } from '@/config/http.config';
import { AuthGuard } from './auth.guard';
import { AuthoritiesController } from './authorities.controller';
import { AuthoritiesRepository } from './authorities.repository';
import { AuthoritiesService } from './authorities.service';

@Module({
  imports: [ConfigModule.forFeature(httpConfig)],
  controllers: [AuthoritiesController],
  providers: [AuthoritiesRepository, AuthoritiesService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthoritiesService],
})
export class AuthoritiesModule {}
