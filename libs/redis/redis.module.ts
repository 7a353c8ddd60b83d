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
      // On the request path: while Redis is down a command fails after a few reconnect attempts (`unavailable`)
      // instead of waiting for it.
      useFactory: (config: AppConfig) =>
        watchRedis(new Redis({ ...redisOptionsFromUrl(config.redisUrl), maxRetriesPerRequest: 3, enableOfflineQueue: true, showFriendlyErrorStack: true }), 'commands'),
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
