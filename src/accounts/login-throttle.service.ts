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
  private readonly resetPerIp: RateLimiterRedis;
  private readonly resetPerAddress: RateLimiterRedis;

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
    const reset = config.passwordReset;
    this.resetPerIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:rl:reset-ip`,
      points: reset.maxPerIp,
      duration: reset.windowSeconds,
    });
    this.resetPerAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:rl:reset-address`,
      points: reset.maxPerAddress,
      duration: reset.windowSeconds,
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

  /** Counts an attempt from this IP against the login limit (reset tokens, 2FA codes outside login). */
  async checkIp(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw throttled(err);
      throw err;
    }
  }

  /** Whether the account is over its failure limit (without counting an attempt). */
  async checkAccount(email: string): Promise<void> {
    const account = await this.perAccount.get(email);
    if (account && account.consumedPoints >= this.config.login.maxFailuresPerAccount) throw throttled(account);
  }

  /**
   * A password-reset request, counted per IP and per address whether or not the address has an account,
   * so the answer never tells the two apart.
   */
  async checkResetRequest(ip: string, email: string): Promise<void> {
    for (const [limiter, key] of [[this.resetPerIp, ip], [this.resetPerAddress, email]] as const) {
      try {
        await limiter.consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          throw new AppError('reset_throttled', { retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) });
        }
        throw err;
      }
    }
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
