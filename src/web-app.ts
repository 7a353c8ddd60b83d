import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root: the nearest folder above this file with a package.json (src/ under ts, dist/src/ when built). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The browser app, built by `npm run build:web` (Vite) into web/dist. */
export const WEB_DIST = join(projectRoot(), 'web', 'dist');

/** Paths that belong to the server; every other GET that wants HTML gets the app (history fallback). */
const SERVER_PATHS = /^\/(api|socket\.io|health|metrics|admin\/queues)(\/|$)/;

/**
 * Serves the single-page app at `/`: hashed assets with a long cache, index.html (never cached) for every
 * app route such as /c/<id>, /setup?token=… or /register?token=….
 */
export function mountWebApp(app: INestApplication): void {
  const index = join(WEB_DIST, 'index.html');
  app.use('/assets', express.static(join(WEB_DIST, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  app.use('/assets', (_req: Request, res: Response) => {
    res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'no such asset' });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    if (existsSync(index)) return res.sendFile(index);
    res
      .status(503)
      .type('html')
      .send('<!doctype html><title>Birlik</title><p>Birlik: the web app is not built yet. Run <code>npm run build:web</code> (npm start does it).</p>');
  });
}
