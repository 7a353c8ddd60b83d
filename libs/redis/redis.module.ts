import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { redisOptionsFromUrl } from './redis-options';
import { watchRedis } from './watch';

export const REDIS = Symbol('REDIS');

/** One shared ioredis client for commands (rate limits, presence, health). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      // On the request path: while Redis is down a command fails at once (`unavailable`) instead of waiting in
      // an offline queue for the reconnection. Start-up waits for the first connection, so nothing fails early.
      useFactory: async (config: AppConfig) => {
        const client = watchRedis(new Redis({ ...redisOptionsFromUrl(config.redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: false, showFriendlyErrorStack: true }), 'commands');
        await ready(client, 10_000);
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Resolves when the client is connected, or after timeoutMs (its commands fail until then, as in an outage). */
function ready(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
    function done() {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    }
  });
}
