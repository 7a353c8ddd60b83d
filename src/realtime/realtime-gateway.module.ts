import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChannelsModule } from '../channels/channels.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';

/** The Socket.IO gateway; loaded in the `api` and `all` roles. */
@Module({
  imports: [AccountsModule, ChannelsModule, MessagesModule],
  providers: [RealtimeGateway, PresenceService],
})
export class RealtimeGatewayModule {}
