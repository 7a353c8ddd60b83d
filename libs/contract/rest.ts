/**
 * The REST answers of `/api/v1` (CONTRACT.md), as the web client and the tests read them. The Swagger response
 * classes (src/<domain>/dto) implement these, and contract.e2e-spec.ts checks the OpenAPI document against them.
 */
import type {
  AuditAction,
  ChannelKind,
  ChannelRole,
  ChannelVisibility,
  EmailMode,
  InvitationStatus,
  MemberKind,
  NoticePriority,
  NoticeStatus,
  NotificationKind,
  Role,
  SearchHitKind,
  ThreadStatus,
} from './domain';

/**
 * One page of a list. On the wire a list is a JSON array of T, with the next page's cursor in the `X-Next-Cursor`
 * header (and a `Link: <…>; rel="next"`); `next` is that cursor, null on the last page.
 */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/* Accounts */

export interface WireQuietHours {
  start: string;
  end: string;
}

export interface WireNotificationPrefs {
  email: EmailMode;
  quietHours: WireQuietHours | null;
  mutedChannelIds: string[];
}

export interface WireUser {
  id: string;
  /** Only to the user and admins. */
  email?: string;
  displayName: string;
  title: string | null;
  role: Role;
  memberId: string | null;
  countryCode: string | null;
  locale: string;
  timeZone: string;
  deactivated: boolean;
}

/** `GET /me`, `PATCH /me` and the user of a sign-in. */
export interface WireMe extends WireUser {
  email: string;
  notificationPrefs: WireNotificationPrefs;
  /** Two-factor sign-in (TOTP) is on. */
  twoFactorEnabled: boolean;
  /** Two-factor sign-in is required of this account and not yet on. */
  twoFactorSetupRequired: boolean;
}

/** `POST /auth/login`, `/auth/refresh`, `/auth/register`, `/auth/setup`, `/auth/password/reset`. */
export interface WireAuth {
  accessToken: string;
  refreshToken: string;
  user: WireMe;
  /** Until it is set up, every other request answers 403 `2fa_setup_required`. */
  twoFactorSetupRequired: boolean;
}

export interface WireInvitedBy {
  id: string;
  displayName: string;
}

/** `POST /invitations`. */
export interface WireInvitation {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
}

/** `GET /invitations` rows. */
export interface WireInvitationRow {
  id: string;
  email: string;
  memberId: string;
  memberName: string;
  countryCode: string;
  role: Role;
  status: InvitationStatus;
  invitedBy: WireInvitedBy;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  /** How many times it was e-mailed. */
  sendCount: number;
}

/** `GET /auth/invitation?token=`: what the registration page shows. */
export interface WireInvitationLookup {
  email: string;
  memberName: string;
  countryCode: string;
  role: Role;
  invitedBy: WireInvitedBy;
  expiresAt: string;
}

/** `GET /me/sessions`. */
export interface WireSession {
  id: string;
  /** The session of this access token. */
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
}

/** `POST /me/2fa/setup`. */
export interface WireTwoFactorSetup {
  secret: string;
  otpauthUrl: string;
}

/** `POST /me/2fa/enable`. */
export interface WireRecoveryCodes {
  recoveryCodes: string[];
}

/** `GET /settings` (admin). */
export interface WireSettings {
  require2faForStaff: boolean;
}

/** `GET /audit` rows (admin). */
export interface WireAuditEvent {
  id: string;
  action: AuditAction;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

/* Directory */

export interface WireCountry {
  code: string;
  /** In the caller's language. */
  name: string;
  channelId: string;
  memberCount: number;
  /** By language. */
  names: Record<string, string>;
  languages: string[];
  timeZones: string[];
}

export interface WireMember {
  id: string;
  name: string;
  kind: MemberKind;
  countryCode: string;
  city: string | null;
}

export interface WireImportError {
  /** The line of the file (the header is line 1). */
  line: number;
  message: string;
}

/** `POST /members/import`. */
export interface WireImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: WireImportError[];
}

/* Channels */

export interface WireChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  description: string | null;
  visibility: ChannelVisibility;
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

/** A channel as `GET /channels` lists it for the caller. */
export interface WireMyChannel extends WireChannel {
  unreadCount: number;
  mentionCount: number;
  lastReadSeq: number;
  /** The same as myRole (kept from version 1). */
  role: ChannelRole;
  myRole: ChannelRole;
  /** Channel-wide change counter, for sync. */
  version: number;
}

