/** One catalog for every error Birlik reports: HTTP status, socket ack code and a safe message. */
export type SocketErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'unavailable' | 'internal';

interface Entry {
  status: number;
  message: string;
}

export const ERROR_CATALOG = {
  bad_request: { status: 400, message: 'Bad request' },
  invitation_invalid: { status: 400, message: 'token is invalid, expired or already used' },
  unknown_country: { status: 400, message: 'countryCode must be a known country or region code' },
  unknown_member: { status: 400, message: 'memberId must be the id of an existing member' },
  csv_missing: { status: 400, message: 'body must be a CSV file (text/csv or a multipart field named "file")' },
  csv_header: { status: 400, message: 'the CSV header must be: name,kind,countryCode,city' },
  unknown_users: { status: 400, message: 'userIds must be ids of active users' },
  direct_size: { status: 400, message: 'userIds must name 1 to 7 other people (a direct channel has 2 to 8)' },
  bad_thread: { status: 400, message: 'threadId must be a top-level message of this channel' },
  channel_fixed_membership: { status: 400, message: 'Members of this channel are managed by Birlik' },
  message_deleted: { status: 409, message: 'The message was deleted' },
  client_id_taken: { status: 409, message: 'clientId was already used for a message in another channel' },
  unauthorized: { status: 401, message: 'Authentication required' },
  invalid_credentials: { status: 401, message: 'Invalid e-mail or password' },
  invalid_refresh_token: { status: 401, message: 'Invalid or expired refresh token' },
  forbidden: { status: 403, message: 'You are not allowed to do this' },
  not_channel_member: { status: 403, message: 'Join the channel first' },
  cannot_leave: { status: 403, message: 'This channel cannot be left' },
  announcement_post: { status: 403, message: 'Only organizers and admins post in the announcement channel' },
  not_message_author: { status: 403, message: 'Only the author may do this' },
  not_channel_owner: { status: 403, message: 'Only the channel owner or an admin may do this' },
  role_not_allowed: { status: 403, message: 'Organizers may only invite officials' },
  not_found: { status: 404, message: 'Not found' },
  channel_not_found: { status: 404, message: 'Channel not found' },
  message_not_found: { status: 404, message: 'Message not found' },
  member_not_found: { status: 404, message: 'Member not found' },
  user_not_found: { status: 404, message: 'User not found' },
  setup_unavailable: { status: 404, message: 'Setup link is invalid or has already been used' },
  conflict: { status: 409, message: 'Conflict' },
  email_taken: { status: 409, message: 'An account with this e-mail already exists' },
  member_exists: { status: 409, message: 'A member with this name already exists in this country' },
  last_admin: { status: 409, message: 'The last active admin cannot be demoted or deactivated' },
  rate_limited: { status: 429, message: 'Too many requests, try again later' },
  login_throttled: { status: 429, message: 'Too many login attempts, try again later' },
  // channels
  channel_archived: { status: 403, message: 'The channel is archived: it is read-only' },
  mention_not_allowed: { status: 403, message: "@all, @here and @country in a channel of more than 50 members are for organizers, admins and the channel's owners and moderators" },
  not_channel_moderator: { status: 403, message: "Only the channel's owners and moderators or an admin may do this" },
  channel_member_not_found: { status: 404, message: 'No such member in this channel' },
  last_channel_owner: { status: 409, message: 'A channel keeps at least one owner: make someone else owner first' },
  channel_no_roles: { status: 400, message: 'This channel has no owners or moderators' },
  // accounts
  otp_required: { status: 401, message: 'Two-factor sign-in is on: send otp (the 6-digit code) or recoveryCode' },
  otp_invalid: { status: 401, message: 'The two-factor code is wrong or was already used' },
  wrong_password: { status: 400, message: 'currentPassword is wrong' },
  reset_token_invalid: { status: 400, message: 'token is not a valid password-reset token' },
  reset_token_used: { status: 400, message: 'token was already used; ask for a new password-reset e-mail' },
  reset_token_expired: { status: 400, message: 'token has expired; ask for a new password-reset e-mail' },
  reset_throttled: { status: 429, message: 'Too many password-reset requests, try again later' },
  code_invalid: { status: 400, message: 'code is wrong' },
  '2fa_not_set_up': { status: 409, message: 'Call POST /me/2fa/setup first' },
  '2fa_already_enabled': { status: 409, message: 'Two-factor sign-in is already on' },
  '2fa_not_enabled': { status: 409, message: 'Two-factor sign-in is not on' },
  '2fa_required': { status: 403, message: 'Two-factor sign-in is required for admins and organizers' },
  '2fa_setup_required': { status: 403, message: 'Set up two-factor sign-in first (POST /me/2fa/setup, then /me/2fa/enable)' },
  session_not_found: { status: 404, message: 'Session not found' },
  invitation_not_found: { status: 404, message: 'Invitation not found' },
  invitation_accepted: { status: 409, message: 'The invitation was already accepted' },
  invitation_revoked: { status: 409, message: 'The invitation was revoked' },
  payload_too_large: { status: 413, message: 'body is too large' },
  unsupported_media_type: { status: 415, message: 'body must be JSON (Content-Type: application/json)' },
  unavailable: { status: 503, message: 'A database or Redis is unavailable; retry later' },
  internal: { status: 500, message: 'Internal server error' },
} satisfies Record<string, Entry>;

export type ErrorKey = keyof typeof ERROR_CATALOG;

export class AppError extends Error {
  readonly status: number;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly key: ErrorKey,
    options: { message?: string; retryAfterSeconds?: number; status?: number; details?: Record<string, unknown> } = {},
  ) {
    super(options.message ?? ERROR_CATALOG[key].message);
    // `status` overrides the catalog's where one code answers two kinds of request (see invitation_invalid).
    this.status = options.status ?? ERROR_CATALOG[key].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** Extra fields for the error body (e.g. `reason`); never secrets. */
  readonly details?: Record<string, unknown>;
}

export function socketCodeForStatus(status: number): SocketErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return 'internal';
}

/** The catalog code for an HTTP status where no AppError names one (framework errors, body parser). */
export function codeForStatus(status: number): ErrorKey {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  return socketCodeForStatus(status);
}

// Connection-level failures of pg, knex, MikroORM, better-sqlite3 and ioredis: the service is down or restarting.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300', 'SQLITE_BUSY', 'SQLITE_LOCKED']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Connection is closed|Knex: Timeout acquiring a connection|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Stream isn't writeable|enableOfflineQueue|max retries per request|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|database is locked/i;

/** True when the error (or one it wraps) says PostgreSQL, SQLite or Redis cannot be reached right now. */
export function isUnavailableError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift() as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; previous?: unknown; errors?: unknown } | null;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || /^08/.test(code)) return true;
    if (e.name === 'MaxRetriesPerRequestError' || e.name === 'ConnectionException') return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    queue.push(e.cause, e.previous, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return false;
}

/** The catalog error for anything thrown: AppErrors as they are, outages as `unavailable`, the rest unknown (null). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (isUnavailableError(err)) return new AppError('unavailable');
  return null;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
