import { Module } from '@nestjs/common';
import { WorkflowsModule } from '@/workflows';
import { NOTIFICATIONS_QUEUE } from './notifications.constants';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Signed webhook notifications of request events to the authorities' systems. */
@Module({
  imports: [WorkflowsModule.forQueue(NOTIFICATIONS_QUEUE)],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService],
})
export class NotificationsModule {}
