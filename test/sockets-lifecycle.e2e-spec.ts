import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { RealtimePublisher, rooms } from '@lib/realtime';
import { createHttpApp } from '../src/app.factory';
import { TestApp, type Session } from './support/app';
import { ack, connect, waitFor, type Client } from './support/sockets';

/** Sockets per user are capped across processes, the oldest closing first; shutdown drains sockets before Redis goes. */
describe('socket lifecycle', () => {
  describe('MAX_SOCKETS_PER_USER', () => {
    let t: TestApp;
    let second: NestExpressApplication;
    let secondUrl: string;
    const sockets: Client[] = [];

    beforeAll(async () => {
      t = await TestApp.start({ MAX_SOCKETS_PER_USER: '3' });
      // A second process of the same deployment (same database, same Redis prefix), in this one for brevity.
      second = await createHttpApp(t.config);
      await second.listen(0, '127.0.0.1');
      secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const s of sockets.splice(0)) s.close();
      await second?.close();
      await t?.close();
    });

    it('a fourth socket, on either process, closes the oldest; the others stay', async () => {
      const u: Session = await t.user();
      const other: Session = await t.user();
      const open = async (url: string, s: Session) => {
        const c = await connect(url, s.accessToken);
        sockets.push(c);
        await new Promise((r) => setTimeout(r, 10)); // distinct handshake times
        return c;
      };
      const closed = new Map<Client, string>();
      const told = new Set<Client>();
      const watch = (c: Client) => {
        c.on('socket:closing', (e: { reason: string }) => e.reason === 'too_many_sockets' && told.add(c));
        c.on('disconnect', (reason) => closed.set(c, reason));
      };
      const first = await open(t.url, u);
      const secondSocket = await open(secondUrl, u);
      const third = await open(t.url, u);
      const someoneElse = await open(secondUrl, other);
      for (const c of [first, secondSocket, third, someoneElse]) watch(c);
      // Three are allowed: the user's sockets all answer.
      for (const c of [first, secondSocket, third]) expect((await ack(c, 'presence:set', { status: 'online' })).ok).toBe(true);

      const fourth = await open(secondUrl, u);
      watch(fourth);
      await waitFor(() => closed.get(first), 10_000, 'the oldest socket to close');
      expect(closed.get(first)).toBe('io server disconnect');
      expect([...told]).toEqual([first]);
      for (const c of [secondSocket, third, fourth, someoneElse]) {
        expect((await ack(c, 'presence:set', { status: 'online' })).ok).toBe(true);
        expect(closed.has(c)).toBe(false);
      }

      const fifth = await open(t.url, u);
      watch(fifth);
      await waitFor(() => closed.get(secondSocket), 10_000, 'the next oldest to close');
      for (const c of [third, fourth, fifth, someoneElse]) expect(closed.has(c)).toBe(false);
    });
  });

  describe('shutdown', () => {
    it('events handled while the app closes are answered or refused with `unavailable`; no publish rejects unhandled', async () => {
      const t = await TestApp.start();
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      const sockets: Client[] = [];
      try {
        const users = [await t.user(), await t.user()];
        for (const u of users) for (let i = 0; i < 3; i++) sockets.push(await connect(t.url, u.accessToken));
        const acks: Promise<{ ok: boolean; error?: { code: string } } | 'no ack'>[] = [];
        let stop = false;
        const flood = (async () => {
          for (let i = 0; !stop && i < 2000; i++) {
            for (const s of sockets) {
              if (s.connected) acks.push(ack(s, 'presence:set', { status: i % 2 ? 'away' : 'online' }).catch(() => 'no ack' as const));
            }
            await new Promise((r) => setImmediate(r));
          }
        })();
        await Promise.all(acks.slice(0, 12));
        await t.app.close();
        stop = true;
        await flood;
        const answered = (await Promise.all(acks)).filter((a): a is { ok: boolean; error?: { code: string } } => a !== 'no ack');
        expect(answered.length).toBeGreaterThan(0);
        for (const a of answered) if (!a.ok) expect(a.error?.code).toBe('unavailable');
        // A publish that comes too late (its handler outlived the close) finds the adapter's Redis closed: the
        // rejection is handled, never thrown at the process.
        t.app.get(RealtimePublisher).toRooms([rooms.user(users[0].user.id)], 'presence', { userId: users[0].user.id, status: 'offline' });
        // Let any stray rejection surface before judging.
        await new Promise((r) => setTimeout(r, 200));
        expect(unhandled.map(String)).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
        for (const s of sockets) s.close();
        await t.env.dispose();
      }
    });
  });
});
