import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateConfig } from './validate-config';

export interface AttachmentsConfig {
  /** Largest document accepted, in bytes. */
  maxBytes: number;
}

class AttachmentsEnv {
  @IsOptional() @IsInt() @Min(1) @Max(512 * 1024 * 1024) ATTACHMENT_MAX_BYTES?: number;
}

export const attachmentsConfig = registerAs('attachments', (): AttachmentsConfig => {
  const env = validateConfig(AttachmentsEnv, { ...process.env });
  return { maxBytes: env.ATTACHMENT_MAX_BYTES ?? 20 * 1024 * 1024 };
});
