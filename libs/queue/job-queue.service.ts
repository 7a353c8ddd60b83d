import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, type JobMap, type JobName, type QueueName } from './jobs';

/** Typed producer: `add('mail.send', payload, jobId)`. A jobId built from domain ids makes the add idempotent. */
@Injectable()
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<K extends JobName>(name: K, data: JobMap[K], jobId: string, opts: JobsOptions = {}): Promise<void> {
    await this.queue(JOB_QUEUE[name]).add(name, data, { ...opts, jobId });
  }

  /** Many jobs of one name in one round trip. */
  async addBulk<K extends JobName>(name: K, jobs: { data: JobMap[K]; jobId: string; opts?: JobsOptions }[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue(JOB_QUEUE[name]).addBulk(jobs.map((j) => ({ name, data: j.data, opts: { ...j.opts, jobId: j.jobId } })));
  }

  allQueues(): Queue[] {
    return [...new Set(Object.values(JOB_QUEUE))].map((n) => this.queue(n));
  }
}
