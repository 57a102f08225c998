import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig } from '@/config/all-config.type';
import { loadOrCreateSigningKey, type PublicKeyInfo, type SigningKey, signText } from './signing-key';

/** Holds the node's Ed25519 key: loaded, or created on first start, from AUDIT_SIGNING_KEY_PATH. */
@Injectable()
export class AuditSigner implements OnModuleInit {
  private readonly logger = new Logger('Audit');
  private key?: SigningKey;

  constructor(private readonly config: ConfigService<AllConfig, true>) {}

  onModuleInit(): void {
    const path = this.config.get('audit', { infer: true }).signingKeyPath;
    try {
      const loaded = loadOrCreateSigningKey(path);
      this.key = loaded;
      this.logger.log({
        msg: loaded.created ? 'audit signing key created' : 'audit signing key loaded',
        path,
        keyId: loaded.publicKey.keyId,
      });
    } catch (err) {
      throw new Error(
        `Cannot load or create the audit signing key at ${path} (AUDIT_SIGNING_KEY_PATH): ${
          err instanceof Error ? err.message : String(err)
        }`,
        { cause: err },
      );
    }
  }

  get publicKey(): PublicKeyInfo {
    return this.loaded().publicKey;
  }

  sign(text: string): string {
    return signText(this.loaded().privateKey, text);
  }

  private loaded(): SigningKey {
    if (!this.key) {
      throw new Error('the audit signing key is not loaded yet');
    }
    return this.key;
  }
}
