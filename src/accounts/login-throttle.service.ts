import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { AppError } from '@lib/errors';
import { REDIS } from '@lib/redis';

/**
 * Login throttling shared by every api process through Redis:
 * - per IP: LOGIN_MAX_ATTEMPTS_PER_IP attempts (right or wrong) per LOGIN_WINDOW_SECONDS;
 * - per account: after LOGIN_MAX_FAILURES_PER_ACCOUNT failed attempts the account refuses logins until the
 *   window has passed; a successful login clears its count.
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { windowSeconds, maxAttemptsPerIp, maxFailuresPerAccount } = config.login;
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:rl:login-ip`,
      points: maxAttemptsPerIp,
      duration: windowSeconds,
    });
    this.perAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:rl:login-account`,
      points: maxFailuresPerAccount,
      duration: windowSeconds,
    });
  }

  /** Counts an attempt from this IP and refuses when the IP or the account is over its limit. */
  async check(ip: string, email: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw throttled(err);
      throw err;
    }
    const account = await this.perAccount.get(email);
    if (account && account.consumedPoints >= this.config.login.maxFailuresPerAccount) throw throttled(account);
  }

  async failed(email: string): Promise<void> {
    await this.perAccount.penalty(email, 1);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }
}

function throttled(res: RateLimiterRes): AppError {
  return new AppError('login_throttled', { retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) });
}
