import { registerAs } from '@nestjs/config';
import { IsNumber, IsOptional, Matches, Min } from 'class-validator';
import { validateConfig } from './validate-config';

/**
 * Legal clocks. Values are in days (fractions allowed, which tests use to run clocks in seconds), the 24/7
 * acknowledgement in minutes.
 * `[GK]` periods from DOMAIN.md live here, not in code; per-State overrides are in the state settings.
 */
export interface TimersConfig {
  preservationDays: number;
  /** Floor for any per-State preservation period (art. 42: "not less than 60 days"). */
  preservationMinDays: number;
  preservationReminderDays: number[];
  deadlineReminderDays: number;
  statusEnquiryReminderDays: number;
  provisionalArrestDays: number;
  /** Minutes a 24/7 ticket may wait for acknowledgement before a reminder ([DESIGN]: art. 41 says "immediate"). */
  contactAcknowledgeMinutes: number;
}

class TimersEnv {
  @IsOptional() @IsNumber() @Min(0) PRESERVATION_DAYS?: number;
  @IsOptional() @IsNumber() @Min(0) PRESERVATION_MIN_DAYS?: number;
  @IsOptional()
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, {
    message: 'PRESERVATION_REMINDER_DAYS must be numbers separated by commas, e.g. 14,3',
  })
  PRESERVATION_REMINDER_DAYS?: string;
  @IsOptional() @IsNumber() @Min(0) DEADLINE_REMINDER_DAYS?: number;
  @IsOptional() @IsNumber() @Min(0) STATUS_ENQUIRY_REMINDER_DAYS?: number;
  @IsOptional() @IsNumber() @Min(0) PROVISIONAL_ARREST_DAYS?: number;
  @IsOptional() @IsNumber() @Min(0) CONTACT_ACKNOWLEDGE_MINUTES?: number;
}

export function readTimersConfig(env: NodeJS.ProcessEnv = process.env): TimersConfig {
  const e = validateConfig(TimersEnv, { ...env });
  const minDays = e.PRESERVATION_MIN_DAYS ?? 60;
  const days = e.PRESERVATION_DAYS ?? 60;
  if (days < minDays) {
    throw new Error(
      `Invalid environment configuration:\n  PRESERVATION_DAYS: ${days} is below PRESERVATION_MIN_DAYS (${minDays})`,
    );
  }
  return {
    preservationDays: days,
    preservationMinDays: minDays,
    preservationReminderDays: (e.PRESERVATION_REMINDER_DAYS ?? '14,3').split(',').map(Number),
    deadlineReminderDays: e.DEADLINE_REMINDER_DAYS ?? 7,
    statusEnquiryReminderDays: e.STATUS_ENQUIRY_REMINDER_DAYS ?? 14,
    provisionalArrestDays: e.PROVISIONAL_ARREST_DAYS ?? 60,
    contactAcknowledgeMinutes: e.CONTACT_ACKNOWLEDGE_MINUTES ?? 60,
  };
}

export const timersConfig = registerAs('timers', (): TimersConfig => readTimersConfig());
