import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError } from './domain-error';
import { CODE_BY_STATUS, STATUS_BY_KIND } from './http-status';
import { isBackendUnavailable } from './backend-unavailable';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details?: unknown;
  requestId?: string;
  errorId?: string;
}

/** One place maps every error to the API.md error body; unknown errors become a 500 with a logged errorId. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception);
    body.requestId = req.id;
    if (res.headersSent) {
      return;
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
        code: exception.code,
        ...(exception.details === undefined ? {} : { details: exception.details }),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const message = httpExceptionMessage(exception);
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: statusCode === 400 && /JSON/i.test(message) ? `Malformed JSON body: ${message}` : message,
        code: CODE_BY_STATUS[statusCode] ?? 'HTTP_ERROR',
      };
    }
    const bodyParserStatus = bodyParserErrorStatus(exception);
    if (bodyParserStatus !== undefined) {
      return {
        statusCode: bodyParserStatus,
        error: STATUS_CODES[bodyParserStatus] ?? 'Error',
        message: (exception as Error).message,
        code: CODE_BY_STATUS[bodyParserStatus] ?? 'BAD_REQUEST',
      };
    }
    if (isBackendUnavailable(exception)) {
      this.logger.warn(`Backing service unavailable: ${(exception as Error).message}`);
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'A backing service is unavailable; nothing was changed, retry later',
        code: 'SERVICE_UNAVAILABLE',
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      {
        errorId,
        err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception,
      },
      'Unhandled error',
    );
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal error',
      code: 'INTERNAL_ERROR',
      errorId,
    };
  }
}

/** Errors thrown by express' body parser carry a 4xx `status` (malformed JSON, too large, bad charset). */
function bodyParserErrorStatus(exception: unknown): number | undefined {
  if (typeof exception === 'object' && exception !== null && 'type' in exception && 'status' in exception) {
    const status = Number((exception as { status: unknown }).status);
    if (status >= 400 && status < 500) {
      return status;
    }
  }
  return undefined;
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return message.map(String).join('; ');
  }
  return typeof message === 'string' ? message : exception.message;
}
