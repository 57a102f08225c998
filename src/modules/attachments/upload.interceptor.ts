import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import type { Principal } from '@/common/auth/principal';
import { ValidationFailedError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';
import { RequestsService } from '@/modules/requests/requests.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads one multipart file (field `file`) into memory, refusing more than the configured size while it
 * streams. Every problem is a 400 naming the field, never a 413 or a 500. The request must be one the
 * caller may see before a byte of the document is read (404 otherwise, as for any other route).
 */
@Injectable()
export class SingleFileUpload implements NestInterceptor {
  constructor(
    private readonly config: ConfigService<AllConfig, true>,
    private readonly requests: RequestsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.parse(req, res)).pipe(switchMap(() => next.handle()));
  }

  private async parse(req: Request & { principal?: Principal }, res: Response): Promise<void> {
    const id = String(req.params.id);
    if (!UUID.test(id)) {
      throw new ValidationFailedError([{ field: 'id', messages: ['id must be a UUID'] }]);
    }
    if (req.principal) {
      await this.requests.visible(id, this.requests.authorityOf(req.principal));
    }
    const maxBytes = this.config.get('attachments', { infer: true }).maxBytes;
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10000, parts: 12 },
    }).single('file');
    await new Promise<void>((resolve, reject) => {
      if (!req.is('multipart/form-data')) {
        reject(
          new ValidationFailedError([
            { field: 'file', messages: ['send the document as multipart/form-data, field "file"'] },
          ]),
        );
        return;
      }
      upload(req, res, (err: unknown) => (err ? reject(toValidationError(err, maxBytes)) : resolve()));
    });
  }
}

function toValidationError(err: unknown, maxBytes: number): ValidationFailedError {
  if (err instanceof MulterError) {
    const field = err.field && err.code !== 'LIMIT_FILE_SIZE' ? err.field : 'file';
    const message =
      err.code === 'LIMIT_FILE_SIZE'
        ? `the document exceeds ${maxBytes} bytes`
        : err.code === 'LIMIT_UNEXPECTED_FILE'
          ? 'only one file, in the field "file", is accepted'
          : err.message;
    return new ValidationFailedError([{ field, messages: [message] }]);
  }
  return new ValidationFailedError([
    {
      field: 'file',
      messages: [`the upload could not be read: ${err instanceof Error ? err.message : String(err)}`],
    },
  ]);
}
