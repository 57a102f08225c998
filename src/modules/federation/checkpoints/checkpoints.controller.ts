import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public, Roles } from '@/common/auth/access.decorators';
import { NotFoundError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { CheckpointService } from '@/modules/audit/checkpoint.service';
import { rawBody } from '../envelope/inbox.controller';
import { FederationInbox } from '../envelope/inbox.service';
import { EnvelopeRejectedError } from '../federation.errors';
import type { CosignatureRow } from './cosignatures.repository';
import { CheckpointCosigning, COSIGN_MEDIA_TYPE } from './cosigning.service';

const cosignatureResponse = (c: CosignatureRow) => ({
  node: c.ownerOrigin,
  cosigner: c.cosignerOrigin,
  checkpointSeq: c.checkpointSeq,
  checkpointHash: c.checkpointHash,
  logRoot: c.logRoot,
  signerKid: c.signerKid,
  signature: c.signature,
  statement: c.statement,
  at: c.createdAt?.toISOString() ?? null,
});

/** Cosigned audit checkpoints: peers ask this node to cosign (signed), admins and auditors list them. */
@ApiTags('federation')
@Controller()
export class CheckpointsController {
  constructor(
    private readonly cosigning: CheckpointCosigning,
    private readonly checkpoints: CheckpointService,
    private readonly inbox: FederationInbox,
  ) {}

  @Post('federation/v1/checkpoints/cosign')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A pinned peer's latest signed audit checkpoint with a consistency proof from the one cosigned last " +
      "(RFC 9421-signed, application/coop-checkpoint+json): 200 with this node's cosignature, or a signed refusal",
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  async cosign(@Req() req: Request): Promise<unknown> {
    this.inbox.assertEnabled();
    if ((req as Request & { _body?: boolean })._body === true) {
      // Parsed as application/json on the way in: the exact bytes (and so the digest) are gone.
      throw new EnvelopeRejectedError(
        'SIGNATURE_INVALID',
        'unauthenticated',
        `send cosigning requests as ${COSIGN_MEDIA_TYPE}`,
        null,
      );
    }
    return this.cosigning.cosign(await rawBody(req), req.headers);
  }

  @Post('v1/federation/checkpoints/cosign')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: "Ask every pinned peer now to cosign this node's latest audit checkpoint" })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiErrors(401, 403, 404, 503)
  cosignNow(): Promise<unknown[]> {
    return this.cosigning.cosignNow();
  }

  @Get('v1/federation/cosignatures')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary:
      "Cosignatures held here, newest first: peers' of this node's checkpoints and this node's of theirs",
  })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiErrors(401, 403, 404, 503)
  async list(): Promise<unknown[]> {
    return (await this.cosigning.list(500)).map(cosignatureResponse);
  }

  @Get('v1/audit/checkpoints/:seq')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: 'One signed checkpoint with the cosignatures of peers (none without NODE_ORIGIN)',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(400, 401, 403, 404, 503)
  async checkpoint(@Param('seq', ParseIntPipe) seq: number): Promise<unknown> {
    const [found] = await this.checkpoints.page(seq + 1, 1);
    if (!found || found.seq !== seq) {
      throw new NotFoundError('Checkpoint');
    }
    const { chunkRoots: _chunkRoots, ...checkpoint } = found;
    return {
      ...checkpoint,
      createdAt: found.createdAt.toISOString(),
      cosignatures: (await this.cosigning.ofCheckpoint(seq)).map(cosignatureResponse),
    };
  }
}
