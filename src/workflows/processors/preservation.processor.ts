import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../queue.constants';
import { DispatchingProcessor } from './dispatching-processor';

/** Jobs of the preservation channel: deliveries, expiry and its reminders, linked follow-ups. */
@Processor(QueueName.Preservation)
export class PreservationProcessor extends DispatchingProcessor {}
