import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { NotFoundError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { canSee, WorkflowService } from '@/workflows';
import { detachedKid } from '../detached-jws';
import { EnvelopeRejectedError } from '../federation.errors';
import { EnvelopesRepository } from './envelopes.repository';
import { FederationInbox } from './inbox.service';

const MAX_ENVELOPE_BYTES = 1024 * 1024;

/** Reads the request's exact bytes (the envelope's media type is not parsed as JSON on the way in). */
export function rawBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_ENVELOPE_BYTES) {
        reject(new Error('envelope too large'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Envelopes from peers (no token: the RFC 9421 signature of a pinned peer is the credential). */
@ApiTags('federation')
@Controller()
export class InboxController {
  constructor(private readonly delivery: FederationInbox) {}

  @Post('federation/v1/inbox')
  @Public()
  @ApiOperation({
    summary:
      'One envelope from a pinned peer (RFC 9421 signature, Content-Digest): 202 with a signed DELIVERY receipt, 200 with the original one for a duplicate, or a signed rejection',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(400, 401, 404, 409, 503)
  async inbox(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    this.delivery.assertEnabled();
    const parsed = (req as Request & { _body?: boolean })._body === true;
    const raw = parsed ? Buffer.from(JSON.stringify(req.body)) : await rawBody(req);
    if (parsed) {
      // Parsed as application/json on the way in: the exact bytes (and so the digest) are gone.
      throw new EnvelopeRejectedError(
        'SIGNATURE_INVALID',
        'unauthenticated',
        'send envelopes as application/coop-envelope+json',
        null,
      );
    }
    const answer = await this.delivery.receive(raw, req.headers);
    res.status(answer.status);
    return answer.body;
  }
}

/** Every envelope of a request with its receipts, for its parties' users and auditors. */
@ApiTags('federation')
@Controller('v1/requests')
export class ReceiptsController {
  constructor(
    private readonly envelopes: EnvelopesRepository,
    private readonly workflows: WorkflowService,
  ) {}

  @Get(':id/receipts')
  @HttpCode(200)
  @Roles('officer', 'approver', 'auditor')
  @ApiOperation({
    summary:
      'Every envelope of the request sent to or received from another node, with its receipts (kind, result, time, signer kid, signature)',
  })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiErrors(400, 401, 403, 404, 503)
  async receipts(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<unknown[]> {
    const request = await this.workflows.findRequest(id);
    if (!request || !principal.authorityId || !canSee(request, principal.authorityId)) {
      throw new NotFoundError('Request');
    }
    const rows = await this.envelopes.ofRequest(id);
    return rows.map((r) => ({
      envelopeId: r.envelopeId,
      direction: r.direction === 'out' ? 'sent' : 'received',
      peer: r.peerOrigin,
      type: r.type,
      caseSeq: r.envelope.caseSeq,
      streamSeq: r.streamSeq,
      digest: r.digest,
      status: r.status,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      signerKid: detachedKid(r.envelope.signature),
      receipts: r.receipts.map((x) => ({
        kind: x.kind,
        result: x.result,
        code: x.code,
        reason: x.reason,
        at: x.at.toISOString(),
        signerKid: x.signerKid,
        signature: x.signature,
      })),
    }));
  }
}
