import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { MailTransport } from '@lib/mail';
import { QUEUES, type JobMap, type JobName } from '@lib/queue';

/** Sends queued e-mail; BullMQ retries with exponential backoff when the SMTP server refuses. */
@Processor(QUEUES.mail)
export class MailProcessor extends WorkerHost {
  static readonly jobs: JobName[] = ['mail.send'];
  private readonly logger = new Logger('MailProcessor');

  constructor(private readonly transport: MailTransport) {
    super();
  }

  async process(job: Job<JobMap['mail.send']>): Promise<void> {
    if (job.name !== 'mail.send') throw new Error(`MailProcessor cannot handle ${job.name}`);
    await this.transport.send(job.data);
    this.logger.debug({ jobId: job.id, to: job.data.to }, 'E-mail sent');
  }
}
