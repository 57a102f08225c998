import type { NextFunction, Request, Response } from 'express';
import { sessionIdFromCookies } from '../auth/session';
import { hashToken } from '../auth/token';
import { RateLimitedError } from '../errors/domain-error';
import type { RateLimitCounters } from './rate-limit-counters';

/** The counts of each limit (rate-limit-counters.ts: in the process, or shared in Redis). */
export interface RateLimitCountersPair {
  perIp: RateLimitCounters;
  perToken: RateLimitCounters;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Limits requests per client address (every route, with or without a token: this also slows down token
 * guessing) and per bearer token or console session (keyed by its hash: a console user has a budget of
 * their own, not only their address's). Runs before body parsing and authentication, so a
 * refused request costs neither. Over the limit: 429, the standard error body, and Retry-After.
 */
export function rateLimit({
  perIp,
  perToken,
}: RateLimitCountersPair): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    limit(req, res, perIp, perToken).then(() => next(), next);
  };
}

/** Counts the request against its address, then its token or session; throws RateLimitedError when over. */
async function limit(
  req: Request,
  res: Response,
  perIp: RateLimitCounters,
  perToken: RateLimitCounters,
): Promise<void> {
  let waitMs = await perIp.take(`ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`);
  let scope = 'address';
  if (waitMs === 0) {
    const token = BEARER.exec(req.header('authorization') ?? '')?.[1];
    const session = token ? undefined : sessionIdFromCookies(req.header('cookie'));
    if (token) {
      waitMs = await perToken.take(hashToken(token));
      scope = 'token';
    } else if (session) {
      waitMs = await perToken.take(`session:${hashToken(session)}`);
      scope = 'session';
    }
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    throw new RateLimitedError(`Too many requests from this ${scope}; retry after ${seconds} s`);
  }
}
