import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, reasonPhrase } from './catalog';

export interface HttpErrorBody {
  statusCode: number;
  code?: string;
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
    const { status, message, retryAfter } = this.describe(exception, req);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    const body: HttpErrorBody = { statusCode: status, error: reasonPhrase(status), message };
    if (exception instanceof AppError) Object.assign(body, exception.details, { code: exception.key });
    res.status(status).json(body);
  }

  private describe(exception: unknown, req: Request): { status: number; message: string | string[]; retryAfter?: number } {
    if (exception instanceof AppError) {
      return { status: exception.status, message: exception.message, retryAfter: exception.retryAfterSeconds };
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
      return { status, message };
    }
    const maybe = exception as { status?: number; type?: string; message?: string };
    if (maybe?.type === 'entity.parse.failed') return { status: 400, message: 'body is not valid JSON' };
    if (maybe?.type === 'entity.too.large') return { status: 413, message: 'body is too large' };
    this.logger.error({ err: exception, path: req.url }, 'Unhandled error');
    return { status: 500, message: 'Internal server error' };
  }
}
