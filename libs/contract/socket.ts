/**
 * The Socket.IO protocol (CONTRACT.md), shared by the gateway, the publisher, the web client and the tests.
 * Every client event is acknowledged with `{ok:true, ...}` or `{ok:false, error:{code, message}}`.
 */
import type { ErrorKey } from '../errors/catalog';
import type { PresenceStatus } from './domain';
import type { WireChannel, WireMessage, WireNotice, WireNotification } from './rest';

export interface AckError {
  ok: false;
  error: { code: ErrorKey; message: string | string[] };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export interface SendPayload {
  channelId: string;
  clientId: string;
  body: string;
  threadId?: string;
}
export interface EditPayload {
  messageId: string;
  body: string;
}
export interface MessageIdPayload {
  messageId: string;
}
export interface ReactionPayload {
  messageId: string;
  emoji: string;
}
export interface TypingPayload {
  channelId: string;
  threadId?: string;
}
export interface ReadPayload {
  channelId: string;
  seq: number;
}
export interface SyncPayload {
  /** channelId → the last version seen. */
  channels: Record<string, number>;
}
export interface PresenceSetPayload {
  status: Exclude<PresenceStatus, 'offline'>;
}
export interface PresenceWatchPayload {
  userIds: string[];
}

export interface MessageAck {
  message: WireMessage;
}
/** `channel:read`: the read position now (never lower than before). */
export interface ReadAck {
  seq: number;
}
export interface SyncAck {
  changes: WireMessage[];
  more: boolean;
}
export interface PresenceWatchAck {
  statuses: Record<string, PresenceStatus>;
}
export type EmptyAck = object;

/** An event the client emits with a payload and an acknowledgement callback. */
type Call<P, A extends object> = (payload: P, ack: (a: Ack<A>) => void) => void;

/** Client → server events (`Server<ClientEvents, ServerEvents>`, `Socket<ServerEvents, ClientEvents>`). */
export interface ClientEvents {
  'message:send': Call<SendPayload, MessageAck>;
  'message:edit': Call<EditPayload, MessageAck>;
  'message:delete': Call<MessageIdPayload, EmptyAck>;
  'reaction:toggle': Call<ReactionPayload, MessageAck>;
  typing: Call<TypingPayload, EmptyAck>;
  'channel:read': Call<ReadPayload, ReadAck>;
  sync: Call<SyncPayload, SyncAck>;
  /** Beside the contract: a tab reports itself away (idle) or back. */
  'presence:set': Call<PresenceSetPayload, EmptyAck>;
  /** Beside the contract: replaces the set of users whose presence this socket follows (at most 200); answers their current status. */
  'presence:watch': Call<PresenceWatchPayload, PresenceWatchAck>;
}
export type ClientEventName = keyof ClientEvents;
export type ClientEventPayload<E extends ClientEventName> = Parameters<ClientEvents[E]>[0];
/** The whole ack of an event: `{ok:true, ...}` or an AckError. */
export type ClientEventAck<E extends ClientEventName> = Parameters<Parameters<ClientEvents[E]>[1]>[0];
/** What a successful ack carries beside `ok`. */
export type ClientEventResult<E extends ClientEventName> = Omit<Extract<ClientEventAck<E>, { ok: true }>, 'ok'>;

export interface TypingEvent {
  channelId: string;
  threadId: string | null;
  userId: string;
  displayName: string;
}

/** Server → client events. */
export interface ServerEvents {
  'message:new': (e: { message: WireMessage }) => void;
  'message:updated': (e: { message: WireMessage }) => void;
  typing: (e: TypingEvent) => void;
  presence: (e: { userId: string; status: PresenceStatus }) => void;
  'channel:read': (e: { channelId: string; userId: string; seq: number }) => void;
  'channel:added': (e: { channel: WireChannel }) => void;
  'channel:removed': (e: { channelId: string }) => void;
  /** Renamed, described, archived, member count changed (to the channel) or my role changed (to me, with myRole). */
  'channel:updated': (e: { channel: WireChannel }) => void;
  'notice:new': (e: { notice: WireNotice }) => void;
  'notification:new': (e: { notification: WireNotification }) => void;
  /** Beside the contract: sent just before the server closes this socket for good (the user opened too many). */
  'socket:closing': (e: { reason: 'too_many_sockets' }) => void;
}

export type ServerEventName = keyof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerEvents[E]>[0];
