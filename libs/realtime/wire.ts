/**
 * The Socket.IO wire protocol, shared by the server, the web client and the tests.
 * Every client event is acknowledged with `{ok:true, ...}` or `{ok:false, error:{code, message}}`.
 */
import type { ErrorKey } from '../errors/catalog';

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

/** A member's role in a channel: owners run a topic or forum; moderators delete messages and remove members. */
export type ChannelRole = 'owner' | 'moderator' | 'member';

export interface WireChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  description: string | null;
  visibility: 'public' | 'private';
  countryCode: string | null;
  memberCount: number;
  lastSeq: number;
  /** Read-only: no sends, edits or reactions. */
  archived: boolean;
  /**
   * The caller's role, null when not a member. Absent in a `channel:updated` sent to the whole channel (it is the
   * same for everyone there); present in one sent to a single user (their role changed).
   */
  myRole?: ChannelRole | null;
}

/** `GET /channels/:id/members`. */
export interface WireChannelMember {
  user: WireUser;
  role: ChannelRole;
  joinedAt: string;
}

export type PresenceStatus = 'online' | 'away' | 'offline';

export interface AckError {
  ok: false;
  error: { code: ErrorKey; message: string | string[] };
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
  /** Replaces the set of users whose presence this socket follows (at most 200); answers their current status. */
  'presence:watch': { payload: { userIds: string[] }; ack: { statuses: Record<string, PresenceStatus> } };
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
  /** Renamed, described, archived, member count changed (to the channel) or my role changed (to me, with myRole). */
  'channel:updated': (e: { channel: WireChannel }) => void;
  'notice:new': (e: { notice: WireNotice }) => void;
  'notification:new': (e: { notification: WireNotification }) => void;
  /** Beside the contract: sent just before the server closes this socket for good (the user opened too many). */
  'socket:closing': (e: { reason: 'too_many_sockets' }) => void;
}

export type ServerEventName = keyof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerEvents[E]>[0];

/* REST shapes the web client reads (CONTRACT.md); the server's views are declared against these. */

export type Role = 'official' | 'organizer' | 'admin';

export interface WireNotificationPrefs {
  email: 'instant' | 'digest' | 'off';
  quietHours: { start: string; end: string } | null;
  mutedChannelIds: string[];
}

export interface WireUser {
  id: string;
  email?: string;
  displayName: string;
  title: string | null;
  role: Role;
  memberId: string | null;
  countryCode: string | null;
  locale: string;
  timeZone: string;
  deactivated: boolean;
  notificationPrefs?: WireNotificationPrefs;
}

export interface WireAuth {
  accessToken: string;
  refreshToken: string;
  user: WireUser;
}

/** A channel as `GET /channels` lists it for the caller. */
export interface WireMyChannel extends WireChannel {
  unreadCount: number;
  mentionCount: number;
  lastReadSeq: number;
  /** The same as myRole (kept from version 1). */
  role: ChannelRole;
  myRole: ChannelRole;
  version: number;
}

export interface WireNoticeAudience {
  all?: boolean;
  countryCodes?: string[];
  memberKinds?: string[];
  memberIds?: string[];
}

export interface WireNotice {
  id: string;
  authorId: string;
  title: string;
  body: string;
  /** The language title and body are in. */
  language: string;
  priority: 'normal' | 'high' | 'urgent';
  requiresAck: boolean;
  status: 'scheduled' | 'sending' | 'sent';
  recipientCount: number;
  scheduledAt: string | null;
  deliverAtLocalTime: { date: string; time: string } | null;
  remindAfterHours: number | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
  /** Organizers and admins only. */
  audience?: WireNoticeAudience;
  translations?: Record<string, { title: string; body: string }>;
  /** The caller's own state, when a recipient. */
  readAt?: string | null;
  ackedAt?: string | null;
}

export interface WireNoticeCounts {
  recipients: number;
  read: number;
  acked: number;
}

export interface WireNoticeReport {
  recipientCount: number;
  delivered: number;
  read: number;
  acked: number;
  byCountry: ({ countryCode: string } & WireNoticeCounts)[];
  byMember: ({ memberId: string } & WireNoticeCounts)[];
  pending: { userId: string; displayName: string; memberId: string | null; countryCode: string | null }[];
}

/** `POST /notices/audience`: whom an audience reaches now. */
export interface WireAudienceReach {
  officials: number;
  members: number;
  byCountry: { countryCode: string; officials: number; members: number }[];
}

export type NotificationKind = 'mention' | 'reply' | 'notice' | 'thread_solved' | 'invited_to_channel';

export interface WireNotification {
  id: string;
  kind: NotificationKind;
  channelId: string | null;
  messageId: string | null;
  noticeId: string | null;
  title: string;
  snippet: string;
  createdAt: string;
  readAt: string | null;
}

export interface WireThread {
  id: string;
  channelId: string;
  rootMessageId: string;
  title: string;
  tags: string[];
  status: 'open' | 'solved';
  solutionMessageId: string | null;
  replyCount: number;
  lastActivityAt: string;
  createdAt: string;
  author: WireAuthor;
  /** Whether the caller follows it. */
  following?: boolean;
}

/** `GET /categories`: experience-sharing categories; the slugs are thread tags. */
export interface WireCategory {
  slug: string;
  /** By UI language: en, tr, ru, az, kk, ar, ur, ky, uz. */
  labels: Record<string, string>;
  /** In the caller's language. */
  label: string;
}

/** `POST /invitations`. */
export interface WireInvitation {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
}

/** `POST /members/import`. */
export interface WireImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

export interface WireSearchHit {
  kind: 'message' | 'thread';
  /** The message id, or the thread id. */
  id: string;
  channelId: string;
  threadId: string | null;
  title: string | null;
  /** HTML-escaped text with the matches in <mark>…</mark>. */
  snippet: string;
  author: { id: string; displayName: string; countryCode: string | null } | null;
  createdAt: string;
}

export interface WireCountry {
  code: string;
  name: string;
  channelId: string;
  memberCount: number;
}

/** The kinds of member a municipality or union can be (the directory, notice audiences, the web app's lists). */
export const MEMBER_KINDS = [
  'metropolitan_municipality',
  'provincial_municipality',
  'district_municipality',
  'municipality',
  'municipal_union',
  'regional_administration',
  'government_agency',
  'other',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface WireMember {
  id: string;
  name: string;
  kind: MemberKind;
  countryCode: string;
  city: string | null;
}
