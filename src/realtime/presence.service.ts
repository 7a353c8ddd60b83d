import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import type { PresenceStatus } from '@lib/contract';
import { REDIS } from '@lib/redis';

/**
 * Presence in Redis, right with several tabs and several processes: each socket is an entry with an expiry
 * that its process refreshes; a user is online while any socket is live and not away. Entries of a process
 * that died expire, and a sweep on every process turns those users offline.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private readonly local = new Map<string, string>(); // socketId -> userId
  private timer?: NodeJS.Timeout;
  private closing = false;
  onChange?: (userId: string, status: PresenceStatus) => Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(kind: string, id = ''): string {
    return `${this.config.redisPrefix}:presence:${kind}${id ? `:${id}` : ''}`;
  }

  onModuleInit(): void {
    const every = Math.max(250, (this.config.presenceTtlSeconds * 1000) / 3);
    this.timer = setInterval(() => void this.tick().catch((err) => this.logger.warn({ err }, 'presence refresh failed')), every);
    this.timer.unref();
  }

  /** Shutting down: this process's sockets go offline now, while Redis and the adapter are still open. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    const local = [...this.local];
    this.local.clear();
    for (const [socketId, userId] of local) await this.disconnected(userId, socketId).catch(() => undefined);
    this.closing = true;
  }

  async connected(userId: string, socketId: string): Promise<void> {
    if (this.closing) return;
    this.local.set(socketId, userId);
    const expires = Date.now() + this.config.presenceTtlSeconds * 1000;
    await this.redis.multi().zadd(this.key('sockets', userId), expires, socketId).zadd(this.key('users'), expires, userId).exec();
    await this.publishIfChanged(userId);
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    if (this.closing) return;
    this.local.delete(socketId);
    await this.redis.multi().zrem(this.key('sockets', userId), socketId).srem(this.key('away', userId), socketId).exec();
    await this.publishIfChanged(userId);
  }

  async setAway(userId: string, socketId: string, away: boolean): Promise<void> {
    if (away) await this.redis.sadd(this.key('away', userId), socketId);
    else await this.redis.srem(this.key('away', userId), socketId);
    await this.publishIfChanged(userId);
  }

  /** The status of each user, in two pipelined round trips. */
  async statuses(userIds: string[]): Promise<Record<string, PresenceStatus>> {
    if (!userIds.length) return {};
    const now = Date.now();
    const live = await this.redis.pipeline(userIds.map((id) => ['zrangebyscore', this.key('sockets', id), now, '+inf'])).exec();
    const away = await this.redis.pipeline(userIds.map((id) => ['smembers', this.key('away', id)])).exec();
    const out: Record<string, PresenceStatus> = {};
    userIds.forEach((id, i) => {
      const sockets = (live?.[i]?.[1] as string[] | undefined) ?? [];
      const idle = new Set((away?.[i]?.[1] as string[] | undefined) ?? []);
      out[id] = !sockets.length ? 'offline' : sockets.every((x) => idle.has(x)) ? 'away' : 'online';
    });
    return out;
  }

  /** How many live sockets the user has, on every process (one Redis round trip). */
  async liveSockets(userId: string): Promise<number> {
    return this.redis.zcount(this.key('sockets', userId), Date.now(), '+inf');
  }

  async status(userId: string): Promise<PresenceStatus> {
    return (await this.statuses([userId]))[userId];
  }

  /** Refreshes this process's sockets, then expires those of processes that stopped refreshing theirs. */
  private async tick(): Promise<void> {
    const expires = Date.now() + this.config.presenceTtlSeconds * 1000;
    if (this.local.size) {
      const m = this.redis.multi();
      for (const [socketId, userId] of this.local) m.zadd(this.key('sockets', userId), expires, socketId).zadd(this.key('users'), expires, userId);
      await m.exec();
    }
    const stale = await this.redis.zrangebyscore(this.key('users'), '-inf', Date.now(), 'LIMIT', 0, 500);
    for (const userId of stale) {
      await this.redis.zremrangebyscore(this.key('sockets', userId), '-inf', Date.now());
      if ((await this.redis.zcard(this.key('sockets', userId))) === 0) await this.redis.zrem(this.key('users'), userId);
      await this.publishIfChanged(userId);
    }
  }

  /** Publishes when the user's status differs from the last one published (by any process). */
  private async publishIfChanged(userId: string): Promise<void> {
    const status = await this.status(userId);
    const previous = await this.redis.getset(this.key('last', userId), status);
    if ((previous ?? 'offline') !== status) await this.onChange?.(userId, status);
  }
}
