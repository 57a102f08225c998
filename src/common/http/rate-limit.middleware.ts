import type { NextFunction, Request, Response } from 'express';
import { sessionIdFromCookies } from '../auth/session';
import { hashToken } from '../auth/token';
import { RateLimitedError } from '../errors/domain-error';
import { TokenBuckets } from './token-bucket';

export interface RateLimitOptions {
  windowMs: number;
  perIp: number;
  perToken: number;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Limits requests per client address (every route, with or without a token: this also slows down token
 * guessing) and per bearer token or console session (keyed by its hash: a console user has a budget of
 * their own, not only their address's). Runs before body parsing and authentication, so a
 * refused request costs neither. Over the limit: 429, the standard error body, and Retry-After.
 */
export function rateLimit(
  options: RateLimitOptions,
  now: () => number = Date.now,
): (req: Request, res: Response, next: NextFunction) => void {
  const perIp = new TokenBuckets(options.perIp, options.windowMs, now);
  const perToken = new TokenBuckets(options.perToken, options.windowMs, now);
  return (req, res, next) => {
    let waitMs = perIp.take(`ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`);
    let scope = 'address';
    if (waitMs === 0) {
      const token = BEARER.exec(req.header('authorization') ?? '')?.[1];
      const session = token ? undefined : sessionIdFromCookies(req.header('cookie'));
      if (token) {
        waitMs = perToken.take(hashToken(token));
        scope = 'token';
      } else if (session) {
        waitMs = perToken.take(`session:${hashToken(session)}`);
        scope = 'session';
      }
    }
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      next(new RateLimitedError(`Too many requests from this ${scope}; retry after ${seconds} s`));
      return;
    }
    next();
  };
}
