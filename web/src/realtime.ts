import { batch, signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientEventAck,
  ClientEventName,
  ClientEventPayload,
  ClientEventResult,
  ClientEvents,
  PresenceStatus,
  ServerEvents,
  WireChannel,
  WireMessage,
  WireMyChannel,
  WireNotice,
  WireNotification,
} from '@lib/contract';
import { get, getPage, newClientId, query, refreshTokens, session } from './api';
import { errorText } from './i18n';

type BirlikSocket = Socket<ServerEvents, ClientEvents>;

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** The socket's state, shown as a banner when not online. */
export const connection = signal<ConnectionState>('connecting');
/** My channels with unread and mention counts. */
export const channels = signal<WireMyChannel[]>([]);
/** Bumped whenever any loaded message list changes (views re-read the store). */
export const messagesTick = signal(0);
export const unreadNotifications = signal(0);
export const latestNotification = signal<WireNotification | null>(null);
export const noticesTick = signal(0);
export const latestNotice = signal<WireNotice | null>(null);
export const presence = signal<Record<string, PresenceStatus>>({});
/** channelId → typing users (userId → name and until when). */
export const typing = signal<Record<string, Record<string, { name: string; threadId: string | null; until: number }>>>({});
/** Bumped on every `channel:updated` of a channel (views of its members and settings load again). */
export const channelChanges = signal<Record<string, number>>({});
/** The latest `channel:updated` of each channel, for views of channels I am not in (a public channel read without joining). */
export const channelUpdates = signal<Record<string, WireChannel>>({});
/** The channel on screen (its unread count stays at zero). */
export const activeChannelId = signal<string | null>(null);

export interface Pending {
  clientId: string;
  channelId: string;
  body: string;
  threadId?: string;
  error?: string;
}
const OUTBOX_KEY = 'birlik.outbox';
/** Messages typed but not yet acknowledged by the server; kept across reloads and sent again with their clientId. */
export const outbox = signal<Pending[]>(loadOutbox());
function loadOutbox(): Pending[] {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX_KEY) ?? '[]') as Pending[];
  } catch {
    return [];
  }
}
function saveOutbox(items: Pending[]): void {
  outbox.value = items;
  localStorage.setItem(OUTBOX_KEY, JSON.stringify(items));
}

/** Loaded messages of a channel: by id, oldest-first views are derived on demand. */
interface ChannelStore {
  byId: Map<string, WireMessage>;
  /** All older top-level messages were loaded. */
  complete: boolean;
  /** Top-level history was loaded once. */
  loaded: boolean;
  /** Highest message version seen: what `sync` resumes from. */
  version: number;
}
const stores = new Map<string, ChannelStore>();
function store(channelId: string): ChannelStore {
  let s = stores.get(channelId);
  if (!s) stores.set(channelId, (s = { byId: new Map(), complete: false, loaded: false, version: 0 }));
  return s;
}

let socket: BirlikSocket | null = null;
let everConnected = false;

export function me(): string | undefined {
  return session.value?.user.id;
}

