import { Module } from '@nestjs/common';
import { MailTransport } from '@lib/mail';
import { JobWorkersModule } from '@lib/queue';
import { NoticesJobs } from './notices/notices.jobs';
import { NoticesModule } from './notices/notices.module';
import { MailJobs } from './notifications/mail.jobs';
import { NotificationsJobs } from './notifications/notifications.jobs';
import { NotificationsModule } from './notifications/notifications.module';

/** The job handlers of every domain and the BullMQ workers; loaded in the `worker` and `all` roles only. */
@Module({
  imports: [JobWorkersModule, NoticesModule, NotificationsModule],
  providers: [MailJobs, MailTransport, NoticesJobs, NotificationsJobs],
})
export class WorkerModule {}
