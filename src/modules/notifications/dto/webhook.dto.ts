import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import type { WebhookDelivery } from '../entities/webhook-delivery.entity';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity';
import { nextAttemptAt, type RetryPolicy } from '../next-attempt';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://mla.example.gov/hooks/cooperation', maxLength: 2000 })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  description?: string;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'Signing secret, shown once: a Standard Webhooks secret (whsec_ + base64 of the HMAC-SHA256 key), ' +
      'verified with `new Webhook(secret).verify(rawBody, headers)` of a Standard Webhooks library. Each POST ' +
      'carries webhook-id (the delivery id, the same on every retry), webhook-timestamp and webhook-signature: ' +
      'v1,base64(HMAC(key, "<webhook-id>.<webhook-timestamp>.<raw body>")). Deprecated, sent in this release ' +
      'only: X-Coop-Timestamp and X-Coop-Signature: sha256=hex(HMAC(secret as UTF-8, "<timestamp>.<raw body>"))',
  })
  secret!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() ms!: number;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: [DeliveryAttemptResponse] }) attemptLog!: DeliveryAttemptResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'When the queue retries a pending delivery after a failed attempt (exponential backoff); null when none is scheduled',
  })
  nextAttemptAt!: string | null;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items!: WebhookDeliveryResponse[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export function toWebhookResponse(s: WebhookSubscription): WebhookResponse {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    disabledAt: s.disabledAt ? s.disabledAt.toISOString() : null,
  };
}

export function toDeliveryResponse(d: WebhookDelivery, retry: RetryPolicy): WebhookDeliveryResponse {
  const event = d.body.event as { action?: string } | undefined;
  return {
    id: d.id,
    requestId: d.requestId,
    eventId: d.eventId,
    action: event?.action ?? '',
    status: d.status,
    attempts: d.attempts,
    attemptLog: d.attemptLog,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    nextAttemptAt: nextAttemptAt(d, retry)?.toISOString() ?? null,
  };
}