/** Connects (once signed in); the token is read at every (re)connection so refreshed tokens are used. */
export function connect(): void {
  if (socket) return;
  connection.value = 'connecting';
  const s: BirlikSocket = io({ auth: (cb) => cb({ token: session.value?.accessToken ?? '' }), transports: ['websocket', 'polling'] });
  socket = s;
  s.on('connect', () => {
    connection.value = 'online';
    void afterConnect(everConnected);
    everConnected = true;
  });
  let superseded = false;
  s.on('socket:closing', () => (superseded = true));
  s.on('disconnect', (reason) => {
    // Closed because this user opened too many tabs: reconnecting would only close another one.
    if (superseded) return void (connection.value = 'offline');
    connection.value = reason === 'io client disconnect' ? 'offline' : 'reconnecting';
    if (reason === 'io server disconnect') setTimeout(() => reconnectWithFreshToken(), 500);
  });
  s.on('connect_error', (err) => {
    connection.value = everConnected ? 'reconnecting' : 'connecting';
    if (err.message === 'unauthorized') void reconnectWithFreshToken();
    // A database or Redis outage: the handshake is refused without a retry of its own; try again shortly.
    if (err.message === 'unavailable') setTimeout(() => !s.connected && socket === s && s.connect(), 2000 + Math.random() * 3000);
  });
  s.io.on('reconnect_attempt', () => (connection.value = 'reconnecting'));
  s.on('message:new', ({ message }) => onMessage(message, true));
  s.on('message:updated', ({ message }) => onMessage(message, false));
  s.on('channel:read', ({ channelId, userId, seq }) => {
    if (userId !== me()) return;
    // Reading on can only lower the count (which skips deleted messages, as the server's does).
    patchChannel(channelId, (c) => (seq >= c.lastReadSeq ? { ...c, lastReadSeq: seq, unreadCount: Math.max(0, Math.min(c.unreadCount, c.lastSeq - seq)), mentionCount: seq >= c.lastSeq ? 0 : c.mentionCount } : c));
  });
  s.on('channel:added', ({ channel }) => addChannel(channel));
  s.on('channel:removed', ({ channelId }) => {
    channels.value = channels.value.filter((c) => c.id !== channelId);
    stores.delete(channelId);
    messagesTick.value++;
  });
  s.on('channel:updated', ({ channel }) => {
    applyChannelUpdate(channel);
    channelUpdates.value = { ...channelUpdates.value, [channel.id]: channel };
  });
  s.on('presence', ({ userId, status }) => (presence.value = { ...presence.value, [userId]: status }));
  s.on('typing', (e) => {
    if (e.userId === me()) return;
    const forChannel = { ...(typing.value[e.channelId] ?? {}), [e.userId]: { name: e.displayName, threadId: e.threadId, until: Date.now() + 5000 } };
    typing.value = { ...typing.value, [e.channelId]: forChannel };
    setTimeout(expireTyping, 5100);
  });
  s.on('notification:new', ({ notification }) => {
    batch(() => {
      unreadNotifications.value++;
      latestNotification.value = notification;
    });
  });
  s.on('notice:new', ({ notice }) => {
    batch(() => {
      latestNotice.value = notice;
      noticesTick.value++;
    });
  });
  document.addEventListener('visibilitychange', () => {
    if (socket?.connected) socket.emit('presence:set', { status: document.hidden ? 'away' : 'online' }, () => undefined);
  });
}

export function disconnect(): void {
  socket?.disconnect();
  socket = null;
  everConnected = false;
  stores.clear();
  channels.value = [];
}

async function reconnectWithFreshToken(): Promise<void> {
  if (!(await refreshTokens())) return; // signed out: the app shows the sign-in screen
  if (socket && !socket.connected) socket.connect();
}

function expireTyping(): void {
  const now = Date.now();
  const next: typeof typing.value = {};
  for (const [ch, users] of Object.entries(typing.value)) {
    const alive = Object.fromEntries(Object.entries(users).filter(([, u]) => u.until > now));
    if (Object.keys(alive).length) next[ch] = alive;
  }
  typing.value = next;
}

/** After (re)connecting: refresh the channel list, catch up on every loaded channel, then send what was queued. */
async function afterConnect(reconnect: boolean): Promise<void> {
  try {
    await loadChannels();
    await refreshUnreadNotifications();
    if (reconnect) {
      await syncLoaded();
      noticesTick.value++;
    }
  } catch {
    /* the next reconnect tries again */
  }
  if (reconnect && watched) {
    const ids = watched.split(',');
    watched = '';
    watchPresence(ids);
  }
  await flushOutbox();
}

