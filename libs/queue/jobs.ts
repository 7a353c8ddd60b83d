/** Queue names and the typed payload of every job. Job names are `<queue>.<action>`. */
export const QUEUES = {
  mail: 'mail',
  notices: 'notices',
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface MailJob {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** What a batch of notifications is about. */
export type FanoutEvent =
  | { kind: 'mention' | 'reply'; messageId: string }
  | { kind: 'invited_to_channel'; channelId: string; byUserId: string }
  | { kind: 'thread_solved'; threadId: string; byUserId: string }
  | { kind: 'notice'; noticeId: string; reminder?: boolean };

export interface JobMap {
  /** A ready-made e-mail (invitations). */
  'mail.send': MailJob;
  /** The e-mail of one notification, if the recipient still wants it. */
  'mail.notification': { notificationId: string };
  /** Delivers a notice to its audience (zone '*'), or to the part of it in one time zone. */
  'notices.dispatch': { noticeId: string; zone: string };
  /** Reminds the recipients who have not acknowledged. */
  'notices.remind': { noticeId: string };
  /** In-app rows, live pushes and e-mail jobs for up to ~500 recipients of one event. */
  'notifications.fanout': { event: FanoutEvent; userIds: string[] };
  /** Hourly: the daily digest of those whose local time is the digest hour. */
  'notifications.digest': Record<string, never>;
}

export type JobName = keyof JobMap;

/** Which queue carries each job. */
export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'mail.send': QUEUES.mail,
  'mail.notification': QUEUES.mail,
  'notices.dispatch': QUEUES.notices,
  'notices.remind': QUEUES.notices,
  'notifications.fanout': QUEUES.notifications,
  'notifications.digest': QUEUES.notifications,
};

/** Recipients per fan-out job. */
export const FANOUT_BATCH = 500;

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  // Failed jobs are kept for inspection in /admin/queues.
  removeOnFail: false,
} as const;

/**
 * Worker options: a job whose worker died is taken over within about 15-30 s (its lock expires and the next
 * stalled-job check moves it back to waiting), instead of BullMQ's 30-60 s.
 */
export const WORKER_OPTIONS = { lockDuration: 15_000, stalledInterval: 15_000, maxStalledCount: 3 } as const;

/** Jobs each worker process runs at once, per queue. */
export const QUEUE_CONCURRENCY: { [Q in QueueName]: number } = { mail: 4, notices: 2, notifications: 4 };

/** BullMQ job ids may not contain ':'; domain ids and zone names are made safe here. */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}

/** A worker's `error` listener: the first error of an outage is logged; the worker reconnects on its own. */
export function workerErrorLogger(queue: QueueName, logger: { warn(obj: object, msg: string): void }): (err: Error) => void {
  let last = 0;
  return (err: Error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    logger.warn({ err: { message: err.message } }, `worker ${queue}: ${err.message}`);
  };
}
