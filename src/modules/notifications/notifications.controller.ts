import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ForbiddenError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  WebhookDeliveryPageResponse,
  WebhookResponse,
} from './dto/webhook.dto';
import { NotificationsService } from './notifications.service';

export class DeliveriesQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

function authorityOf(p: Principal): string {
  if (!p.authorityId) {
    throw new ForbiddenError('Webhooks belong to an authority');
  }
  return p.authorityId;
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @Roles('officer', 'approver')
  @ApiOperation({
    summary: "Register a webhook for every event on your authority's requests; the secret is shown once",
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiErrors(400, 401, 403, 413, 503)
  create(@Body() dto: CreateWebhookDto, @CurrentPrincipal() p: Principal): Promise<CreatedWebhookResponse> {
    return this.notifications.subscribe(dto, p, authorityOf(p));
  }

  @Get()
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: "Your authority's webhooks" })
  @ApiOkResponse({ type: [WebhookResponse] })
  @ApiErrors(401, 403, 503)
  list(@CurrentPrincipal() p: Principal): Promise<WebhookResponse[]> {
    return this.notifications.list(authorityOf(p));
  }

  @Delete(':id')
  @Roles('officer', 'approver')
  @ApiOperation({ summary: 'Stop a webhook (pending deliveries are cancelled)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  remove(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<WebhookResponse> {
    return this.notifications.disable(id, authorityOf(p));
  }

  @Get(':id/deliveries')
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({ summary: 'Deliveries of a webhook with every attempt, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiErrors(400, 401, 403, 404, 503)
  deliveries(
    @Param('id', uuidPipe('id')) id: string,
    @Query() q: DeliveriesQuery,
    @CurrentPrincipal() p: Principal,
  ): Promise<WebhookDeliveryPageResponse> {
    return this.notifications.deliveries(id, authorityOf(p), q.cursor, q.limit ?? 20);
  }
}
