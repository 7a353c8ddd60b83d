/**
 * The Socket.IO wire protocol, shared by the server, the web client and the tests.
 * Every client event is acknowledged with `{ok:true, ...}` or `{ok:false, error:{code, message}}`.
 */
import type { SocketErrorCode } from '@lib/errors';

export interface WireAuthor {
  id: string;
  displayName: string;
  memberId: string | null;
  countryCode: string | null;
}

export interface WireReaction {
  emoji: string;
  count: number;
  userIds: string[];
}

export interface WireMessage {
  id: string;
  channelId: string;
  seq: number;
  version: number;
  clientId: string;
  author: WireAuthor;
  body: string | null;
  threadId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  reactions: WireReaction[];
  mentions: string[];
  replyCount: number;
  lastReplyAt: string | null;
}

export type ChannelKind = 'country' | 'topic' | 'forum' | 'announcement' | 'direct';

export interface WireChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  description: string | null;
  visibility: 'public' | 'private';
  countryCode: string | null;
  memberCount: number;
  lastSeq: number;
}

export type PresenceStatus = 'online' | 'away' | 'offline';

export interface AckError {
  ok: false;
  error: { code: SocketErrorCode; message: string | string[] };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** Client → server events: payload and successful ack. */
export interface ClientEvents {
  'message:send': { payload: { channelId: string; clientId: string; body: string; threadId?: string }; ack: { message: WireMessage } };
  'message:edit': { payload: { messageId: string; body: string }; ack: { message: WireMessage } };
  'message:delete': { payload: { messageId: string }; ack: object };
  'reaction:toggle': { payload: { messageId: string; emoji: string }; ack: { message: WireMessage } };
  typing: { payload: { channelId: string; threadId?: string }; ack: object };
  'channel:read': { payload: { channelId: string; seq: number }; ack: object };
  sync: { payload: { channels: Record<string, number> }; ack: { changes: WireMessage[]; more: boolean } };
  'presence:set': { payload: { status: 'online' | 'away' }; ack: object };
}

/** Server → client events. */
export interface ServerEvents {
  'message:new': (e: { message: WireMessage }) => void;
  'message:updated': (e: { message: WireMessage }) => void;
  typing: (e: { channelId: string; threadId: string | null; userId: string; displayName: string }) => void;
  presence: (e: { userId: string; status: PresenceStatus }) => void;
  'channel:read': (e: { channelId: string; userId: string; seq: number }) => void;
  'channel:added': (e: { channel: WireChannel }) => void;
  'channel:removed': (e: { channelId: string }) => void;
  'notice:new': (e: { notice: unknown }) => void;
  'notification:new': (e: { notification: unknown }) => void;
}

export type ServerEventName = keyof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerEvents[E]>[0];