/** Counts the unread notifications again (after something marked some read elsewhere: a notice read or acknowledged). */
export async function refreshUnreadNotifications(): Promise<void> {
  const n = await getPage<WireNotification>(`/notifications${query({ unread: true, limit: 200 })}`);
  unreadNotifications.value = n.items.length;
}

/** `channel:updated`: the channel's own fields (name, description, member count…) change; my counters stay mine. */
export async function loadChannels(): Promise<void> {
  const list = await get<WireMyChannel[]>('/channels');
  channels.value = list.map((c) => (c.id === activeChannelId.value ? { ...c, unreadCount: 0, mentionCount: 0 } : c));
  for (const c of list) {
    const s = store(c.id);
    if (!s.loaded) s.version = Math.max(s.version, c.version);
  }
}

function addChannel(channel: WireChannel): void {
  if (channels.value.some((c) => c.id === channel.id)) return;
  const role = channel.myRole ?? 'member';
  channels.value = [...channels.value, { ...channel, unreadCount: 0, mentionCount: 0, lastReadSeq: channel.lastSeq, role, myRole: role, version: 0 }];
  void loadChannels().catch(() => undefined);
}

/**
 * Renamed, described, archived, member count, or my role (only a `channel:updated` sent to me carries myRole):
 * merged into my channel list; the unread counts stay mine.
 */
export function applyChannelUpdate(channel: WireChannel): void {
  patchChannel(channel.id, (c) => {
    const role = channel.myRole ?? c.myRole ?? c.role;
    return {
      ...c,
      name: channel.name,
      description: channel.description,
      visibility: channel.visibility,
      memberCount: channel.memberCount,
      archived: channel.archived,
      role,
      myRole: role,
    };
  });
  channelChanges.value = { ...channelChanges.value, [channel.id]: (channelChanges.value[channel.id] ?? 0) + 1 };
}

function patchChannel(id: string, f: (c: WireMyChannel) => WireMyChannel): void {
  channels.value = channels.value.map((c) => (c.id === id ? f(c) : c));
}

/** `sync` every channel with loaded messages from the last version seen, page by page. */
async function syncLoaded(): Promise<void> {
  const versions: Record<string, number> = {};
  for (const [id, s] of stores) if (s.loaded) versions[id] = s.version;
  if (!Object.keys(versions).length) return;
  for (let round = 0; round < 1000; round++) {
    const res = await emit('sync', { channels: versions });
    if (!res.ok) return;
    for (const m of res.changes) {
      onMessage(m, false);
      versions[m.channelId] = Math.max(versions[m.channelId] ?? 0, m.version);
    }
    if (!res.more) return;
  }
}

function onMessage(m: WireMessage, isNew: boolean): void {
  const s = store(m.channelId);
  const old = s.byId.get(m.id);
  if (old && old.version >= m.version) return;
  s.version = Math.max(s.version, m.version);
  // A change to a message older than the loaded history stays out: the history is loaded page by page, without gaps.
  if (!old && !isNew && !m.threadId && s.loaded && !s.complete && m.seq < oldestSeq(s)) return;
  s.byId.set(m.id, m);
  if (!isNew && m.deletedAt && !old?.deletedAt) dropUnread(m, old);
  if (isNew && !old) {
    const mine = m.author.id === me();
    patchChannel(m.channelId, (c) => {
      const lastSeq = Math.max(c.lastSeq, m.seq);
      if (mine || c.id === activeChannelId.value) return { ...c, lastSeq, lastReadSeq: mine ? Math.max(c.lastReadSeq, m.seq) : c.lastReadSeq };
      const mentioned = m.mentions.includes(me() ?? '');
      return { ...c, lastSeq, unreadCount: c.unreadCount + 1, mentionCount: c.mentionCount + (mentioned ? 1 : 0) };
    });
  }
  messagesTick.value++;
}