/** `GET /channels/:id/members`. */
export interface WireChannelMember {
  user: WireUser;
  role: ChannelRole;
  joinedAt: string;
}

/* Messages and threads */

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

export interface WireThread {
  id: string;
  channelId: string;
  rootMessageId: string;
  title: string;
  tags: string[];
  status: ThreadStatus;
  solutionMessageId: string | null;
  replyCount: number;
  lastActivityAt: string;
  createdAt: string;
  author: WireAuthor;
  /** Whether the caller follows it. */
  following?: boolean;
}

/** `POST /channels/:id/threads`. */
export interface WireThreadWithMessage {
  thread: WireThread;
  message: WireMessage;
}

/** `GET /threads/:id`: the root message, then the replies, oldest first. */
export interface WireThreadWithMessages {
  thread: WireThread;
  messages: WireMessage[];
}

/** `GET /categories`: experience-sharing categories; the slugs are thread tags. */
export interface WireCategory {
  slug: string;
  /** By UI language: en, tr, ru, az, kk, ar, ur, ky, uz. */
  labels: Record<string, string>;
  /** In the caller's language. */
  label: string;
}

/* Notices */

export interface WireNoticeAudience {
  all?: boolean;
  countryCodes?: string[];
  memberKinds?: string[];
  memberIds?: string[];
}

export interface WireNoticeText {
  title: string;
  body: string;
}

export interface WireLocalTime {
  date: string;
  time: string;
}

export interface WireNotice {
  id: string;
  authorId: string;
  title: string;
  body: string;
  /** The language title and body are in. */
  language: string;
  priority: NoticePriority;
  requiresAck: boolean;
  status: NoticeStatus;
  recipientCount: number;
  scheduledAt: string | null;
  deliverAtLocalTime: WireLocalTime | null;
  remindAfterHours: number | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
  /** Organizers and admins only. */
  audience?: WireNoticeAudience;
  /** Organizers and admins only: language → {title, body}. */
  translations?: Record<string, WireNoticeText>;
  /** The caller's own state, when a recipient. */
  readAt?: string | null;
  ackedAt?: string | null;
}

/** `POST /notices`. */
export interface WireCreatedNotice {
  id: string;
  status: NoticeStatus;
  recipientCount: number;
}

export interface WireNoticeCounts {
  recipients: number;
  read: number;
  acked: number;
}

export interface WireNoticeCountryCounts extends WireNoticeCounts {
  countryCode: string;
}

export interface WireNoticeMemberCounts extends WireNoticeCounts {
  memberId: string;
}

export interface WireNoticePending {
  userId: string;
  displayName: string;
  memberId: string | null;
  countryCode: string | null;
}

/** `GET /notices/:id/report`; `pending` = not yet acknowledged. */
export interface WireNoticeReport {
  recipientCount: number;
  delivered: number;
  read: number;
  acked: number;
  byCountry: WireNoticeCountryCounts[];
  byMember: WireNoticeMemberCounts[];
  pending: WireNoticePending[];
}

export interface WireCountryReach {
  countryCode: string;
  officials: number;
  members: number;
}

/** `POST /notices/audience`: whom an audience reaches now. */
export interface WireAudienceReach {
  officials: number;
  members: number;
  byCountry: WireCountryReach[];
}

/* Notifications */

export interface WireNotification {
  id: string;
  kind: NotificationKind;
  channelId: string | null;
  messageId: string | null;
  noticeId: string | null;
  title: string;
  /** Plain text, Markdown removed. */
  snippet: string;
  createdAt: string;
  readAt: string | null;
}

/** `POST /notifications/read`. */
export interface WireMarked {
  updated: number;
}

/* Search */

export interface WireSearchAuthor {
  id: string;
  displayName: string;
  countryCode: string | null;
}

export interface WireSearchHit {
  kind: SearchHitKind;
  /** The message id, or the thread id. */
  id: string;
  channelId: string;
  threadId: string | null;
  title: string | null;
  /** HTML-escaped text with the matches in <mark>…</mark>. */
  snippet: string;
  author: WireSearchAuthor | null;
  createdAt: string;
}
