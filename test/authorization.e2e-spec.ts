import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { TestApp, type Session } from './support/app';

/**
 * Who may call what: every endpoint of accounts, directory, audit and operations, called by every kind of
 * caller with the same valid request, so that the only thing that varies is the caller.
 */

type Caller = 'anonymous' | 'invalid token' | 'expired token' | 'official' | 'organizer' | 'admin';
type Method = 'get' | 'post' | 'patch';

const CALLERS: Caller[] = ['anonymous', 'invalid token', 'expired token', 'official', 'organizer', 'admin'];

const UNAUTHORIZED = {
  anonymous: { statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'Authentication required' },
  token: { statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'Invalid or expired access token' },
};
const FORBIDDEN = { statusCode: 403, code: 'forbidden', error: 'Forbidden', message: 'You are not allowed to do this' };

interface Ctx {
  t: TestApp;
  admin: Session;
  official: Session;
  organizer: Session;
  member: { id: string };
}

interface Call {
  method: Method;
  path: string;
  body?: unknown;
  /** Defaults to JSON. */
  contentType?: string;
  /** Checks the effect of the call, or that there was none when it was refused. */
  verify?: (res: Response, allowed: boolean) => Promise<void>;
}

interface Endpoint {
  name: string;
  /** Needs no access token: every caller gets `publicStatus`. */
  publicStatus?: number;
  /** The status for each signed-in role (anonymous and bad tokens always get 401). */
  roles?: Record<'official' | 'organizer' | 'admin', number>;
  /** Builds the request with fresh data; called once per caller. */
  call: (ctx: Ctx) => Promise<Call>;
}

const ALL_OK = { official: 200, organizer: 200, admin: 200 };
const ADMIN_ONLY = (status: number) => ({ official: 403, organizer: 403, admin: status });

const get = (ctx: Ctx, path: string, as: Session = ctx.admin) =>
  ctx.t.http().get(path).auth(as.accessToken, { type: 'bearer' }).expect(200);