/** A message deleted while unread no longer counts (the server's counts skip deleted messages too). */
function dropUnread(m: WireMessage, old: WireMessage | undefined): void {
  if (m.author.id === me()) return;
  const mentioned = (old ?? m).mentions.includes(me() ?? '');
  patchChannel(m.channelId, (c) =>
    m.seq > c.lastReadSeq && m.seq <= c.lastSeq && c.unreadCount > 0
      ? { ...c, unreadCount: c.unreadCount - 1, mentionCount: mentioned ? Math.max(0, c.mentionCount - 1) : c.mentionCount }
      : c,
  );
}

function oldestSeq(s: ChannelStore): number {
  let min = Infinity;
  for (const m of s.byId.values()) if (!m.threadId && m.seq < min) min = m.seq;
  return min;
}

/** Top-level messages of a channel, oldest first (replies live in the replies panel). */
export function topLevel(channelId: string): WireMessage[] {
  return [...store(channelId).byId.values()].filter((m) => !m.threadId).sort((a, b) => a.seq - b.seq);
}

export function replies(channelId: string, rootId: string): WireMessage[] {
  return [...store(channelId).byId.values()].filter((m) => m.threadId === rootId).sort((a, b) => a.seq - b.seq);
}

export function message(channelId: string, id: string): WireMessage | undefined {
  return store(channelId).byId.get(id);
}

export function hasOlder(channelId: string): boolean {
  return !store(channelId).complete;
}

const PAGE = 100;

/** The latest page of a channel, once. */
export async function openChannel(channelId: string): Promise<void> {
  const s = store(channelId);
  if (s.loaded) return;
  // Changes up to the channel's version as listed are in this page or older than it: sync resumes after them.
  const listed = channels.value.find((c) => c.id === channelId)?.version ?? 0;
  const page = await get<WireMessage[]>(`/channels/${encodeURIComponent(channelId)}/messages${query({ limit: PAGE, topLevel: true })}`);
  s.loaded = true;
  s.complete = page.length < PAGE;
  s.version = Math.max(s.version, listed);
  for (const m of page) ingest(s, m);
  messagesTick.value++;
}

/** The page before the oldest loaded message. */
export async function loadOlder(channelId: string): Promise<number> {
  const s = store(channelId);
  const oldest = topLevel(channelId)[0];
  if (s.complete || !oldest) return 0;
  const page = await get<WireMessage[]>(`/channels/${encodeURIComponent(channelId)}/messages${query({ before: oldest.seq, limit: PAGE, topLevel: true })}`);
  s.complete = page.length < PAGE;
  for (const m of page) ingest(s, m);
  messagesTick.value++;
  return page.length;
}

export async function loadReplies(channelId: string, rootId: string): Promise<void> {
  const s = store(channelId);
  let after = 0;
  for (;;) {
    const page = await get<WireMessage[]>(`/channels/${encodeURIComponent(channelId)}/messages${query({ threadId: rootId, after, limit: 200 })}`);
    for (const m of page) ingest(s, m);
    if (page.length < 200) break;
    after = page[page.length - 1].seq;
  }
  messagesTick.value++;
}

/** Puts messages fetched over HTTP (a thread view) into the store. */
export function ingestAll(list: WireMessage[]): void {
  for (const m of list) ingest(store(m.channelId), m);
  messagesTick.value++;
}

function ingest(s: ChannelStore, m: WireMessage): void {
  const old = s.byId.get(m.id);
  if (!old || old.version < m.version) s.byId.set(m.id, m);
  s.version = Math.max(s.version, m.version);
}

/** Queues a message and sends it when connected; the server dedupes the clientId, so resending is safe. */
export function sendMessage(channelId: string, body: string, threadId?: string): void {
  saveOutbox([...outbox.value, { clientId: newClientId(), channelId, body, ...(threadId ? { threadId } : {}) }]);
  void flushOutbox();
}

export function discardPending(clientId: string): void {
  saveOutbox(outbox.value.filter((p) => p.clientId !== clientId));
}

