import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import type { Server } from 'socket.io';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import type { ClientEvents, ServerEventName, ServerEventPayload, ServerEvents } from '@lib/contract';
import { redisOptionsFromUrl, watchRedis } from '@lib/redis';
import { rooms } from './rooms';

type TypedServer = Server<ClientEvents, ServerEvents>;
/** A payload as the typed `emit` takes it (TypeScript does not see `[payload]` as that for a generic event). */
const args = <E extends ServerEventName>(payload: ServerEventPayload<E>) => [payload] as Parameters<ServerEvents[E]>;

/** The Redis key under which the Socket.IO adapter and emitter talk. */
export const socketIoKey = (config: AppConfig) => `${config.redisPrefix}:socket.io`;

/**
 * Emits to rooms from anywhere: through the process's own Socket.IO server (api, all), or through Redis
 * with the Socket.IO emitter where there is none (worker). Either way every node's sockets get it.
 */
@Injectable()
export class RealtimePublisher implements OnApplicationShutdown {
  private server?: TypedServer;
  private emitter?: Emitter;
  private emitterRedis?: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  attach(server: TypedServer): void {
    this.server = server;
  }

  private get target(): Pick<TypedServer, 'to' | 'in'> {
    if (this.server) return this.server;
    // Its own connection that waits out a Redis restart instead of failing the publish.
    this.emitterRedis ??= watchRedis(new Redis({ ...redisOptionsFromUrl(this.config.redisUrl), maxRetriesPerRequest: null }), 'socket.io emitter');
    this.emitter ??= new Emitter(this.emitterRedis, { key: socketIoKey(this.config) });
    // The emitter speaks the same protocol (typed by the same events).
    return this.emitter as unknown as Pick<TypedServer, 'to' | 'in'>;
  }

  toChannel<E extends ServerEventName>(channelId: string, event: E, payload: ServerEventPayload<E>): void {
    this.target.to(rooms.channel(channelId)).emit(event, ...args(payload));
  }

  toUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void {
    this.target.to(rooms.user(userId)).emit(event, ...args(payload));
  }

  toRooms<E extends ServerEventName>(roomNames: string[], event: E, payload: ServerEventPayload<E>): void {
    if (roomNames.length) this.target.to(roomNames).emit(event, ...args(payload));
  }

  /** Every socket of these users, on every node, joins the channel's room. */
  joinChannel(userIds: string[], channelId: string): void {
    if (userIds.length) this.target.in(userIds.map(rooms.user)).socketsJoin(rooms.channel(channelId));
  }

  leaveChannel(userIds: string[], channelId: string): void {
    if (userIds.length) this.target.in(userIds.map(rooms.user)).socketsLeave(rooms.channel(channelId));
  }

  disconnectUser(userId: string): void {
    this.target.in(rooms.user(userId)).disconnectSockets(true);
  }

  disconnectSession(sessionId: string): void {
    this.target.in(rooms.session(sessionId)).disconnectSockets(true);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emitterRedis?.quit().catch(() => undefined);
  }
}
