import { MikroORM, RequestContext } from '@mikro-orm/core';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MailTransport } from '@lib/mail';
import { QUEUES, WORKER_OPTIONS, workerErrorLogger, type JobMap, type JobName } from '@lib/queue';
import { NotificationsService } from './notifications.service';

/** Sends e-mail; BullMQ retries with exponential backoff when the SMTP server refuses. */
@Processor(QUEUES.mail, { ...WORKER_OPTIONS, concurrency: 4 })
export class MailProcessor extends WorkerHost {
  private readonly logError = workerErrorLogger(QUEUES.mail, new Logger('MailProcessor'));

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logError(err);
  }

  static readonly jobs: JobName[] = ['mail.send', 'mail.notification'];

  constructor(
    private readonly orm: MikroORM,
    private readonly transport: MailTransport,
    private readonly notifications: NotificationsService,
  ) {
    super();
  }

  /** Every job runs in its own ORM context. */
  async process(job: Job): Promise<unknown> {
    return RequestContext.create(this.orm.em, () => this.handle(job));
  }

  private async handle(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case 'mail.send':
        return this.transport.send((job as Job<JobMap['mail.send']>).data);
      case 'mail.notification':
        return this.notifications.sendEmail((job as Job<JobMap['mail.notification']>).data.notificationId, this.transport);
      default:
        throw new Error(`MailProcessor cannot handle ${job.name}`);
    }
  }
}
