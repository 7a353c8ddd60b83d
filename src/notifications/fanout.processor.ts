import { MikroORM, RequestContext } from '@mikro-orm/core';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MailTransport } from '@lib/mail';
import { QUEUES, WORKER_OPTIONS, workerErrorLogger, type JobMap, type JobName } from '@lib/queue';
import { NoticesService } from '../notices/notices.service';
import { NotificationsService } from './notifications.service';

@Processor(QUEUES.notifications, { ...WORKER_OPTIONS, concurrency: 4 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logError = workerErrorLogger(QUEUES.notifications, new Logger('NotificationsProcessor'));

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logError(err);
  }

  static readonly jobs: JobName[] = ['notifications.fanout', 'notifications.digest'];

  constructor(
    private readonly orm: MikroORM,
    private readonly notifications: NotificationsService,
    private readonly transport: MailTransport,
  ) {
    super();
  }

  /** Every job runs in its own ORM context. */
  async process(job: Job): Promise<unknown> {
    return RequestContext.create(this.orm.em, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'notifications.fanout': {
        const { event, userIds } = (job as Job<JobMap['notifications.fanout']>).data;
        return this.notifications.fanout(event, userIds);
      }
      case 'notifications.digest':
        return this.notifications.sendDigests(this.transport);
      default:
        throw new Error(`NotificationsProcessor cannot handle ${job.name}`);
    }
  }
}

@Processor(QUEUES.notices, { ...WORKER_OPTIONS, concurrency: 2 })
export class NoticesProcessor extends WorkerHost {
  private readonly logError = workerErrorLogger(QUEUES.notices, new Logger('NoticesProcessor'));

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logError(err);
  }

  static readonly jobs: JobName[] = ['notices.dispatch', 'notices.remind'];

  constructor(
    private readonly orm: MikroORM,
    private readonly notices: NoticesService,
  ) {
    super();
  }

  /** Every job runs in its own ORM context. */
  async process(job: Job): Promise<unknown> {
    return RequestContext.create(this.orm.em, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'notices.dispatch': {
        const { noticeId, zone } = (job as Job<JobMap['notices.dispatch']>).data;
        return this.notices.dispatch(noticeId, zone);
      }
      case 'notices.remind':
        return this.notices.remind((job as Job<JobMap['notices.remind']>).data.noticeId);
      default:
        throw new Error(`NoticesProcessor cannot handle ${job.name}`);
    }
  }
}
