import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows/workflows.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Signed webhook notifications of request events to the authorities' systems. */
@Module({
  imports: [WorkflowsModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService],
})
export class NotificationsModule {}
