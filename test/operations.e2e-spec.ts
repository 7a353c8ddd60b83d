import { TestApp } from './support/app';

/** Every endpoint of issue #2 and the contract's Accounts, Directory and Operations sections. */
const ENDPOINTS: [string, string, { public?: boolean }?][] = [
  ['post', '/api/v1/auth/login', { public: true }],
  ['post', '/api/v1/auth/refresh', { public: true }],
  ['post', '/api/v1/auth/logout', { public: true }],
  ['post', '/api/v1/auth/register', { public: true }],
  ['post', '/api/v1/setup', { public: true }],
  ['post', '/api/v1/invitations'],
  ['get', '/api/v1/me'],
  ['patch', '/api/v1/me'],
  ['get', '/api/v1/users'],
  ['get', '/api/v1/users/{id}'],
  ['patch', '/api/v1/users/{id}'],
  ['get', '/api/v1/countries'],
  ['get', '/api/v1/members'],
  ['post', '/api/v1/members'],
  ['get', '/api/v1/members/{id}'],
  ['patch', '/api/v1/members/{id}'],
  ['post', '/api/v1/members/import'],
  ['get', '/api/v1/audit'],
  ['get', '/api/v1/channels'],
  ['get', '/api/v1/channels/discover'],
  ['post', '/api/v1/channels'],
  ['post', '/api/v1/channels/direct'],
  ['get', '/api/v1/channels/{id}'],
  ['post', '/api/v1/channels/{id}/join'],
  ['post', '/api/v1/channels/{id}/leave'],
  ['post', '/api/v1/channels/{id}/members'],
  ['get', '/api/v1/channels/{id}/messages'],
  ['post', '/api/v1/channels/{id}/messages'],
  ['patch', '/api/v1/messages/{id}'],
  ['delete', '/api/v1/messages/{id}'],
  ['post', '/api/v1/notices'],
  ['get', '/api/v1/notices'],
  ['get', '/api/v1/notices/{id}'],
  ['post', '/api/v1/notices/{id}/read'],
  ['post', '/api/v1/notices/{id}/ack'],
  ['get', '/api/v1/notices/{id}/report'],
  ['get', '/api/v1/notifications'],
  ['post', '/api/v1/notifications/read'],
  ['get', '/api/v1/categories'],
  ['get', '/api/v1/search'],
  ['post', '/api/v1/channels/{id}/threads'],
  ['get', '/api/v1/channels/{id}/threads'],
  ['get', '/api/v1/threads/{id}'],
  ['post', '/api/v1/threads/{id}/solution'],
  ['post', '/api/v1/threads/{id}/follow'],
  ['delete', '/api/v1/threads/{id}/follow'],
  ['get', '/api/v1/health/live', { public: true }],
  ['get', '/api/v1/health/ready', { public: true }],
  ['get', '/api/v1/metrics', { public: true }],
];

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ CORS_ORIGINS: 'https://birlik.example.org' });
  });
  afterAll(() => t?.close());

  it('answers liveness and readiness with the state of the database, Redis and the queues', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    await t.http().get('/api/v1/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' } });
  });

  it('exposes Prometheus metrics with an HTTP request-duration histogram labelled by route', async () => {
    await t.http().get('/api/v1/members/some-id').expect(401);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status="200"\} \d+/);
    expect(res.text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('describes every endpoint, with its errors, in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const [method, path, opts] of ENDPOINTS) {
      const op = doc.paths[path]?.[method];
      expect({ method, path, documented: Boolean(op) }).toEqual({ method, path, documented: true });
      const codes = Object.keys(op.responses);
      expect(codes.some((c) => c.startsWith('2'))).toBe(true);
      if (!opts?.public) expect({ path, method, codes }).toEqual({ path, method, codes: expect.arrayContaining(['401']) });
      if (!['get', 'delete'].includes(method) && !/logout|leave|join|follow|\/read$|\/ack$/.test(path)) expect({ path, method, codes }).toEqual({ path, method, codes: expect.arrayContaining(['400']) });
    }
    expect(doc.components.schemas.UserDto.properties).toHaveProperty('countryCode');
    expect(doc.components.schemas.CreateMemberDto.required).toEqual(expect.arrayContaining(['name', 'kind', 'countryCode']));
    await t.http().get('/api/docs').redirects(1).expect(200);
  });

  it('sends security headers and allows only the configured origins', async () => {
    const res = await t.http().get('/api/v1/health/live').set('Origin', 'https://birlik.example.org').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBe('https://birlik.example.org');
    const other = await t.http().get('/api/v1/health/live').set('Origin', 'https://evil.example.com').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes with the error body', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
