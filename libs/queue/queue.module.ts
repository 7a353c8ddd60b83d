import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './jobs';
import { JobQueue } from './job-queue.service';

/** BullMQ connection, every queue, and a typed producer (JobQueue). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    const queues = Object.values(QUEUES).map((name) => ({ name, defaultJobOptions: DEFAULT_JOB_OPTIONS }));
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: { url: config.redisUrl, maxRetriesPerRequest: null },
            prefix: `${config.redisPrefix}:bull`,
          }),
        }),
        BullModule.registerQueue(...queues),
      ],
      providers: [JobQueue],
      exports: [BullModule, JobQueue],
    };
  }
}
