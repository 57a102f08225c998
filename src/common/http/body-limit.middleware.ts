import { PayloadTooLargeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Request bodies are JSON and small. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Refuses a body whose declared Content-Length is over the limit at once, from the header, and closes the
 * connection instead of reading the body first (the JSON parser would read and discard it all before
 * answering 413). Bodies without a length (chunked) are cut at the limit by the parser itself. Multipart
 * bodies (document uploads) are left to the upload route, which enforces its own, larger limit.
 */
export function refuseOversizedBodies(
  limitBytes = BODY_LIMIT_BYTES,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes && !/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      res.setHeader('Connection', 'close');
      next(
        new PayloadTooLargeException(
          `Request body of ${declared} bytes is over the limit of ${limitBytes} bytes`,
        ),
      );
      return;
    }
    next();
  };
}
