import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { throttledWarn } from '@/common/logging/throttled-warn';
import type { AllConfig } from '@/config/all-config.type';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { NodeIdentityService } from '../node-identity.service';
import { DeliveryTimeouts } from './delivery-timeouts.service';
import { Heartbeats } from './heartbeats.service';

/**
 * The periodic part of delivery, in processes that run workers on a node: TIMEOUT receipts and heartbeats,
 * checked every few seconds (the shortest of the heartbeat period, the delivery periods and 30 s). Both
 * read and claim their work in Postgres, so several processes may run them at once and a restart loses
 * nothing.
 */
@Injectable()
export class DeliveryLoops implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FederationDelivery');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    private readonly appConfig: ConfigService<AllConfig, true>,
    private readonly identity: NodeIdentityService,
    private readonly timeouts: DeliveryTimeouts,
    private readonly heartbeats: Heartbeats,
  ) {}

  get tickMs(): number {
    const { heartbeatS, periodUrgentS, periodRoutineS } = this.config.delivery;
    return Math.max(1, Math.min(heartbeatS, periodUrgentS, periodRoutineS, 30)) * 1000;
  }

  onApplicationBootstrap(): void {
    if (!this.identity.enabled || !this.appConfig.get('app', { infer: true }).workersEnabled) {
      return;
    }
    const warn = throttledWarn(this.logger, 10000);
    const tick = (): void => {
      if (this.stopped) {
        return;
      }
      this.running = this.once()
        .catch((err: unknown) => warn(`Delivery pass failed, will retry: ${String(err)}`))
        .finally(() => {
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.tickMs).unref();
          }
        });
    };
    this.timer = setTimeout(tick, this.tickMs).unref();
  }

  /** One pass: TIMEOUT receipts due, then heartbeats due. */
  async once(): Promise<void> {
    await this.timeouts.sweep();
    await this.heartbeats.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
