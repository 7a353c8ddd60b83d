import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@lib/config';
import { HttpExceptionFilter } from '@lib/errors';
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
  // No id, path or query ever contains a NUL character, and PostgreSQL cannot take one as a parameter.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!/%00/i.test(req.url)) return next();
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'the URL must not contain NUL characters' });
  });
  mountWebApp(app);
  mountQueueBoard(app);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Birlik API')
      .setDescription(
        'The collaboration platform of the Union of Turkish World Municipalities. Errors: `{statusCode, error, message}`; ' +
          'lists are JSON arrays with the next page cursor in the `X-Next-Cursor` header.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', raw: ['json'] });
  return app;
}
