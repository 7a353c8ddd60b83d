import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { AppError } from '@lib/errors';
import { REDIS } from '@lib/redis';

/** Per-user send limit shared by every api process: MESSAGE_RATE_LIMIT_PER_10S messages per 10 seconds. */
@Injectable()
export class SendLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:rl:send`,
      points: config.messageRateLimitPer10s,
      duration: 10,
    });
  }

  async consume(userId: string): Promise<void> {
    try {
      await this.limiter.consume(userId);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AppError('rate_limited', { message: 'You are sending messages too fast', retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) });
      }
      throw err;
    }
  }
}