const membersNamed = async (ctx: Ctx, name: string) =>
  (await get(ctx, `/api/v1/members?q=${encodeURIComponent(name)}&limit=200`)).body.filter((m: { name: string }) => m.name === name);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/v1/invitations',
    roles: { official: 403, organizer: 201, admin: 201 },
    call: async (ctx) => {
      const email = `${ctx.t.unique('invitee')}@authz.test`;
      return {
        method: 'post',
        path: '/api/v1/invitations',
        body: { email, memberId: ctx.member.id, role: 'official' },
        verify: async (res, allowed) => {
          if (allowed) expect(res.body).toEqual({ id: expect.any(String), token: expect.any(String), url: expect.any(String), expiresAt: expect.any(String) });
          const log = await get(ctx, '/api/v1/audit?action=invitation_created&limit=200');
          const made = log.body.filter((e: { details: { email?: string } | null }) => e.details?.email === email);
          expect(made).toHaveLength(allowed ? 1 : 0);
        },
      };
    },
  },
  {
    name: 'GET /api/v1/me',
    roles: ALL_OK,
    call: async () => ({ method: 'get', path: '/api/v1/me' }),
  },
  {
    name: 'PATCH /api/v1/me',
    roles: ALL_OK,
    call: async (ctx) => {
      const title = ctx.t.unique('Title ');
      return {
        method: 'patch',
        path: '/api/v1/me',
        body: { title },
        verify: async (res, allowed) => {
          if (allowed) expect(res.body.title).toBe(title);
          const titled = await get(ctx, `/api/v1/users?q=${encodeURIComponent(title)}`);
          expect(titled.body).toHaveLength(allowed ? 1 : 0);
        },
      };
    },
  },
  {
    name: 'GET /api/v1/users',
    roles: ALL_OK,
    call: async () => ({ method: 'get', path: '/api/v1/users' }),
  },
  {
    name: 'GET /api/v1/users/:id',
    roles: ALL_OK,
    call: async (ctx) => ({
      method: 'get',
      path: `/api/v1/users/${ctx.official.user.id}`,
      verify: async (res, allowed) => {
        if (allowed) expect(res.body.id).toBe(ctx.official.user.id);
      },
    }),
  },
  {
    name: 'PATCH /api/v1/users/:id',
    roles: ADMIN_ONLY(200),
    call: async (ctx) => {
      const target = await ctx.t.user();
      return {
        method: 'patch',
        path: `/api/v1/users/${target.user.id}`,
        body: { role: 'organizer' },
        verify: async (_res, allowed) => {
          const after = await get(ctx, `/api/v1/users/${target.user.id}`);
          expect(after.body.role).toBe(allowed ? 'organizer' : 'official');
        },
      };
    },
  },
  {
    name: 'GET /api/v1/countries',
    roles: ALL_OK,
    call: async () => ({ method: 'get', path: '/api/v1/countries' }),
  },
  {
    name: 'GET /api/v1/members',
    roles: ALL_OK,
    call: async () => ({ method: 'get', path: '/api/v1/members' }),
  },
  {
    name: 'GET /api/v1/members/:id',
    roles: ALL_OK,
    call: async (ctx) => ({
      method: 'get',
      path: `/api/v1/members/${ctx.member.id}`,
      verify: async (res, allowed) => {
        if (allowed) expect(res.body.id).toBe(ctx.member.id);
      },
    }),
  },
  {
    name: 'POST /api/v1/members',
    roles: ADMIN_ONLY(201),
    call: async (ctx) => {
      const name = ctx.t.unique('Authz Belediyesi ');
      return {
        method: 'post',
        path: '/api/v1/members',
        body: { name, kind: 'municipality', countryCode: 'TR', city: 'Konya' },
        verify: async (_res, allowed) => expect(await membersNamed(ctx, name)).toHaveLength(allowed ? 1 : 0),
      };
    },
  },
  {
    name: 'PATCH /api/v1/members/:id',
    roles: ADMIN_ONLY(200),
    call: async (ctx) => {
      const target = await ctx.t.createMember();
      const city = ctx.t.unique('City ');
      return {
        method: 'patch',
        path: `/api/v1/members/${target.id}`,
        body: { city },
        verify: async (_res, allowed) => {
          const after = await get(ctx, `/api/v1/members/${target.id}`);
          expect(after.body.city).toBe(allowed ? city : null);
        },
      };
    },
  },
  {
    name: 'POST /api/v1/members/import',
    roles: ADMIN_ONLY(201),
    call: async (ctx) => {
      const name = ctx.t.unique('Imported Belediyesi ');
      return {
        method: 'post',
        path: '/api/v1/members/import',
        contentType: 'text/csv',
        body: `name,kind,countryCode,city\n"${name}",municipality,TR,Konya\n`,
        verify: async (res, allowed) => {
          if (allowed) expect(res.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
          expect(await membersNamed(ctx, name)).toHaveLength(allowed ? 1 : 0);
        },
      };
    },
  },
  {
    name: 'GET /api/v1/audit',
    roles: ADMIN_ONLY(200),
    call: async () => ({ method: 'get', path: '/api/v1/audit' }),
  },

  // Public: a token, good or bad, is neither needed nor looked at.
  {
    name: 'POST /api/v1/auth/login',
    publicStatus: 200,
    call: async (ctx) => ({
      method: 'post',
      path: '/api/v1/auth/login',
      body: { email: ctx.official.user.email, password: ctx.official.password },
      verify: async (res) => expect(res.body.user.id).toBe(ctx.official.user.id),
    }),
  },
  {
    name: 'POST /api/v1/auth/refresh (unknown refresh token)',
    publicStatus: 401,
    call: async (ctx) => ({
      method: 'post',
      path: '/api/v1/auth/refresh',
      body: { refreshToken: ctx.t.unique('not-a-refresh-token-') },
      // The 401 is about the refresh token, never about a missing Authorization header.
      verify: async (res) => expect(res.body).toEqual({ statusCode: 401, code: 'invalid_refresh_token', error: 'Unauthorized', message: 'Invalid or expired refresh token' }),
    }),
  },
  {
    name: 'POST /api/v1/auth/logout (unknown refresh token)',
    publicStatus: 204,
    call: async (ctx) => ({ method: 'post', path: '/api/v1/auth/logout', body: { refreshToken: ctx.t.unique('not-a-refresh-token-') } }),
  },
  {
    name: 'POST /api/v1/auth/register (unknown invitation token)',
    publicStatus: 400,
    call: async (ctx) => ({
      method: 'post',
      path: '/api/v1/auth/register',
      body: { token: ctx.t.unique('not-an-invitation-'), password: 'long-enough-pw', displayName: 'Nobody' },
      verify: async (res) => expect(res.body).toEqual({ statusCode: 400, code: 'invitation_invalid', reason: 'unknown', error: 'Bad Request', message: 'token is not a valid invitation' }),
    }),
  },
  {
    name: 'GET /health/live',
    publicStatus: 200,
    call: async () => ({ method: 'get', path: '/health/live', verify: async (res) => expect(res.body).toEqual({ status: 'ok' }) }),
  },
  {
    name: 'GET /api/v1/health/ready',
    publicStatus: 200,
    call: async () => ({ method: 'get', path: '/api/v1/health/ready', verify: async (res) => expect(res.body.status).toBe('ok') }),
  },
  {
    name: 'GET /metrics',
    publicStatus: 200,
    call: async () => ({ method: 'get', path: '/metrics', verify: async (res) => expect(res.text).toContain('# TYPE') }),
  },
  {
    name: 'GET /api/docs-json',
    publicStatus: 200,
    call: async () => ({ method: 'get', path: '/api/docs-json', verify: async (res) => expect(res.body.openapi).toEqual(expect.any(String)) }),
  },
];

