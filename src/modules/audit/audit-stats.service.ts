import { Injectable } from '@nestjs/common';
import { AuditStatsRepository, type StatsFilter, type StatsRow } from './audit-stats.repository';

/** Per channel and counterpart: counts by status, times from submission to each milestone, deadlines. */
@Injectable()
export class AuditStatsService {
  constructor(private readonly repository: AuditStatsRepository) {}

  stats(filter: StatsFilter): Promise<StatsRow[]> {
    return this.repository.stats(filter);
  }
}
