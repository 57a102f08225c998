import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { type ResendAnswer, ResendService } from './resend.service';

class ResendScheduledResponse {
  @ApiProperty({ format: 'uuid', description: 'The envelope row (as named in alerts)' })
  envelopeRowId!: string;
  @ApiProperty({ format: 'uuid', description: 'The envelope id (as in the receipts)' }) envelopeId!: string;
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() streamSeq!: number;
}

class ResendResponse {
  @ApiProperty() peer!: string;
  @ApiProperty({ format: 'date-time', description: 'When they go (the relay hands them to the queue)' })
  at!: string;
  @ApiProperty({ type: [ResendScheduledResponse] }) scheduled!: ResendScheduledResponse[];
}

@ApiTags('federation')
@ApiBearerAuth()
@Controller('v1/federation')
@Roles('admin')
export class ResendController {
  constructor(private readonly resend: ResendService) {}

  @Post('envelopes/:id/resend')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Send a pending envelope again now (its row id or envelope id): attempts counted afresh, the breaker lets it through',
  })
  @ApiOkResponse({ type: ResendResponse })
  // 409 ENVELOPE_NOT_PENDING (delivered or refused).
  @ApiErrors(400, 401, 403, 404, 409, 503)
  resendEnvelope(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResendAnswer> {
    return this.resend.resendEnvelope(id, principal);
  }

  @Post('peers/:id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every pending envelope to this peer again now' })
  @ApiOkResponse({ type: ResendResponse })
  // 409 PEER_NOT_PINNED.
  @ApiErrors(400, 401, 403, 404, 409, 503)
  resendPeer(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ResendAnswer> {
    return this.resend.resendPeer(id, principal);
  }
}
