import { Processor } from '@nestjs/bullmq';
import { QueueName } from '../queue.constants';
import { DispatchingProcessor } from './dispatching-processor';

/** Jobs of the MLA (evidence-sharing) channel: deliveries, postponements, reminders. */
@Processor(QueueName.EvidenceSharing)
export class EvidenceSharingProcessor extends DispatchingProcessor {}
