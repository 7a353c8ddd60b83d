import { io, type Socket } from 'socket.io-client';

export type Client = Socket;

/** A connected socket.io client, or the connect_error message. */
export async function connect(url: string, token: string | undefined, opts: { reconnection?: boolean; origin?: string } = {}): Promise<Client> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    ...(opts.origin ? { extraHeaders: { origin: opts.origin } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

export async function connectError(url: string, token: string | undefined, origin?: string): Promise<string> {
  try {
    const s = await connect(url, token, { origin });
    s.close();
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ack<T = any>(socket: Client, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>;
}

/** Collects every payload of an event. */
export function collect<T = unknown>(socket: Client, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

export async function waitFor<T>(read: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function waitForEvent<T = unknown>(socket: Client, event: string, predicate: (p: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (p: T) => {
      if (!predicate(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}
