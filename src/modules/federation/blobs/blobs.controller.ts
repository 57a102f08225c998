import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { Public } from '@/common/auth/access.decorators';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { BlobServer } from './blob-server.service';

/** Waits until the socket takes more (true), or the client went away (false). */
function drained(res: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** Documents by digest for peers (no token: the RFC 9421 signature of a pinned peer is the credential). */
@ApiTags('federation')
@Controller()
export class BlobsController {
  constructor(private readonly server: BlobServer) {}

  @Get('federation/v1/blobs/sha256/:hex')
  @Public()
  @ApiOperation({
    summary:
      'A document by its SHA-256, for the node of a party of a request holding it (RFC 9421 signature): streamed, Range-resumable (206, 416), ETag = the digest; anyone else gets a signed rejection',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 401, 404, 503)
  async blob(@Param('hex') hex: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.server.answer(hex, req.headers);
    const { blob, range } = answer;
    res.set(answer.headers);
    if (range.kind === 'unsatisfiable') {
      const receipt = await this.server.rejection('RANGE_NOT_SATISFIABLE', range.reason);
      res.status(416).set('content-range', `bytes */${blob.size}`).json({
        statusCode: 416,
        error: STATUS_CODES[416],
        message: range.reason,
        code: 'RANGE_NOT_SATISFIABLE',
        details: { receipt },
      });
      return;
    }
    const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, blob.size - 1];
    res.status(range.kind === 'part' ? 206 : 200);
    res.set({ 'content-type': blob.mediaType, 'content-length': String(end - start + 1) });
    if (range.kind === 'part') {
      res.set('content-range', `bytes ${start}-${end}/${blob.size}`);
    }
    // Streamed: one chunk read from the database at a time, waiting for the socket to drain.
    try {
      for await (const chunk of this.server.bytes(answer)) {
        if (!res.write(chunk) && !(await drained(res))) {
          return;
        }
      }
      res.end();
    } catch {
      res.destroy();
    }
  }
}
