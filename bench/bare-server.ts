/**
 * A bare Socket.IO 4.8.3 server for the benchmarks (run as a forked child, never part of the application):
 * no auth, no database, no validation beyond the shape. Every client joins one room on connect; on
 * `message:send` the server broadcasts `message:new` with a message-like object to that room and acks
 * `{ok:true, message}`, as Birlik's gateway does.
 *
 * Environment: ADAPTER = `redis` (@socket.io/redis-adapter 8.3.0, ioredis pub + sub clients) | `streams`
 * (@socket.io/redis-streams-adapter 0.3.1, one ioredis client) ; REDIS_URL ; KEY_PREFIX (Redis channel/stream
 * names) ; ROOM ; PORT (0 = any free port). Reports `{type:'ready', port}` over IPC.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Redis from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';

const adapterKind = process.env.ADAPTER ?? 'redis';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.KEY_PREFIX ?? 'bench';
const room = process.env.ROOM ?? 'channel:bench';

async function main(): Promise<void> {
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  // the same frame limit as Birlik's gateway (MAX_FRAME_BYTES)
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 128 * 1024 });
  const clients: Redis[] = [];

  if (adapterKind === 'redis') {
    // as Birlik's RedisIoAdapter (libs/realtime/redis-io.adapter.ts): ioredis pub client + duplicate() as sub
    const pub = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    clients.push(pub, sub);
    io.adapter(createRedisAdapter(pub, sub, { key: `${prefix}:socket.io` }));
  } else if (adapterKind === 'streams') {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
    clients.push(client);
    io.adapter(createStreamsAdapter(client, { streamName: `${prefix}:socket.io-stream`, channelPrefix: `${prefix}:socket.io` }));
  } else if (adapterKind !== 'none') {
    throw new Error(`unknown ADAPTER ${adapterKind}`);
  }

  const channelId = room;
  let seq = 0;
  io.on('connection', (socket) => {
    void socket.join(room);
    socket.on('message:send', (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      if (!payload || typeof payload !== 'object' || typeof (payload as { body?: unknown }).body !== 'string') {
        reply({ ok: false, error: { code: 'bad_request', message: 'body is required' } });
        return;
      }
      const p = payload as { clientId?: string; body: string };
      seq += 1;
      const now = new Date().toISOString();
      const message = {
        id: randomUUID(),
        channelId,
        seq,
        version: seq,
        clientId: p.clientId ?? null,
        author: { id: socket.id, displayName: 'Bench Sender', memberId: null, countryCode: null },
        body: p.body,
        threadId: null,
        createdAt: now,
        editedAt: null,
        deletedAt: null,
        reactions: [],
        mentions: [],
        replyCount: 0,
        lastReplyAt: null,
      };
      io.to(room).emit('message:new', { message });
      reply({ ok: true, message });
    });
  });

  await new Promise<void>((res) => http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => res()));
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  const shutdown = () => {
    io.close();
    for (const c of clients) c.disconnect();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('disconnect', shutdown);
  process.send?.({ type: 'ready', port });
}

main().catch((e: unknown) => {
  console.error(`bare server failed: ${(e as Error)?.stack ?? String(e)}`);
  process.exit(1);
});
