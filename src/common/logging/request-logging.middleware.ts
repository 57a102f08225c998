import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { requestContext } from './request-context';

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;
const logger = new Logger('Http');

/**
 * First middleware of the chain (before body parsing, so that even a malformed body gets an id):
 * assigns a request id (or keeps a sane incoming X-Request-Id), echoes it, and logs one line per request.
 */
export function requestLogging(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  req.id = requestId;
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    requestContext.run({ requestId }, () =>
      logger.log({
        msg: 'request',
        method: req.method,
        // The path only: query strings may carry search terms about persons.
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      }),
    );
  });
  requestContext.run({ requestId }, () => next());
}
