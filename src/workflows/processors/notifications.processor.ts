import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../queue.constants';
import { DispatchingProcessor } from './dispatching-processor';

/** Webhook deliveries to the authorities' own systems. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends DispatchingProcessor {}
