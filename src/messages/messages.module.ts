import { Module } from '@nestjs/common';
import { KeyedLock } from '@lib/database';
import { ChannelsModule } from '../channels/channels.module';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { SendLimiter } from './send-limiter';

@Module({
  imports: [ChannelsModule],
  controllers: [MessagesController],
  providers: [MessagesService, SendLimiter, KeyedLock],
  exports: [MessagesService],
})
export class MessagesModule {}
