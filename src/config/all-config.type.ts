import type { AppConfig } from './app.config';
import type { AttachmentsConfig } from './attachments.config';
import type { AuditConfig } from './audit.config';
import type { DatabaseConfig } from './database.config';
import type { QueueConfig } from './queue.config';
import type { RedisConfig } from './redis.config';
import type { TimersConfig } from './timers.config';

/** Typed view of every config area; read with configService.get('area', { infer: true }). */
export interface AllConfig {
  app: AppConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  queue: QueueConfig;
  timers: TimersConfig;
  attachments: AttachmentsConfig;
  audit: AuditConfig;
}
