import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { DeliveryAttempt } from './entities/webhook-delivery.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookSubscription } from './entities/webhook-subscription.entity';

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  activeSubscriptions(manager: EntityManager, authorityIds: string[]): Promise<WebhookSubscription[]> {
    return manager
      .getRepository(WebhookSubscription)
      .find({ where: { authorityId: In(authorityIds), disabledAt: IsNull() } });
  }

  insertDeliveries(
    manager: EntityManager,
    rows: Omit<WebhookDelivery, 'createdAt'>[],
  ): Promise<WebhookDelivery[]> {
    const repo = manager.getRepository(WebhookDelivery);
    return repo.save(rows.map((r) => repo.create(r)));
  }

  insertSubscription(
    s: Omit<WebhookSubscription, 'id' | 'createdAt' | 'disabledAt'>,
  ): Promise<WebhookSubscription> {
    const repo = this.dataSource.getRepository(WebhookSubscription);
    return repo.save(repo.create({ ...s, disabledAt: null }));
  }

  listSubscriptions(authorityId: string): Promise<WebhookSubscription[]> {
    return this.dataSource
      .getRepository(WebhookSubscription)
      .find({ where: { authorityId }, order: { createdAt: 'ASC' } });
  }

  findSubscription(id: string): Promise<WebhookSubscription | null> {
    return this.dataSource.getRepository(WebhookSubscription).findOne({ where: { id } });
  }

  async disableSubscription(id: string): Promise<void> {
    await this.dataSource
      .getRepository(WebhookSubscription)
      .update({ id, disabledAt: IsNull() }, { disabledAt: new Date() });
  }

  findDelivery(id: string): Promise<WebhookDelivery | null> {
    return this.dataSource.getRepository(WebhookDelivery).findOne({ where: { id } });
  }

  listDeliveries(
    subscriptionId: string,
    after: { createdAt: string; id: string } | undefined,
    limit: number,
  ) {
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (after) {
      qb.andWhere('(d.created_at, d.id) < (:t, :id)', { t: after.createdAt, id: after.id });
    }
    return qb.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').take(limit).getMany();
  }

  /** Records one attempt; `settled` moves the delivery to its final status. */
  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    settled?: { status: WebhookDelivery['status']; deliveredAt: Date | null },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries
         SET attempts = attempts + 1,
             attempt_log = attempt_log || $2::jsonb,
             status = COALESCE($3, status),
             delivered_at = COALESCE($4, delivered_at)
       WHERE id = $1`,
      [id, JSON.stringify([attempt]), settled?.status ?? null, settled?.deliveredAt ?? null],
    );
  }

  async settle(id: string, status: WebhookDelivery['status']): Promise<void> {
    await this.dataSource.getRepository(WebhookDelivery).update({ id, status: 'pending' }, { status });
  }
}
