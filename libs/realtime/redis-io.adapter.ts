import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@lib/config';
import { redisOptionsFromUrl, watchRedis } from '@lib/redis';
import { socketIoKey } from './publisher';

/** Largest frame a client may send: a 10,000-character body fits even when every character is JSON-escaped. */
export const MAX_FRAME_BYTES = 128 * 1024;

/** Socket.IO server with the Redis adapter (rooms shared by every api process) and the Origin allow-list. */
export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;
  private server?: Server;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = new Set(this.config.corsOrigins);
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_FRAME_BYTES,
      cors: { origin: [...allowed], credentials: true },
      // Browsers send an Origin; it must be the page's own host or an allowed origin. Scripts and tests send none.
      allowRequest: (req: { headers: { origin?: string; host?: string } }, callback: (err: string | null | undefined, success: boolean) => void) => {
        const origin = req.headers.origin;
        callback(null, !origin || allowed.has(origin) || sameHost(origin, req.headers.host));
      },
    });
    this.pub = watchRedis(new Redis({ ...redisOptionsFromUrl(this.config.redisUrl), maxRetriesPerRequest: null, showFriendlyErrorStack: true }), 'socket.io pub');
    this.sub = watchRedis(this.pub.duplicate(), 'socket.io sub');
    neverRejectUnhandled(this.pub);
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoKey(this.config) }));
    this.server = server;
    return server;
  }

  override async dispose(): Promise<void> {
    // Close every socket (and the adapter's timers) before the Redis clients go.
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await super.dispose();
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }
}

/**
 * The adapter fires `publish` without handling its promise; on a closed or broken connection that rejection
 * would be unhandled (and fail a test run, or end a process). A handler on each publish keeps it handled; the
 * caller still sees the same promise.
 */
function neverRejectUnhandled(client: Redis): void {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  (client as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args: unknown[]) => {
    const p = publish(...args);
    p.catch(() => undefined);
    return p;
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
