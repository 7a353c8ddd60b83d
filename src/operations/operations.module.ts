import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsMiddleware } from './metrics.middleware';
import { MetricsService } from './metrics.service';
import { OperationsController } from './operations.controller';
import { RedisHealth } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [OperationsController],
  providers: [MetricsService, RedisHealth],
  exports: [MetricsService],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsMiddleware).forRoutes('{*path}');
  }
}
