import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { newId } from '@lib/database';
import { Channel } from '../../src/channels/channel.entity';
import { Message } from '../../src/messages/message.entity';
import type { TestApp } from './app';

/**
 * Writes `count` messages ("Xabar 1" … "Xabar N", one minute apart, ending now) straight into an empty channel,
 * with the channel's counters, for tests and benchmarks that need a long history without the send path.
 */
export async function seedMessages(t: TestApp, channelId: string, authorId: string, count: number): Promise<void> {
  const em = t.app.get(MikroORM).em.fork() as EntityManager;
  const start = Date.now() - count * 60_000;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    channel: channelId,
    seq: i + 1,
    version: i + 1,
    author: authorId,
    clientId: `seed-${i + 1}`,
    body: `Xabar ${i + 1}`,
    threadId: null,
    mentions: [],
    reactions: [],
    replyCount: 0,
    createdAt: new Date(start + i * 60_000),
  }));
  for (let i = 0; i < rows.length; i += 500) await em.insertMany(Message, rows.slice(i, i + 500));
  await em.nativeUpdate(Channel, { id: channelId }, { lastSeq: count, version: count });
}
