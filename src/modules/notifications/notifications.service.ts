import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AllConfig } from '@/config/all-config.type';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { NotFoundError, ValidationFailedError } from '@/common/errors/domain-error';
import { decodeCursor, encodeCursor, type Page } from '@/common/pagination/cursor';
import {
  type AuditEvent,
  type CooperationRequest,
  JobHandlers,
  type OutboxDraft,
  PRIORITY_BY_URGENCY,
  type ScheduledJob,
  WorkflowService,
} from '@/workflows';
import { NOTIFICATIONS_QUEUE, NotificationJob } from './notifications.constants';
import {
  type CreatedWebhookResponse,
  type CreateWebhookDto,
  toDeliveryResponse,
  toWebhookResponse,
  type WebhookDeliveryResponse,
  type WebhookResponse,
} from './dto/webhook.dto';
import type { WebhookDelivery } from './entities/webhook-delivery.entity';
import { NotificationsRepository } from './notifications.repository';
import { refusedWebhookTarget } from './webhook-address';
import { newWebhookSecret, webhookHeaders } from './webhook-signature';

const DRAFTING = new Set(['create', 'edit']);
const TIMEOUT_MS = 10000;

/**
 * Event notifications to the authorities' own systems. Every event of a request is offered to the webhooks
 * of the parties entitled to see it, in the same transaction as the event (so none is lost), and POSTed by
 * the notifications queue with retries and exponential backoff, signed per Standard Webhooks. Delivery is at
 * least once: receivers de-duplicate on webhook-id, the delivery id.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly workflows: WorkflowService,
    private readonly jobHandlers: JobHandlers,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  onModuleInit(): void {
    this.workflows.addChangeHook({
      // Kept in step with offer(): no active subscription of any party, nothing to offer.
      idleWhen: `NOT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.disabled_at IS NULL
                   AND (s.authority_id IN (r.requesting_authority_id, r.requested_authority_id)
                        OR r.additional_party_ids @> jsonb_build_array(s.authority_id::text)))`,
      run: (manager, request, event) => this.offer(manager, request, event),
    });
    this.jobHandlers.register(NotificationJob.WebhookDeliver, {
      run: (job) => this.deliver(job),
      onFinalFailure: (job) => this.giveUp(job),
    });
  }

  async subscribe(
    dto: CreateWebhookDto,
    principal: Principal,
    authorityId: string,
  ): Promise<CreatedWebhookResponse> {
    const refused = await this.refusedTarget(dto.url);
    if (refused) {
      throw new ValidationFailedError([{ field: 'url', messages: [refused] }]);
    }
    const secret = newWebhookSecret();
    const saved = await this.repository.insertSubscription({
      authorityId,
      url: dto.url,
      description: dto.description ?? null,
      secret,
      createdByUserId: principal.userId,
    });
    return { ...toWebhookResponse(saved), secret };
  }

  async list(authorityId: string): Promise<WebhookResponse[]> {
    return (await this.repository.listSubscriptions(authorityId)).map(toWebhookResponse);
  }

  async disable(id: string, authorityId: string): Promise<WebhookResponse> {
    await this.own(id, authorityId);
    await this.repository.disableSubscription(id);
    return toWebhookResponse(await this.own(id, authorityId));
  }

  async deliveries(
    id: string,
    authorityId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<WebhookDeliveryResponse>> {
    await this.own(id, authorityId);
    const rows = await this.repository.listDeliveries(
      id,
      cursor ? decodeCursor(cursor) : undefined,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const queue = this.config.get('queue', { infer: true });
    const retry = { attempts: queue.webhookAttempts, backoffMs: queue.webhookBackoffMs };
    return {
      items: page.map((d) => toDeliveryResponse(d, retry)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }

  /** Runs inside the change's transaction: one delivery (and outbox row) per entitled subscription. */
  private async offer(
    manager: EntityManager,
    request: CooperationRequest,
    event: AuditEvent,
  ): Promise<OutboxDraft[]> {
    const recipients = [request.requestingAuthorityId];
    // The requested side's parties hear of a request from its delivery on, never of the requester's drafting.
    if (request.deliveredAt && !DRAFTING.has(event.action)) {
      recipients.push(request.requestedAuthorityId, ...request.additionalPartyIds);
    }
    const subscriptions = await this.repository.activeSubscriptions(manager, recipients);
    if (subscriptions.length === 0) {
      return [];
    }
    const deliveries: Omit<WebhookDelivery, 'createdAt'>[] = subscriptions.map((s) => ({
      id: randomUUID(),
      subscriptionId: s.id,
      authorityId: s.authorityId,
      requestId: request.id,
      eventId: event.id,
      body: {
        event: {
          id: event.id,
          seq: event.seq,
          action: event.action,
          fromStatus: event.fromStatus,
          toStatus: event.toStatus,
          occurredAt: event.occurredAt.toISOString(),
          actor: { type: event.actorType, authorityId: event.actorAuthorityId },
          hash: event.hash,
        },
        // No case content: the receiver fetches it over the API with its own token.
        request: {
          id: request.id,
          reference: request.reference,
          channel: request.channel,
          status: request.status,
          version: request.version,
          side: s.authorityId === request.requestingAuthorityId ? 'requesting' : 'requested',
        },
      },
      status: 'pending',
      attempts: 0,
      attemptLog: [],
      deliveredAt: null,
    }));
    await this.repository.insertDeliveries(manager, deliveries);
    return deliveries.map((d) => ({
      queue: NOTIFICATIONS_QUEUE,
      jobName: NotificationJob.WebhookDeliver,
      runAt: event.occurredAt,
      priority: PRIORITY_BY_URGENCY[request.urgency] ?? PRIORITY_BY_URGENCY.normal,
      kind: 'webhook' as const,
      params: { deliveryId: d.id },
    }));
  }

  /** One attempt; throws on failure so that BullMQ retries with backoff. */
  private async deliver(job: Job<ScheduledJob>): Promise<string> {
    const entry = await this.workflows.findOutbox(job.data.outboxId);
    if (!entry || entry.processedAt) {
      return 'already-done';
    }
    const delivery = await this.repository.findDelivery(String(entry.payload.deliveryId));
    const subscription = delivery ? await this.repository.findSubscription(delivery.subscriptionId) : null;
    if (!delivery || !subscription || subscription.disabledAt || delivery.status !== 'pending') {
      if (delivery?.status === 'pending') {
        await this.repository.settle(delivery.id, 'cancelled');
      }
      await this.workflows.settleOutbox(entry.id, 'skipped', new Date());
      return 'skipped';
    }
    // Checked again at each attempt: a name may resolve elsewhere than when it was registered.
    const refused = await this.refusedTarget(subscription.url);
    if (refused) {
      await this.repository.recordAttempt(delivery.id, {
        at: new Date().toISOString(),
        statusCode: null,
        error: refused,
        ms: 0,
      });
      throw new Error(`Webhook ${subscription.id} not called: ${refused}`);
    }
    const body = JSON.stringify({ id: delivery.id, ...delivery.body });
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cooperation-engine-webhooks/1',
          // The delivery's id on every attempt (receivers de-duplicate on it), this attempt's time.
          ...webhookHeaders(subscription.secret, {
            id: delivery.id,
            action: String((delivery.body.event as { action: string }).action),
            timestamp: Math.floor(started / 1000),
            body,
          }),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) {
        error = `HTTP ${res.status}`;
      }
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const attempt = { at: new Date(started).toISOString(), statusCode, error, ms: Date.now() - started };
    if (error) {
      await this.repository.recordAttempt(delivery.id, attempt);
      throw new Error(`Webhook ${subscription.id} answered: ${error}`);
    }
    await this.repository.recordAttempt(delivery.id, attempt, {
      status: 'delivered',
      deliveredAt: new Date(),
    });
    await this.workflows.settleOutbox(entry.id, 'delivered', new Date());
    return 'delivered';
  }

  /** After the last attempt: the delivery is marked failed and the work is settled (no endless retries). */
  private async giveUp(job: Job<ScheduledJob>): Promise<void> {
    const entry = await this.workflows.findOutbox(job.data.outboxId);
    if (!entry) {
      return;
    }
    await this.repository.settle(String(entry.payload.deliveryId), 'failed');
    await this.workflows.settleOutbox(entry.id, 'failed', new Date());
    this.logger.warn({ msg: 'webhook delivery failed for good', deliveryId: entry.payload.deliveryId });
  }

  private refusedTarget(url: string): Promise<string | null> {
    return this.config.get('queue', { infer: true }).webhookAllowPrivateNetworks
      ? Promise.resolve(null)
      : refusedWebhookTarget(url);
  }

  private async own(id: string, authorityId: string) {
    const s = await this.repository.findSubscription(id);
    if (!s || s.authorityId !== authorityId) {
      throw new NotFoundError('Webhook');
    }
    return s;
  }
}
