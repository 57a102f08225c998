import { ApiProperty } from '@nestjs/swagger';
import { AUTHORITY_KINDS } from '@/common/auth/authority-kind';
import { BREAKER_STATES, type FederationPeer, PEER_STATUSES } from '../entities/federation-peer.entity';
import { formatFingerprint } from '../fingerprint';

export class PeerAuthorityResponse {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: AUTHORITY_KINDS }) kind!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
}

export class PeerAdminResponse {
  @ApiProperty({ format: 'uuid', description: 'The admin user (the bootstrap ADMIN_TOKEN is one admin)' })
  id!: string;
  @ApiProperty() name!: string;
}

export class PeerDeliveryResponse {
  @ApiProperty({ description: 'Envelopes waiting for this peer (pending, not delivered yet)' })
  queueDepth!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastFailureAt!: string | null;
  @ApiProperty({ description: 'Consecutive failed deliveries since the last success' }) failures!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last failed attempt failed' })
  lastFailureReason!: string | null;
  @ApiProperty({
    enum: BREAKER_STATES,
    description:
      'closed: deliveries go; open: none before breakerOpenUntil, then one probe (half-open) decides',
  })
  breakerState!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) breakerOpenUntil!: string | null;
  @ApiProperty({ description: 'Highest streamSeq sent to the peer (every envelope written for it)' })
  lastStreamSeqSent!: number;
  @ApiProperty({ description: 'Highest streamSeq received from the peer' }) lastStreamSeqReceived!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) heartbeatSentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) heartbeatReceivedAt!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      "The peer's view of both streams in its last heartbeat: lastSent, lastDelivered, deliveredCount, lastReceived, receivedCount, createdAt",
  })
  peerView!: Record<string, unknown> | null;
}

export class PeerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'https://coop.moj.example' }) origin!: string;
  @ApiProperty({ example: 'AUT' }) country!: string;
  @ApiProperty({ enum: PEER_STATUSES }) status!: string;
  @ApiProperty({
    description:
      "SHA-256 of the peer's key-log inception event (its first key and the commitment to the next), in 16 " +
      'groups of 4 hex digits: compare it with the one received through an official channel',
    example: '9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21 9F3A 01BC 77E0 4D21',
  })
  fingerprint!: string;
  @ApiProperty({ description: "kid (RFC 7638) of the peer's current signing key" }) keyId!: string;
  @ApiProperty({ description: 'seq of the key-log head fetched (pinned once confirmed)' }) keyLogSeq!: number;
  @ApiProperty({ type: [PeerAuthorityResponse] }) authorities!: PeerAuthorityResponse[];
  @ApiProperty({ type: PeerAdminResponse }) addedBy!: PeerAdminResponse;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
  @ApiProperty({ type: PeerAdminResponse, nullable: true }) confirmedBy!: PeerAdminResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: PeerAdminResponse, nullable: true }) suspendedBy!: PeerAdminResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) suspendedAt!: string | null;
  @ApiProperty({ type: PeerDeliveryResponse }) delivery!: PeerDeliveryResponse;
}

const admin = (id: string | null, name: string | null): PeerAdminResponse | null =>
  id === null ? null : { id, name: name ?? '' };

export function toPeerResponse(p: FederationPeer): PeerResponse {
  const head = p.pinnedHead ?? p.keyState;
  return {
    id: p.id,
    origin: p.origin,
    country: p.country,
    status: p.status,
    fingerprint: formatFingerprint(p.fingerprint),
    keyId: head.currentKey.kid,
    keyLogSeq: head.seq,
    authorities: p.authorities.map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      languages: a.languages,
    })),
    addedBy: { id: p.addedByUserId, name: p.addedByName },
    addedAt: p.addedAt.toISOString(),
    confirmedBy: admin(p.confirmedByUserId, p.confirmedByName),
    confirmedAt: p.confirmedAt?.toISOString() ?? null,
    suspendedBy: admin(p.suspendedByUserId, p.suspendedByName),
    suspendedAt: p.suspendedAt?.toISOString() ?? null,
    delivery: {
      queueDepth: p.queueDepth,
      lastSuccessAt: p.lastSuccessAt?.toISOString() ?? null,
      lastFailureAt: p.lastFailureAt?.toISOString() ?? null,
      failures: p.failures,
      lastFailureReason: p.lastFailureReason,
      breakerState: p.breakerState,
      breakerOpenUntil: p.breakerOpenUntil?.toISOString() ?? null,
      lastStreamSeqSent: p.streams?.lastSent ?? 0,
      lastStreamSeqReceived: p.streams?.lastReceived ?? 0,
      heartbeatSentAt: p.heartbeatSentAt?.toISOString() ?? null,
      heartbeatReceivedAt: p.heartbeatReceivedAt?.toISOString() ?? null,
      peerView: p.lastHeartbeat,
    },
  };
}
