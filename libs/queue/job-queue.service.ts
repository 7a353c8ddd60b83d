import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { AppError } from '@lib/errors';
import { JOB_QUEUE, QUEUES, type JobMap, type JobName, type QueueName } from './jobs';

/** How long an add may wait for Redis before the request answers `unavailable` (the add may still land later). */
const ADD_TIMEOUT_MS = 5000;

/** Typed producer: `add('mail.send', payload, jobId)`. A jobId built from domain ids makes the add idempotent. */
@Injectable()
export class JobQueue implements OnModuleInit {
  private readonly logger = new Logger('JobQueue');
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Every queue gets an `error` handler: a Redis restart is logged, never thrown. */
  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      let down = false;
      const q = this.queue(name);
      q.on('error', (err: Error) => {
        if (!down) this.logger.warn({ err: { message: err.message } }, `queue ${name}: Redis connection lost`);
        down = true;
      });
      void redisOf(q).then((c) => c.on('ready', () => (down = false))).catch(() => undefined);
    }
  }

  /**
   * An add that Redis has not taken within ADD_TIMEOUT_MS answers `unavailable` instead of holding the request
   * until Redis returns. The add itself stays queued in ioredis and lands when Redis is back, so work already
   * stored (a notice, say) is still dispatched; adds are keyed by jobId, so a retry never doubles a job.
   */
  private async guarded(add: () => Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('unavailable')), ADD_TIMEOUT_MS);
    });
    const work = add();
    work.catch(() => undefined);
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<K extends JobName>(name: K, data: JobMap[K], jobId: string, opts: JobsOptions = {}): Promise<void> {
    const q = this.queue(JOB_QUEUE[name]);
    await this.guarded(() => q.add(name, data, { ...opts, jobId }));
  }

  /** Many jobs of one name in one round trip. */
  async addBulk<K extends JobName>(name: K, jobs: { data: JobMap[K]; jobId: string; opts?: JobsOptions }[]): Promise<void> {
    if (!jobs.length) return;
    const q = this.queue(JOB_QUEUE[name]);
    await this.guarded(() => q.addBulk(jobs.map((j) => ({ name, data: j.data, opts: { ...j.opts, jobId: j.jobId } }))));
  }

  allQueues(): Queue[] {
    return [...new Set(Object.values(JOB_QUEUE))].map((n) => this.queue(n));
  }
}

/** The queue's ioredis client (the Redis backend's escape hatch). */
async function redisOf(q: Queue): Promise<{ status: string; on(event: 'ready', fn: () => void): unknown }> {
  return (await (q.backend as unknown as { client: Promise<unknown> }).client) as { status: string; on(event: 'ready', fn: () => void): unknown };
}