let flushing = false;
async function flushOutbox(): Promise<void> {
  if (flushing || !socket?.connected) return;
  flushing = true;
  try {
    for (;;) {
      const next = outbox.value.find((p) => !p.error);
      if (!next || !socket?.connected) return;
      let res: Ack<{ message: WireMessage }>;
      try {
        res = await emit('message:send', { channelId: next.channelId, clientId: next.clientId, body: next.body, ...(next.threadId ? { threadId: next.threadId } : {}) });
      } catch {
        return; // no ack in time: sent again (same clientId) after the next connect
      }
      if (res.ok) {
        onMessage(res.message, true);
        saveOutbox(outbox.value.filter((p) => p.clientId !== next.clientId));
      } else if (res.error.code === 'rate_limited') {
        setTimeout(() => void flushOutbox(), 2000);
        return;
      } else {
        const msg = errorText(res.error.code, undefined, Array.isArray(res.error.message) ? res.error.message.join('; ') : res.error.message);
        saveOutbox(outbox.value.map((p) => (p.clientId === next.clientId ? { ...p, error: msg } : p)));
      }
    }
  } finally {
    flushing = false;
  }
}

/** Emits with an acknowledgement; rejects when none comes within 10 s or the socket is down. */
export function emit<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<ClientEventAck<E>> {
  return new Promise((resolve, reject) => {
    if (!socket?.connected) return reject(new Error('offline'));
    const timer = setTimeout(() => reject(new Error('timeout')), 10_000);
    (socket.emit as (e: string, p: unknown, cb: (a: ClientEventAck<E>) => void) => void)(event, payload, (a) => {
      clearTimeout(timer);
      resolve(a);
    });
  });
}

/** A failed acknowledgement: `code` from the error catalog, `message` the text for it in the UI language. */
export class AckFailure extends Error {
  constructor(
    readonly code: string,
    readonly serverMessage: string,
  ) {
    super(errorText(code, undefined, serverMessage));
  }
}

/** Emits and throws an AckFailure for a failed ack; applies a returned message to the store. */
export async function act<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<ClientEventResult<E>> {
  const res = await emit(event, payload);
  if (!res.ok) throw new AckFailure(res.error.code, Array.isArray(res.error.message) ? res.error.message.join('; ') : res.error.message);
  const m = (res as { message?: WireMessage }).message;
  if (m) onMessage(m, false);
  return res as ClientEventResult<E>;
}

let watched = '';
/** Follows the presence of these users (the people on screen); statuses arrive now and then live. */
export function watchPresence(userIds: string[]): void {
  const ids = [...new Set(userIds)].slice(0, 200).sort();
  const key = ids.join(',');
  if (key === watched || !socket?.connected) return;
  watched = key;
  void emit('presence:watch', { userIds: ids }).then(
    (res) => {
      if (res.ok) presence.value = { ...presence.value, ...res.statuses };
    },
    () => (watched = ''),
  );
}

let lastTypingAt = 0;
export function sendTyping(channelId: string, threadId?: string): void {
  const now = Date.now();
  if (now - lastTypingAt < 2500 || !socket?.connected) return;
  lastTypingAt = now;
  socket.emit('typing', { channelId, ...(threadId ? { threadId } : {}) }, () => undefined);
}

const readTimers = new Map<string, ReturnType<typeof setTimeout>>();
/** Marks a channel read up to `seq` (debounced), and clears its badges at once. */
export function markRead(channelId: string, seq: number): void {
  const c = channels.value.find((x) => x.id === channelId);
  if (!c || (seq <= c.lastReadSeq && c.unreadCount === 0)) return;
  patchChannel(channelId, (x) => ({ ...x, lastReadSeq: Math.max(x.lastReadSeq, seq), unreadCount: 0, mentionCount: 0 }));
  clearTimeout(readTimers.get(channelId));
  readTimers.set(
    channelId,
    setTimeout(() => void emit('channel:read', { channelId, seq }).catch(() => undefined), 400),
  );
}
