import type { DataSource } from 'typeorm';
import { CooperationRequest } from './entities/cooperation-request.entity';

export interface ListFilter {
  authorityId: string;
  box: 'outgoing' | 'incoming';
  status?: string;
  channel?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** Keyset-paginated inbox/outbox listing; incoming (every requested-side party's) shows only what was delivered. */
export async function listRequests(dataSource: DataSource, f: ListFilter): Promise<CooperationRequest[]> {
  const qb = dataSource.getRepository(CooperationRequest).createQueryBuilder('r');
  if (f.box === 'outgoing') {
    qb.where('r.requesting_authority_id = :a', { a: f.authorityId });
  } else {
    // The requested side's parties: the requested authority and, on a multi-party request, further ones.
    qb.where(
      `(r.requested_authority_id = :a OR r.additional_party_ids @> :party::jsonb) AND r.delivered_at IS NOT NULL`,
      { a: f.authorityId, party: JSON.stringify([f.authorityId]) },
    );
  }
  if (f.status) {
    qb.andWhere('r.status = :status', { status: f.status });
  }
  if (f.channel) {
    qb.andWhere('r.channel = :channel', { channel: f.channel });
  }
  if (f.after) {
    qb.andWhere('(r.created_at, r.id) < (:createdAt, :id)', { createdAt: f.after.createdAt, id: f.after.id });
  }
  return qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').take(f.limit).getMany();
}