function expectedStatus(e: Endpoint, caller: Caller): number {
  if (e.publicStatus !== undefined) return e.publicStatus;
  if (caller === 'anonymous' || caller === 'invalid token' || caller === 'expired token') return 401;
  return e.roles![caller];
}

const CASES = ENDPOINTS.flatMap((e) => CALLERS.map((caller) => [e.name, caller, expectedStatus(e, caller), e] as const));

describe('authorization', () => {
  let t: TestApp;
  let ctx: Ctx;
  const tokens = {} as Record<Caller, string | undefined>;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.admin();
    const official = await t.user({ role: 'official' });
    const organizer = await t.user({ role: 'organizer' });
    const member = await t.createMember();
    ctx = { t, admin, official, organizer, member };

    // Claims of a real, live session: only the signature (or the expiry) is wrong.
    const claims = JSON.parse(Buffer.from(official.accessToken.split('.')[1], 'base64url').toString()) as { sub: string; sid: string };
    const jwt = new JwtService({});
    const now = Math.floor(Date.now() / 1000);
    tokens.anonymous = undefined;
    tokens['invalid token'] = jwt.sign({ sub: claims.sub, sid: claims.sid, iat: now, exp: now + 600 }, { secret: 'not-the-server-secret-'.padEnd(48, 'y'), algorithm: 'HS256' });
    tokens['expired token'] = jwt.sign({ sub: claims.sub, sid: claims.sid, iat: now - 7200, exp: now - 3600 }, { secret: t.config.jwtSecret, algorithm: 'HS256' });
    tokens.official = official.accessToken;
    tokens.organizer = organizer.accessToken;
    tokens.admin = admin.accessToken;
  });
  afterAll(() => t?.close());

  it.each(CASES)('%s as %s → %i', async (_name, caller, status, endpoint) => {
    const call = await endpoint.call(ctx);
    let req = t.http()[call.method](call.path);
    const token = tokens[caller];
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (call.body !== undefined) {
      req = req.set('Content-Type', call.contentType ?? 'application/json');
      req = req.send(typeof call.body === 'string' ? call.body : JSON.stringify(call.body));
    }
    const res = await req;
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });

    if (status === 401 && endpoint.publicStatus === undefined) {
      expect(res.body).toEqual(caller === 'anonymous' ? UNAUTHORIZED.anonymous : UNAUTHORIZED.token);
    }
    if (status === 403) expect(res.body).toEqual(FORBIDDEN);
    await call.verify?.(res, status < 400);
  });

  it.each([
    ['GET', '/api/v1/members/unknown-id', undefined, 'Member not found'],
    ['GET', '/api/v1/members/01900000-0000-7000-8000-000000000000', undefined, 'Member not found'],
    ['PATCH', '/api/v1/members/unknown-id', { city: 'Konya' }, 'Member not found'],
    ['GET', '/api/v1/users/unknown-id', undefined, 'User not found'],
    ['GET', '/api/v1/users/01900000-0000-7000-8000-000000000000', undefined, 'User not found'],
    ['PATCH', '/api/v1/users/unknown-id', { role: 'official' }, 'User not found'],
    ['PATCH', '/api/v1/users/unknown-id', { deactivated: true }, 'User not found'],
  ] as const)('%s %s as admin → 404', async (method, path, body, message) => {
    const req = t.http()[method === 'GET' ? 'get' : 'patch'](path).auth(ctx.admin.accessToken, { type: 'bearer' });
    const res = await (body ? req.send(body) : req);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: message === 'Member not found' ? 'member_not_found' : 'user_not_found', error: 'Not Found', message });
  });

  it.each([
    ['/api/v1/members/unknown-id', 'Member not found'],
    ['/api/v1/users/unknown-id', 'User not found'],
  ])('GET %s as an official → 404', async (path, message) => {
    const res = await t.http().get(path).auth(ctx.official.accessToken, { type: 'bearer' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, code: message === 'Member not found' ? 'member_not_found' : 'user_not_found', error: 'Not Found', message });
  });
});
