import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { validateConfig } from './validate-config';

export interface AuditConfig {
  /** PKCS#8 PEM file of the node's Ed25519 checkpoint key; created on first start if absent. */
  signingKeyPath: string;
  /** How often a signed checkpoint is taken over the new events; 0 turns the periodic run off. */
  checkpointIntervalMs: number;
}

const ONE_DAY_MS = 86_400_000;

class AuditEnv {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  // No NUL or line breaks: a path, not a blob.
  @Matches(/^[^\0\r\n]+$/, { message: 'AUDIT_SIGNING_KEY_PATH must be a file path' })
  AUDIT_SIGNING_KEY_PATH?: string;

  @IsOptional()
  @IsInt({ message: 'AUDIT_CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds' })
  @Max(ONE_DAY_MS, { message: `AUDIT_CHECKPOINT_INTERVAL_MS must be at most ${ONE_DAY_MS} (a day)` })
  @ValidateIf((env: AuditEnv) => env.AUDIT_CHECKPOINT_INTERVAL_MS !== 0)
  @Min(1000, { message: 'AUDIT_CHECKPOINT_INTERVAL_MS must be 0 (off) or at least 1000' })
  AUDIT_CHECKPOINT_INTERVAL_MS?: number;
}

export function readAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const e = validateConfig(AuditEnv, { ...env });
  return {
    signingKeyPath: e.AUDIT_SIGNING_KEY_PATH ?? 'var/audit-signing-key.pem',
    checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_MS ?? 300_000,
  };
}

export const auditConfig = registerAs('audit', (): AuditConfig => readAuditConfig());
