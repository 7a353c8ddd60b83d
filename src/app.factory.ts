import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@lib/config';
import { AppError, ERROR_CATALOG, HttpExceptionFilter } from '@lib/errors';
import { MAX_BODY_DEPTH, inputProblem, textProblem } from '@lib/http';
import { RedisIoAdapter } from '@lib/realtime';
import { AppModule } from './app.module';
import { MAX_IMPORT_BYTES } from './directory/directory.controller';
import { mountQueueBoard } from './operations/queue-board';
import { mountWebApp } from './web-app';

/** The HTTP application (roles api and all), configured the same way for `npm start` and for the tests. */
export async function createHttpApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(config.role, config), {
    bufferLogs: true,
    bodyParser: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('text', { type: ['text/csv', 'application/csv', 'text/plain'], limit: MAX_IMPORT_BYTES });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
        },
      },
    }),
  );
  app.enableCors({
    origin: [...config.corsOrigins],
    credentials: true,
    exposedHeaders: ['X-Next-Cursor', 'Link', 'Retry-After'],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.use(guardInput);
  mountWebApp(app);
  mountQueueBoard(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Birlik API')
      .setDescription(
        'The collaboration platform of the Union of Turkish World Municipalities. Errors: `{statusCode, code, error, message}`, ' +
          `\`code\` one of: ${Object.keys(ERROR_CATALOG).join(', ')}; ` +
          'lists are JSON arrays with the next page cursor in the `X-Next-Cursor` header.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', raw: ['json'] });
  return app;
}

/** Body types a JSON endpoint takes besides JSON: multipart uploads, and CSV on the import routes. */
function acceptedBody(req: Request): boolean {
  if (req.is(['application/json', 'application/*+json', 'multipart/form-data'])) return true;
  return /\/import$/.test(req.path) && !!req.is(['text/csv', 'application/csv', 'text/plain']);
}

/**
 * Input no handler should see, refused before routing (400 or 415 with a catalog code): a URL or body holding
 * a NUL character or a lone surrogate (PostgreSQL cannot store either), a body nested deeper than anything
 * Birlik takes (it would overflow the validator's stack), a body of another type on a JSON endpoint.
 */
function guardInput(req: Request, _res: Response, next: NextFunction): void {
  let problem: string | null = null;
  try {
    decodeURIComponent(req.url);
    const path = decodeURIComponent(req.path);
    if (textProblem(path)) problem = 'the URL must not contain NUL characters or lone surrogates';
    else problem = inputProblem(req.query, 4, 'query');
  } catch {
    problem = 'the URL is not valid percent-encoded UTF-8';
  }
  if (!problem && req.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody(req) && !acceptedBody(req)) {
    return next(new AppError('unsupported_media_type', { message: `body must be application/json (got ${req.headers['content-type'] ?? 'no Content-Type'})` }));
  }
  if (!problem && req.body && typeof req.body === 'object') problem = inputProblem(req.body, MAX_BODY_DEPTH);
  if (!problem && typeof req.body === 'string') problem = textProblem(req.body) ? 'body must not contain NUL characters or lone surrogates' : null;
  next(problem ? new AppError('bad_request', { message: problem }) : undefined);
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
