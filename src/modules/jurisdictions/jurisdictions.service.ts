import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ValidationFailedError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';
import type { Principal } from '@/common/auth/principal';
import type { DeclaredRules, TimerSettings } from '@/workflows';
import { DeclarationsService } from './declarations.service';
import type { StateSettingsResponse, UpdateStateSettingsDto } from './dto/state-settings.dto';
import { StateSettings } from './entities/state-settings.entity';

/** How long other processes may use a State's previous periods after a change (this one forgets at once). */
const CACHE_MS = 5000;

/** The legal periods in force per requested State: its declared values, else the configured defaults. */
@Injectable()
export class JurisdictionsService {
  /** Declared periods change rarely; every timer that fires reads them, so they are kept briefly. */
  private readonly cache = new Map<string, { value: TimerSettings; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AllConfig, true>,
    private readonly declarations: DeclarationsService,
  ) {}

  async timerSettings(country: string): Promise<TimerSettings> {
    const hit = this.cache.get(country);
    if (hit && hit.until > Date.now()) {
      return hit.value;
    }
    const value = await this.loadTimerSettings(country);
    this.cache.set(country, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  private async loadTimerSettings(country: string): Promise<TimerSettings> {
    const t = this.config.get('timers', { infer: true });
    const own = await this.dataSource.getRepository(StateSettings).findOne({ where: { country } });
    return {
      preservationDays: own?.preservationDays ?? t.preservationDays,
      preservationReminderDays: t.preservationReminderDays,
      deadlineReminderDays: t.deadlineReminderDays,
      statusEnquiryReminderDays: t.statusEnquiryReminderDays,
      provisionalArrestDays: own?.provisionalArrestDays ?? t.provisionalArrestDays,
      contactAcknowledgeMinutes: t.contactAcknowledgeMinutes,
      interceptionOffences: own?.interceptionOffences ?? null,
    };
  }

  async get(country: string): Promise<StateSettingsResponse> {
    const own = await this.dataSource.getRepository(StateSettings).findOne({ where: { country } });
    const s = await this.timerSettings(country);
    return {
      country,
      preservationDays: s.preservationDays,
      provisionalArrestDays: s.provisionalArrestDays,
      interceptionOffences: s.interceptionOffences ? [...s.interceptionOffences] : null,
      declared: own !== null,
    };
  }

  /**
   * Records a State's periods (and interception offences) as the next version of its declarations: the
   * fields the update does not mention keep their declared values, null restores the default.
   */
  async update(
    country: string,
    dto: UpdateStateSettingsDto,
    writer: Principal,
  ): Promise<StateSettingsResponse> {
    const floor = this.config.get('timers', { infer: true }).preservationMinDays;
    if (dto.preservationDays !== undefined && dto.preservationDays !== null && dto.preservationDays < floor) {
      throw new ValidationFailedError([
        {
          field: 'preservationDays',
          messages: [`must be at least ${floor} days (art. 42 preservation period)`],
        },
      ]);
    }
    const current = await this.declarations.currentRecord(country);
    const record: Record<string, unknown> = { ...current };
    for (const field of ['preservationDays', 'provisionalArrestDays', 'interceptionOffences'] as const) {
      if (dto[field] !== undefined) {
        record[field] = dto[field];
      }
    }
    await this.declarations.write({ country, record: record, source: 'settings' }, writer);
    this.cache.delete(country);
    return this.get(country);
  }

  /** Forgets a State's cached periods (its declarations changed). */
  forget(country: string): void {
    this.cache.delete(country);
  }

  declaredRules(country: string): Promise<DeclaredRules> {
    return this.declarations.declaredRules(country);
  }
}
