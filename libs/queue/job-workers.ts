import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Worker, type Queue } from 'bullmq';
import { JobRegistry } from './job-registry';
import { QUEUE_CONCURRENCY, QUEUES, WORKER_OPTIONS, workerErrorLogger } from './jobs';

/** One BullMQ worker per queue, started once the registry has found every handler; each job in its own ORM context. */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorkers');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registry: JobRegistry,
    private readonly orm: MikroORM,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(QUEUES)) {
      const { connection, prefix } = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).opts;
      const worker = new Worker(name, (job) => RequestContext.create(this.orm.em, () => this.registry.dispatch(job)), {
        connection,
        prefix,
        ...WORKER_OPTIONS,
        concurrency: QUEUE_CONCURRENCY[name],
      });
      worker.on('error', workerErrorLogger(name, this.logger));
      this.workers.push(worker);
    }
  }

  /** Waits for the jobs in flight, before Redis and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/** The job registry and the workers: imported only where workers run (roles `worker` and `all`). */
@Module({
  imports: [DiscoveryModule],
  providers: [JobRegistry, JobWorkers],
  exports: [JobRegistry],
})
export class JobWorkersModule {}
