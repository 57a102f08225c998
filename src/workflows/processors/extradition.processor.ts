import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../queue.constants';
import { DispatchingProcessor } from './dispatching-processor';

/** Jobs of the extradition channel: deliveries and the provisional-arrest clock. */
@Processor(QueueName.Extradition)
export class ExtraditionProcessor extends DispatchingProcessor {}
