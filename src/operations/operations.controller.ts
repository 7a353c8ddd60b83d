import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@lib/auth';
import { API } from '../api';
import { MetricsService } from './metrics.service';
import { RedisHealth } from './redis.health';

/** Served under /api/v1 and, for probes and scrapers, at the root too (/health/live, /health/ready, /metrics). */
@ApiTags('operations')
@Public()
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: MikroOrmHealthIndicator,
    private readonly redis: RedisHealth,
    private readonly metrics: MetricsService,
  ) {}

  @Get([`${API}/health/live`, 'health/live'])
  @ApiOkResponse({ description: 'The process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get([`${API}/health/ready`, 'health/ready'])
  @HealthCheck()
  @ApiOkResponse({ description: 'Database, Redis and the queues answer' })
  @ApiServiceUnavailableResponse({ description: 'One of them does not; the body says which' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.redis.redisPing('redis'),
      () => this.redis.queues('queues'),
    ]);
  }

  @Get([`${API}/metrics`, 'metrics'])
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: 'Prometheus text format' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
