import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { REDIS } from '@lib/redis';
import { JobQueue } from '@lib/queue';

@Injectable()
export class RedisHealth {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly jobs: JobQueue,
    private readonly health: HealthIndicatorService,
  ) {}

  async redisPing(key = 'redis') {
    const check = this.health.check(key);
    try {
      await withTimeout(this.redis.ping(), 2000);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  /** Every queue answers (its Redis connection works and its keys are readable). */
  async queues(key = 'queues') {
    const check = this.health.check(key);
    try {
      const counts = await withTimeout(Promise.all(this.jobs.allQueues().map(async (q) => [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed')] as const)), 2000);
      return check.up(Object.fromEntries(counts));
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}
