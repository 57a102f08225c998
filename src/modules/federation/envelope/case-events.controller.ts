import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@/common/auth/access.decorators';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import type { SignedCaseEvents } from './case-events';
import { CaseEvents } from './case-events.service';
import { FederationInbox } from './inbox.service';
import { headerReader } from './peer-signature';

/** Gap filling for peers (no token: the RFC 9421 signature of a pinned peer is the credential). */
@ApiTags('federation')
@Controller()
export class CaseEventsController {
  constructor(
    private readonly cases: CaseEvents,
    private readonly inbox: FederationInbox,
  ) {}

  @Get('federation/v1/cases/:caseId/events')
  @Public()
  @ApiOperation({
    summary:
      "A request's events after position `after`, for a pinned peer hosting one of its parties (signed GET), in a document signed by this node; anyone else: a signed refusal",
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(400, 401, 404, 503)
  async events(
    @Param('caseId') caseId: string,
    @Query('after') after: string | undefined,
    @Req() req: Request,
  ): Promise<SignedCaseEvents> {
    this.inbox.assertEnabled();
    const header = headerReader(req.headers);
    return this.cases.serve(caseId, typeof after === 'string' ? after : undefined, req.originalUrl, header);
  }
}
