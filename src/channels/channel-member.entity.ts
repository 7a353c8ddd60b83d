import { Entity, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { ChannelRole } from '@lib/contract';
import { BaseEntity } from '@lib/database';
import { User } from '../accounts/user.entity';
import { Channel } from './channel.entity';

@Entity({ tableName: 'channel_members' })
@Unique({ properties: ['channel', 'user'] })
/** One membership; `createdAt` is when the user joined. */
export class ChannelMember extends BaseEntity {
  @ManyToOne(() => Channel, { deleteRule: 'cascade' })
  channel!: Channel;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 10 })
  role: Opt<ChannelRole> = 'member';

  @Property({ type: 'integer' })
  lastReadSeq: Opt<number> = 0;
}
