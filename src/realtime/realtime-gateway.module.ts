import { Module, type OnModuleInit } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChannelsModule } from '../channels/channels.module';
import { MessagesModule } from '../messages/messages.module';
import { MessagesService } from '../messages/messages.service';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';

/** The Socket.IO gateway; loaded in the `api` and `all` roles. */
@Module({
  imports: [AccountsModule, ChannelsModule, MessagesModule],
  providers: [RealtimeGateway, PresenceService],
})
export class RealtimeGatewayModule implements OnModuleInit {
  constructor(
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
  ) {}

  /** `@here` mentions the members online now: presence lives here, with the sockets. */
  onModuleInit(): void {
    this.messages.usePresence((userIds) => this.presence.statuses(userIds));
  }
}
