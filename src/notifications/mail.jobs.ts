import { Injectable } from '@nestjs/common';
import { MailTransport } from '@lib/mail';
import { OnJob, type JobMap } from '@lib/queue';
import { NotificationsService } from './notifications.service';

/** The mail queue; BullMQ retries with exponential backoff when the SMTP server refuses. */
@Injectable()
export class MailJobs {
  constructor(
    private readonly transport: MailTransport,
    private readonly notifications: NotificationsService,
  ) {}

  @OnJob('mail.send')
  send(mail: JobMap['mail.send']): Promise<void> {
    return this.transport.send(mail);
  }

  @OnJob('mail.notification')
  notification({ notificationId }: JobMap['mail.notification']) {
    return this.notifications.sendEmail(notificationId, this.transport);
  }
}
