/** Queue names and the typed payload of every job. Job names are `<queue>.<action>`. */
export const QUEUES = {
  mail: 'mail',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface MailJob {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface JobMap {
  'mail.send': MailJob;
}

export type JobName = keyof JobMap;

/** Which queue carries each job. */
export const JOB_QUEUE: { [K in JobName]: QueueName } = {
  'mail.send': QUEUES.mail,
};

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  // Failed jobs are kept for inspection in /admin/queues.
  removeOnFail: false,
} as const;
