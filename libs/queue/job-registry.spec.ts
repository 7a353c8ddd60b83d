import { Injectable, Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { JobRegistry, OnJob } from './job-registry';
import type { JobMap } from './jobs';

const calls: { handler: string; payload: unknown; job: unknown }[] = [];

@Injectable()
class MailHandlers {
  @OnJob('mail.send')
  send(mail: JobMap['mail.send'], job: Job) {
    calls.push({ handler: 'MailHandlers.send', payload: mail, job });
    return 'sent';
  }

  @OnJob('mail.notification')
  notification(p: JobMap['mail.notification']) {
    calls.push({ handler: 'MailHandlers.notification', payload: p, job: undefined });
  }
}

@Injectable()
class NoticeHandlers {
  @OnJob('notices.dispatch')
  dispatch(p: JobMap['notices.dispatch']) {
    calls.push({ handler: 'NoticeHandlers.dispatch', payload: p, job: undefined });
  }

  /** Not a handler: the registry leaves it alone. */
  helper() {
    return 1;
  }
}

@Injectable()
class RemindHandler {
  @OnJob('notices.remind')
  remind(p: JobMap['notices.remind']) {
    calls.push({ handler: 'RemindHandler.remind', payload: p, job: undefined });
  }
}

@Injectable()
class NotificationHandlers {
  @OnJob('notifications.fanout')
  fanout(p: JobMap['notifications.fanout']) {
    calls.push({ handler: 'NotificationHandlers.fanout', payload: p, job: undefined });
  }

  @OnJob('notifications.digest')
  digest() {
    calls.push({ handler: 'NotificationHandlers.digest', payload: undefined, job: undefined });
  }
}

@Injectable()
class SecondMailSender {
  @OnJob('mail.send')
  deliver(mail: JobMap['mail.send']) {
    return mail.to;
  }
}

/** Boots a module with the registry and these providers, spread over two modules as in the app. */
async function boot(...providers: Type[]): Promise<JobRegistry> {
  const [first, ...rest] = providers;
  @Module({ providers: rest })
  class OtherDomainModule {}
  const ref = await Test.createTestingModule({ imports: [DiscoveryModule, OtherDomainModule], providers: [JobRegistry, first] }).compile();
  await ref.init();
  return ref.get(JobRegistry);
}

const job = <K extends keyof JobMap>(name: K, data: JobMap[K]) => ({ name, data }) as Job<JobMap[K]>;

describe('JobRegistry', () => {
  beforeEach(() => (calls.length = 0));

  it('refuses to boot when a job has no handler, naming it', async () => {
    await expect(boot(MailHandlers, NoticeHandlers, NotificationHandlers)).rejects.toThrow('Job handlers do not match the job map: no handler for notices.remind');
  });

  it('refuses to boot when a job has two handlers, naming both', async () => {
    await expect(boot(MailHandlers, NoticeHandlers, RemindHandler, NotificationHandlers, SecondMailSender)).rejects.toThrow(
      'more than one handler for mail.send (MailHandlers.send, SecondMailSender.deliver)',
    );
  });

  it('lists every problem at once', async () => {
    await expect(boot(MailHandlers, SecondMailSender)).rejects.toThrow(
      'no handler for notices.dispatch, notices.remind, notifications.fanout, notifications.digest; more than one handler for mail.send',
    );
  });

  it('dispatches each job by name to its method with the payload and the job', async () => {
    const registry = await boot(MailHandlers, NoticeHandlers, RemindHandler, NotificationHandlers);
    const mail = job('mail.send', { to: 'a@example.org', subject: 'Hi', text: 'Hello' });
    expect(await registry.dispatch(mail)).toBe('sent');
    await registry.dispatch(job('notices.dispatch', { noticeId: 'n1', zone: 'Asia/Baku' }));
    await registry.dispatch(job('notices.remind', { noticeId: 'n2' }));
    await registry.dispatch(job('notifications.fanout', { event: { kind: 'mention', messageId: 'm1' }, userIds: ['u1', 'u2'] }));
    expect(calls).toEqual([
      { handler: 'MailHandlers.send', payload: { to: 'a@example.org', subject: 'Hi', text: 'Hello' }, job: mail },
      { handler: 'NoticeHandlers.dispatch', payload: { noticeId: 'n1', zone: 'Asia/Baku' }, job: undefined },
      { handler: 'RemindHandler.remind', payload: { noticeId: 'n2' }, job: undefined },
      { handler: 'NotificationHandlers.fanout', payload: { event: { kind: 'mention', messageId: 'm1' }, userIds: ['u1', 'u2'] }, job: undefined },
    ]);
  });

  it('rejects a job whose name it does not know', async () => {
    const registry = await boot(MailHandlers, NoticeHandlers, RemindHandler, NotificationHandlers);
    await expect(registry.dispatch({ name: 'mail.unknown', data: {} } as Job)).rejects.toThrow('No handler for job mail.unknown');
  });
});
