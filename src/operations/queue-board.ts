import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { JobQueue } from '@lib/queue';
import { AccountsService } from '../accounts/accounts.service';

export const QUEUE_BOARD_PATH = '/admin/queues';
const COOKIE = 'birlik_queues';

/**
 * bull-board at /admin/queues, for admins only. A browser opens it once as /admin/queues?token=<accessToken>
 * (the token then lives in an httpOnly cookie for that path); scripts send `Authorization: Bearer`.
 */
export function mountQueueBoard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: app.get(JobQueue).allQueues().map((q) => new BullMQAdapter(q)), serverAdapter });
  const accounts = app.get(AccountsService);
  const orm = app.get(MikroORM);
  const guard = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = readCookie(req.headers.cookie, COOKIE);
    const token = header ?? query ?? cookie;
    if (!token) return void res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'Authentication required' });
    void RequestContext.create(orm.em, () => accounts.authenticate(token))
      .then((user) => {
        if (!user) return void res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired access token' });
        if (user.role !== 'admin') return void res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'Admins only' });
        if (query) res.cookie(COOKIE, query, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, maxAge: 15 * 60_000 });
        next();
      })
      .catch(next);
  };
  app.use(QUEUE_BOARD_PATH, guard, serverAdapter.getRouter());
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
