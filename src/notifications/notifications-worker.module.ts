import { Module, type OnModuleInit } from '@nestjs/common';
import { MailTransport } from '@lib/mail';
import { JOB_QUEUE, type JobName } from '@lib/queue';
import { MailProcessor } from './mail.processor';

const PROCESSORS = [MailProcessor];

/** BullMQ workers; loaded in the `worker` and `all` roles only. */
@Module({
  providers: [MailTransport, ...PROCESSORS],
})
export class NotificationsWorkerModule implements OnModuleInit {
  /** Refuses to start when a job has no processor. */
  onModuleInit(): void {
    const handled = new Set<JobName>(PROCESSORS.flatMap((p) => p.jobs));
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((j) => !handled.has(j));
    if (missing.length) throw new Error(`No processor for job(s): ${missing.join(', ')}`);
  }
}
