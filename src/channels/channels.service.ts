import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { newId } from '@lib/database';
import type { User } from '../accounts/user.entity';
import { ChannelMember } from './channel-member.entity';
import { Channel } from './channel.entity';

export const ANNOUNCEMENT_CHANNEL_NAME = 'Announcements';

@Injectable()
export class ChannelsService {
  constructor(private readonly em: EntityManager) {}

  /** Creates the country channel unless it exists (the unique country code settles races). */
  async ensureCountryChannel(em: EntityManager, countryCode: string, name: string): Promise<void> {
    await (em as SqlEntityManager)
      .createQueryBuilder(Channel)
      .insert({ id: newId(), kind: 'country', name, visibility: 'public', countryCode, lastSeq: 0, version: 0, createdAt: new Date() })
      .onConflict('country_code')
      .ignore()
      .execute('run');
  }

  /** The union-wide announcement channel; its system key makes it one even when processes start together. */
  async ensureAnnouncementChannel(em: EntityManager): Promise<Channel> {
    await (em as SqlEntityManager)
      .createQueryBuilder(Channel)
      .insert({ id: newId(), kind: 'announcement', name: ANNOUNCEMENT_CHANNEL_NAME, visibility: 'public', systemKey: 'announcement', lastSeq: 0, version: 0, createdAt: new Date() })
      .onConflict('system_key')
      .ignore()
      .execute('run');
    return em.findOneOrFail(Channel, { systemKey: 'announcement' });
  }

  /** countryCode → channel id for every country channel. */
  async countryChannelIds(): Promise<Map<string, string>> {
    const rows = await this.em.find(Channel, { kind: 'country' }, { fields: ['id', 'countryCode'] });
    return new Map(rows.map((c) => [c.countryCode!, c.id]));
  }

  /** Puts a new official into their country channel and the announcement channel (in em's unit of work). */
  async joinDefaultChannels(em: EntityManager, user: User): Promise<void> {
    const channels = await em.find(Channel, {
      $or: [{ systemKey: 'announcement' }, ...(user.countryCode ? [{ kind: 'country' as const, countryCode: user.countryCode }] : [])],
    });
    const joined = await em.find(ChannelMember, { user: user.id, channel: { $in: channels.map((c) => c.id) } });
    const joinedIds = new Set(joined.map((m) => m.channel.id));
    for (const channel of channels) {
      if (!joinedIds.has(channel.id)) em.persist(em.create(ChannelMember, { channel, user, role: 'member' }));
    }
  }
}
