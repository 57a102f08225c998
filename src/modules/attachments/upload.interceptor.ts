import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { ValidationFailedError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';

/**
 * Reads one multipart file (field `file`) into memory, refusing more than the configured size while it
 * streams. Every problem is a 400 naming the field, never a 413 or a 500.
 */
@Injectable()
export class SingleFileUpload implements NestInterceptor {
  constructor(private readonly config: ConfigService<AllConfig, true>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const maxBytes = this.config.get('attachments', { infer: true }).maxBytes;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10000, parts: 12 },
    }).single('file');
    const parsed = new Promise<void>((resolve, reject) => {
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
    return from(parsed).pipe(switchMap(() => next.handle()));
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
