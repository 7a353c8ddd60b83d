import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '@lib/auth';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { AppError, isUnavailableError, toAppError } from '@lib/errors';
import { inputProblem } from '@lib/http';
import type { Ack, ClientEventAck, ClientEvents, PresenceStatus, ServerEvents } from '@lib/contract';
import { RealtimePublisher, rooms } from '@lib/realtime';
import { AccountsService } from '../accounts/accounts.service';
import { User } from '../accounts/user.entity';
import { ChannelsService } from '../channels/channels.service';
import { MessageIdDto, PresenceDto, PresenceWatchDto, ReactionDto, ReadDto, SendMessageDto, SocketEditMessageDto, SyncDto, TypingDto } from '../messages/dto/message.dto';
import { MessagesService } from '../messages/messages.service';
import { PresenceService } from './presence.service';

interface SocketData {
  user: AuthUser;
  displayName: string;
}
type BirlikSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type BirlikServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

const TYPING_EVERY_MS = 2000;
const MAX_PAYLOAD_DEPTH = 8;

/**
 * Socket.IO: authenticates the handshake, subscribes each socket to its user, session and channel rooms, and
 * answers every client event with an ack. Each event runs in its own ORM context; no payload can throw out of
 * a handler, so none can crash the process or drop the connection.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('RealtimeGateway');
  private readonly lastTyping = new Map<string, number>();
  /** Handlers and presence updates still running; shutdown waits for them before Redis and the database close. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  @WebSocketServer() server!: BirlikServer;

  constructor(
    private readonly orm: MikroORM,
    private readonly accounts: AccountsService,
    private readonly channels: ChannelsService,
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
    private readonly publisher: RealtimePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: BirlikServer): void {
    this.publisher.attach(server);
    // Authentication, rooms and presence are all settled before the client sees `connect`.
    server.use((socket, next) => {
      if (this.closing) return next(new Error('unavailable'));
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      void this.track(RequestContext.create(this.orm.em, async () => {
        const user = await this.accounts.authenticate(token);
        if (!user) return next(new Error('unauthorized'));
        // Until a required two-factor set-up is done, the account has only the HTTP set-up routes.
        if (user.twoFactorSetupRequired) return next(new Error('2fa_setup_required'));
        const u = await this.orm.em.findOne(User, { id: user.id }, { fields: ['displayName'] });
        const data = socket.data as SocketData;
        data.user = user;
        data.displayName = u?.displayName ?? '';
        const channelIds = await this.channels.channelIdsOf(user.id);
        await socket.join([rooms.user(user.id), rooms.session(user.sessionId), ...channelIds.map(rooms.channel)]);
        await this.presence.connected(user.id, socket.id);
        next();
      }).catch((err: unknown) => {
        // An outage is not a bad token: `unauthorized` would send the client into a token-refresh loop.
        const unavailable = isUnavailableError(err);
        if (unavailable) this.logger.warn({ err }, 'socket set-up failed: a service is unavailable');
        else this.logger.error({ err }, 'socket set-up failed');
        next(new Error(unavailable ? 'unavailable' : 'unauthorized'));
      }));
    });
    this.presence.onChange = (userId, status) => this.publishPresence(userId, status);
  }

  /** Authentication and rooms are settled in the handshake middleware (afterInit); here only the per-user cap. */
  handleConnection(socket: BirlikSocket): void {
    const { user } = socket.data;
    if (user) void this.track(this.capSockets(user.id));
  }

  /** Past MAX_SOCKETS_PER_USER, the user's oldest sockets close, on whichever process holds them. */
  private async capSockets(userId: string): Promise<void> {
    try {
      // The cheap count first; asking every node for its sockets only when the cap is passed.
      if ((await this.presence.liveSockets(userId)) <= this.config.maxSocketsPerUser) return;
      const sockets = await this.server.in(rooms.user(userId)).fetchSockets();
      const excess = sockets.length - this.config.maxSocketsPerUser;
      if (excess <= 0) return;
      const oldest = [...sockets].sort((a, b) => a.handshake.issued - b.handshake.issued || a.id.localeCompare(b.id)).slice(0, excess);
      for (const s of oldest) {
        // The client learns it should not reconnect (it would only close the next oldest).
        s.emit('socket:closing', { reason: 'too_many_sockets' });
        s.disconnect(true);
      }
    } catch (err) {
      this.logger.warn({ err }, 'socket cap check failed');
    }
  }

  async handleDisconnect(socket: BirlikSocket): Promise<void> {
    const { user } = socket.data;
    if (!user) return;
    for (const key of this.lastTyping.keys()) if (key.startsWith(`${socket.id}:`)) this.lastTyping.delete(key);
    await this.track(this.presence.disconnected(user.id, socket.id)).catch((err: unknown) => this.logger.warn({ err }, 'presence update failed'));
  }

  /**
   * Shutdown, before Redis and the database close: refuse new sockets and events, close this process's sockets,
   * then wait for the handlers still running.
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.server?.local.disconnectSockets(true);
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  @SubscribeMessage('message:send')
  send(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'message:send'>> {
    return this.handle(s, SendMessageDto, p, async (user, dto) => ({ message: await this.messages.send(user, dto) }));
  }

  @SubscribeMessage('message:edit')
  edit(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'message:edit'>> {
    return this.handle(s, SocketEditMessageDto, p, async (user, dto) => ({ message: await this.messages.edit(user, dto.messageId, dto.body) }));
  }

  @SubscribeMessage('message:delete')
  remove(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'message:delete'>> {
    return this.handle(s, MessageIdDto, p, async (user, dto) => {
      await this.messages.delete(user, dto.messageId);
      return {};
    });
  }

  @SubscribeMessage('reaction:toggle')
  react(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'reaction:toggle'>> {
    return this.handle(s, ReactionDto, p, async (user, dto) => ({ message: await this.messages.toggleReaction(user, dto.messageId, dto.emoji) }));
  }

  /** At most one typing event per socket and channel every 2 seconds reaches the others. */
  @SubscribeMessage('typing')
  typing(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'typing'>> {
    return this.handle(s, TypingDto, p, async (user, dto) => {
      const key = `${s.id}:${dto.channelId}:${dto.threadId ?? ''}`;
      const now = Date.now();
      if (now - (this.lastTyping.get(key) ?? 0) < TYPING_EVERY_MS) return {};
      await this.channels.requireMember(user, dto.channelId);
      this.lastTyping.set(key, now);
      s.to(rooms.channel(dto.channelId)).emit('typing', { channelId: dto.channelId, threadId: dto.threadId ?? null, userId: user.id, displayName: s.data.displayName });
      return {};
    });
  }

  @SubscribeMessage('channel:read')
  read(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'channel:read'>> {
    return this.handle(s, ReadDto, p, async (user, dto) => {
      const seq = await this.channels.markRead(user.id, dto.channelId, dto.seq);
      this.publisher.toUser(user.id, 'channel:read', { channelId: dto.channelId, userId: user.id, seq });
      return { seq };
    });
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'sync'>> {
    return this.handle(s, SyncDto, p, (user, dto) => this.messages.sync(user, dto.channels));
  }

  /** Beside the contract: a tab reports itself away (idle) or back; the user is away when all their tabs are. */
  @SubscribeMessage('presence:set')
  setPresence(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'presence:set'>> {
    return this.handle(s, PresenceDto, p, async (user, dto) => {
      await this.presence.setAway(user.id, s.id, dto.status === 'away');
      return {};
    });
  }

  /**
   * Beside the contract: follow the presence of these users (the people on screen). Presence is pushed to the
   * user's own tabs, to their direct channels and to the sockets that watch them — never to whole country or
   * announcement channels, where N people connecting would cost N² frames.
   */
  @SubscribeMessage('presence:watch')
  watchPresence(@ConnectedSocket() s: BirlikSocket, @MessageBody() p: unknown): Promise<ClientEventAck<'presence:watch'>> {
    return this.handle(s, PresenceWatchDto, p, async (_user, dto) => {
      const ids = [...new Set(dto.userIds)];
      const previous = [...s.rooms].filter((r) => r.startsWith(rooms.presence('')));
      for (const r of previous) await s.leave(r);
      await s.join(ids.map(rooms.presence));
      return { statuses: await this.presence.statuses(ids) };
    });
  }

  private async publishPresence(userId: string, status: PresenceStatus): Promise<void> {
    try {
      const channelIds = await RequestContext.create(this.orm.em, () => this.channels.directChannelIdsOf(userId));
      this.publisher.toRooms([rooms.user(userId), rooms.presence(userId), ...channelIds.map(rooms.channel)], 'presence', { userId, status });
    } catch (err) {
      this.logger.warn({ err }, 'presence broadcast failed');
    }
  }

  /** Validates the payload, runs the action in its own ORM context and turns every outcome into an ack. */
  private async handle<D extends object, R extends object>(
    socket: BirlikSocket,
    dtoClass: ClassConstructor<D>,
    payload: unknown,
    action: (user: AuthUser, dto: D) => Promise<R>,
  ): Promise<Ack<R>> {
    return this.track(this.run(socket, dtoClass, payload, action));
  }

  private async run<D extends object, R extends object>(
    socket: BirlikSocket,
    dtoClass: ClassConstructor<D>,
    payload: unknown,
    action: (user: AuthUser, dto: D) => Promise<R>,
  ): Promise<Ack<R>> {
    try {
      if (this.closing) throw new AppError('unavailable', { message: 'This server is shutting down; retry' });
      const user = socket.data.user;
      if (!user) throw new AppError('unauthorized');
      const dto = await validatePayload(dtoClass, payload);
      return { ok: true, ...(await RequestContext.create(this.orm.em, () => action(user, dto))) };
    } catch (err) {
      const known = toAppError(err);
      if (known?.key === 'unavailable' && !(err instanceof AppError)) this.logger.warn({ err }, 'socket event failed: a service is unavailable');
      if (known) return { ok: false, error: { code: known.key, message: known.message } };
      this.logger.error({ err }, 'socket event failed');
      return { ok: false, error: { code: 'internal', message: 'Internal server error' } };
    }
  }
}

/** The payload as a validated DTO, or AppError('bad_request') naming every bad field. */
export async function validatePayload<D extends object>(dtoClass: ClassConstructor<D>, payload: unknown): Promise<D> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('bad_request', { message: 'payload must be an object' });
  }
  // Before the DTO sees it: too deep, or a NUL or lone surrogate that PostgreSQL would refuse or SQLite alter.
  const problem = inputProblem(payload, MAX_PAYLOAD_DEPTH, 'payload');
  if (problem) throw new AppError('bad_request', { message: problem });
  const dto = plainToInstance(dtoClass, payload);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` }));
    throw new AppError('bad_request', { message: messages.join('; ') });
  }
  return dto;
}
