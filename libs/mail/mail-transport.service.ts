import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import type { MailJob } from '@lib/queue';

/**
 * Sends e-mail over SMTP_URL. Without SMTP_URL every message is written to the log in full,
 * so nothing is lost silently on a developer machine.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transporter?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) this.transporter = createTransport(config.smtpUrl);
  }

  async send(mail: MailJob): Promise<void> {
    if (!this.transporter) {
      this.logger.log({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, `E-mail (no SMTP_URL set) to ${mail.to}: ${mail.subject}`);
      return;
    }
    await this.transporter.sendMail({ from: this.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
