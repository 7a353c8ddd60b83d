import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChannelsModule } from '../channels/channels.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SearchModule } from '../search/search.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { SendLimiter } from './send-limiter';

@Module({
  imports: [AuditModule, ChannelsModule, NotificationsModule, SearchModule],
  controllers: [MessagesController],
  providers: [MessagesService, SendLimiter],
  exports: [MessagesService],
})
export class MessagesModule {}
