import { Module } from '@nestjs/common';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';
import { AuditSigner } from './audit-signer';
import { AuditStatsRepository } from './audit-stats.repository';
import { AuditStatsService } from './audit-stats.service';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointService } from './checkpoint.service';
import { ExportService } from './export.service';
import { LogVerificationService } from './log-verification.service';

/**
 * The append-only, hash-chained event log, its signed checkpoints, exports, statistics and the log of
 * reads. HTTP access is in AuditApiModule.
 */
@Module({
  providers: [
    AuditRepository,
    AuditService,
    AuditSigner,
    CheckpointRepository,
    CheckpointService,
    LogVerificationService,
    ExportService,
    AccessLogRepository,
    AccessLogService,
    AuditStatsRepository,
    AuditStatsService,
  ],
  exports: [
    AuditService,
    AuditSigner,
    CheckpointService,
    LogVerificationService,
    ExportService,
    AccessLogService,
    AuditStatsService,
  ],
})
export class AuditModule {}
