import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MailTransport } from '@lib/mail';
import { JOB_QUEUE, JobQueue, OnJob, type JobMap } from '@lib/queue';
import { NotificationsService } from './notifications.service';

/** The notifications queue: fan-out batches and the hourly digest run. */
@Injectable()
export class NotificationsJobs implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly transport: MailTransport,
    private readonly jobs: JobQueue,
  ) {}

  /** The hourly digest run (one schedule, whatever the number of workers). */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.queue(JOB_QUEUE['notifications.digest']).upsertJobScheduler('notifications-digest', { pattern: '0 * * * *' }, { name: 'notifications.digest', data: {} });
  }

  @OnJob('notifications.fanout')
  fanout({ event, userIds }: JobMap['notifications.fanout']) {
    return this.notifications.fanout(event, userIds);
  }

  @OnJob('notifications.digest')
  digest(): Promise<number> {
    return this.notifications.sendDigests(this.transport);
  }
}
