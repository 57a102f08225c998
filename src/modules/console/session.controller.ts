import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@/common/auth/access.decorators';
import { CSRF_HEADER, csrfTokenMatches, sessionIdFromCookies } from '@/common/auth/session';
import { ForbiddenError, UnauthenticatedError } from '@/common/errors/domain-error';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { CreateSessionDto } from './dto/create-session.dto';
import { SessionResponse } from './dto/session.response';
import { clearSessionCookie, setSessionCookie } from './session-cookie';
import { csrfTokenOf } from './session-ids';
import { SessionsService } from './sessions.service';

/**
 * The console's sign-in (docs/console.md "Sessions"). Public routes: the body's token, or the cookie, is
 * the credential; every other /v1 route then accepts the cookie as it accepts a bearer token.
 */
@ApiTags('console')
@Controller('v1/session')
@Public()
export class SessionController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Sign in: exchange an access token for a session cookie (coop_session, HttpOnly, SameSite=Strict)',
  })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiErrors(400, 401, 413, 503)
  async create(
    @Body() dto: CreateSessionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    const { sessionId, body } = await this.sessions.create(dto.token);
    setSessionCookie(req, res, sessionId);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }

  @Get()
  @ApiCookieAuth('coop_session')
  @ApiOperation({ summary: "The cookie's session (user, CSRF token, end); restarts its idle clock" })
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(401, 503)
  async current(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    const sessionId = sessionIdFromCookies(req.header('cookie'));
    const body = sessionId ? await this.sessions.current(sessionId) : null;
    if (!body) {
      throw new UnauthenticatedError('No console session (never signed in, signed out or expired)');
    }
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }

  @Delete()
  @HttpCode(204)
  @ApiCookieAuth('coop_session')
  @ApiOperation({ summary: "Sign out: ends the cookie's session on the server (X-CSRF-Token required)" })
  @ApiNoContentResponse({ description: 'Signed out (also when there was no session)' })
  @ApiErrors(403, 'CSRF_INVALID', 503)
  async end(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const sessionId = sessionIdFromCookies(req.header('cookie'));
    if (sessionId) {
      if (!csrfTokenMatches(csrfTokenOf(sessionId), req.header(CSRF_HEADER))) {
        throw new ForbiddenError(
          'Signing out with the session cookie needs its X-CSRF-Token',
          'CSRF_INVALID',
        );
      }
      await this.sessions.end(sessionId);
    }
    clearSessionCookie(req, res);
  }
}
