import { Global, Module } from '@nestjs/common';
import { RealtimePublisher } from './publisher';

@Global()
@Module({ providers: [RealtimePublisher], exports: [RealtimePublisher] })
export class RealtimeModule {}
