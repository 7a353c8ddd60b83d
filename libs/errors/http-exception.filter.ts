import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, codeForStatus, reasonPhrase, toAppError, type ErrorKey } from './catalog';

export interface HttpErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string | string[];
}

/** Turns any thrown error into the contract's error body; unknown errors become a logged 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const known = toAppError(exception);
    const { status, message, retryAfter, code } = this.describe(known ?? exception, req);
    if (res.headersSent) return;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    const body: HttpErrorBody = { statusCode: status, code, error: reasonPhrase(status), message };
    if (known) Object.assign(body, known.details, { code: known.key });
    res.status(status).json(body);
  }

  private describe(exception: unknown, req: Request): { status: number; code: ErrorKey; message: string | string[]; retryAfter?: number } {
    if (exception instanceof AppError) {
      if (exception.key === 'unavailable') this.logger.warn({ err: exception, path: req.url }, 'service unavailable');
      return { status: exception.status, code: exception.key, message: exception.message, retryAfter: exception.retryAfterSeconds ?? (exception.key === 'unavailable' ? 5 : undefined) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message: string | string[] = exception.message;
      if (typeof response === 'object' && response && 'message' in response) {
        message = (response as { message: string | string[] }).message;
      }
      // body-parser's JSON errors arrive as a 400 with the parser's own text
      if (status === 400 && typeof message === 'string' && req.is('json') && /JSON|Unexpected token|position \d/.test(message)) {
        message = `body is not valid JSON (${message})`;
      }
      return { status, code: codeForStatus(status), message };
    }
    const maybe = exception as { status?: number; type?: string; message?: string };
    if (maybe?.type === 'entity.parse.failed') return { status: 400, code: 'bad_request', message: 'body is not valid JSON' };
    if (maybe?.type === 'entity.too.large') return { status: 413, code: 'payload_too_large', message: 'body is too large' };
    if (maybe?.type === 'encoding.unsupported' || maybe?.type === 'charset.unsupported') return { status: 415, code: 'unsupported_media_type', message: maybe.message ?? 'unsupported body encoding' };
    // Other client errors of the body parser (aborted request, bad length) keep their 4xx status.
    if (typeof maybe?.status === 'number' && maybe.status >= 400 && maybe.status < 500) {
      return { status: maybe.status, code: codeForStatus(maybe.status), message: maybe.message ?? reasonPhrase(maybe.status) };
    }
    this.logger.error({ err: exception, path: req.url }, 'Unhandled error');
    return { status: 500, code: 'internal', message: 'Internal server error' };
  }
}
