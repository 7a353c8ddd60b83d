/** The closed sets of values the API speaks in (CONTRACT.md): entities, DTOs, the web app and the tests use these. */

export const ROLES = ['official', 'organizer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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

export const CHANNEL_KINDS = ['country', 'topic', 'forum', 'announcement', 'direct'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The kinds a user may create with `POST /channels`. */
export const CREATABLE_CHANNEL_KINDS = ['topic', 'forum'] as const satisfies readonly ChannelKind[];
export type CreatableChannelKind = (typeof CREATABLE_CHANNEL_KINDS)[number];

export const CHANNEL_VISIBILITIES = ['public', 'private'] as const;
export type ChannelVisibility = (typeof CHANNEL_VISIBILITIES)[number];

/** A member's role in a channel: owners run a topic or forum; moderators delete messages and remove members. */
export const CHANNEL_ROLES = ['owner', 'moderator', 'member'] as const;
export type ChannelRole = (typeof CHANNEL_ROLES)[number];

export const NOTIFICATION_KINDS = ['mention', 'reply', 'notice', 'thread_solved', 'invited_to_channel'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `notificationPrefs.email`. */
export const EMAIL_MODES = ['instant', 'digest', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** Where a notification's e-mail is (server-side only; never on the wire). */
export const EMAIL_STATES = ['none', 'pending', 'sending', 'sent', 'skipped', 'digested'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

export const NOTICE_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type NoticePriority = (typeof NOTICE_PRIORITIES)[number];

export const NOTICE_STATUSES = ['scheduled', 'sending', 'sent'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const THREAD_STATUSES = ['open', 'solved'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const THREAD_SORTS = ['activity', 'created'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const SEARCH_HIT_KINDS = ['message', 'thread'] as const;
export type SearchHitKind = (typeof SEARCH_HIT_KINDS)[number];

/** `GET /search?kind=`. */
export const SEARCH_KINDS = ['messages', 'threads'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** What `GET /audit` rows record. */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'session_revoked',
  'invitation_created',
  'user_registered',
  'role_changed',
  'user_deactivated',
  'user_reactivated',
  'admin_created',
  'member_created',
  'member_updated',
  'members_imported',
  // channels
  'channel_updated',
  'channel_role_changed',
  'channel_member_removed',
  'message_deleted_by_moderator',
  // accounts
  'password_reset_requested',
  'password_reset',
  'password_changed',
  '2fa_enabled',
  '2fa_disabled',
  'recovery_code_used',
  'invitation_resent',
  'invitation_revoked',
  'settings_changed',
  // notices
  'notice_sent',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
