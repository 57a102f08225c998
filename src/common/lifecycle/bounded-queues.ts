import { useBoundedQueueClasses } from './queue-shutdown';

// Imported for this side effect by app.module.ts before any module that declares a queue (the queue
// class is taken when BullModule.registerQueue() runs, as those modules' files load).
useBoundedQueueClasses();
