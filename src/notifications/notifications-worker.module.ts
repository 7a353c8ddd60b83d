import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { MailTransport } from '@lib/mail';
import { JOB_QUEUE, JobQueue, type JobName } from '@lib/queue';
import { NoticesModule } from '../notices/notices.module';
import { NoticesProcessor, NotificationsProcessor } from './fanout.processor';
import { MailProcessor } from './mail.processor';
import { NotificationsModule } from './notifications.module';

const PROCESSORS = [MailProcessor, NotificationsProcessor, NoticesProcessor];

/** BullMQ workers; loaded in the `worker` and `all` roles only. */
@Module({
  imports: [NotificationsModule, NoticesModule],
  providers: [MailTransport, ...PROCESSORS],
})
export class NotificationsWorkerModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  /** Refuses to start when a job has no processor. */
  onModuleInit(): void {
    const handled = new Set<JobName>(PROCESSORS.flatMap((p) => p.jobs));
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((j) => !handled.has(j));
    if (missing.length) throw new Error(`No processor for job(s): ${missing.join(', ')}`);
  }

  /** The hourly digest run (one schedule, whatever the number of workers). */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.queue(JOB_QUEUE['notifications.digest']).upsertJobScheduler('notifications-digest', { pattern: '0 * * * *' }, { name: 'notifications.digest', data: {} });
  }
}
