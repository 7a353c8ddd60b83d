import type { WireSearchHit } from '@lib/contract';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { isSqlite, newId } from '@lib/database';
import { AppError } from '@lib/errors';
import { searchQueryTokens, searchTokens } from '@lib/text';
import type { AuthUser } from '@lib/auth';
import { SearchDoc } from './search-doc.entity';

/** A search result, as the API answers it. */
export type SearchHit = WireSearchHit;

export interface SearchQuery {
  q: string;
  channelId?: string;
  countryCode?: string;
  kind?: 'messages' | 'threads';
  limit?: number;
}

const SNIPPET_CHARS = 200;

/**
 * Full-text search over message bodies and thread titles, across scripts (libs/text folds every text to a
 * shared Latin skeleton): a 'simple' tsvector with a GIN index on PostgreSQL, FTS5 on SQLite. Results come only
 * from channels the caller may read; the last query word matches as a prefix.
 */
@Injectable()
export class SearchService {
  constructor(private readonly em: EntityManager) {}

  /** Adds or replaces the searchable text of a message or thread (in em's transaction); null text removes it. */
  async index(em: EntityManager, doc: { kind: 'message' | 'thread'; refId: string; channelId: string; countryCode: string | null; createdAt: Date; text: string | null }): Promise<void> {
    if (doc.text === null) {
      await em.nativeDelete(SearchDoc, { kind: doc.kind, refId: doc.refId });
      return;
    }
    const textKey = searchTokens(doc.text).join(' ');
    await (em as SqlEntityManager)
      .createQueryBuilder(SearchDoc)
      .insert({ id: newId(), kind: doc.kind, refId: doc.refId, channelId: doc.channelId, countryCode: doc.countryCode, createdAt: doc.createdAt, textKey })
      .onConflict(['kind', 'ref_id'])
      .merge(['text_key'])
      .execute('run');
  }

  async search(user: AuthUser, query: SearchQuery): Promise<SearchHit[]> {
    const tokens = searchQueryTokens(query.q).slice(0, 12);
    if (!tokens.length) throw new AppError('bad_request', { message: 'q must contain at least one word' });
    const limit = query.limit ?? 20;
    const conn = this.em.getConnection();
    const readable: string[] = (
      await conn.execute(
        `select id from channels where visibility = 'public' and kind <> 'direct'
         union select channel_id as id from channel_members where user_id = ?`,
        [user.id],
      )
    ).map((r: { id: string }) => r.id);
    let channels = readable;
    if (query.channelId) {
      if (!readable.includes(query.channelId)) throw new AppError('channel_not_found');
      channels = [query.channelId];
    }
    if (!channels.length) return [];
    const filters: string[] = [`d.channel_id in (${channels.map(() => '?').join(',')})`];
    const params: unknown[] = [...channels];
    if (query.countryCode) {
      filters.push('d.country_code = ?');
      params.push(query.countryCode.toUpperCase());
    }
    if (query.kind) {
      filters.push('d.kind = ?');
      params.push(query.kind === 'threads' ? 'thread' : 'message');
    }
    let rows: { kind: 'message' | 'thread'; ref_id: string }[];
    if (isSqlite(this.em)) {
      const match = tokens.map((t, i) => `"${t}"${i === tokens.length - 1 ? '*' : ''}`).join(' ');
      rows = await conn.execute(
        `select d.kind, d.ref_id from search_fts f join search_docs d on d.rowid = f.rowid
          where search_fts match ? and ${filters.join(' and ')} order by f.rank, d.created_at desc limit ?`,
        [match, ...params, limit],
      );
    } else {
      const tsquery = tokens.map((t, i) => `'${t}'${i === tokens.length - 1 ? ':*' : ''}`).join(' & ');
      rows = await conn.execute(
        `select d.kind, d.ref_id from search_fts f join search_docs d on d.id = f.doc_id, to_tsquery('simple', ?) q
          where f.tsv @@ q and ${filters.join(' and ')} order by ts_rank(f.tsv, q) desc, d.created_at desc limit ?`,
        [tsquery, ...params, limit],
      );
    }
    return this.hits(rows, tokens);
  }

  private async hits(rows: { kind: 'message' | 'thread'; ref_id: string }[], tokens: string[]): Promise<SearchHit[]> {
    const conn = this.em.getConnection();
    const ids = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.ref_id);
    const messageIds = ids('message');
    const threadIds = ids('thread');
    const list = (n: number) => Array.from({ length: n }, () => '?').join(',');
    const messages: Record<string, unknown>[] = messageIds.length
      ? await conn.execute(
          `select m.id, m.channel_id, m.thread_id, m.body, m.created_at, u.id as author_id, u.display_name, u.country_code
             from messages m join users u on u.id = m.author_id where m.id in (${list(messageIds.length)}) and m.deleted_at is null`,
          messageIds,
        )
      : [];
    const threads: Record<string, unknown>[] = threadIds.length
      ? await conn.execute(
          `select t.id, t.channel_id, t.root_message_id, t.title, t.created_at, u.id as author_id, u.display_name, u.country_code
             from threads t join users u on u.id = t.author_id where t.id in (${list(threadIds.length)})`,
          threadIds,
        )
      : [];
    const byId = new Map<string, SearchHit>();
    for (const m of messages) {
      byId.set(`message:${m.id}`, {
        kind: 'message',
        id: String(m.id),
        channelId: String(m.channel_id),
        threadId: (m.thread_id as string | null) ?? null,
        title: null,
        snippet: highlight(String(m.body), tokens),
        author: { id: String(m.author_id), displayName: String(m.display_name), countryCode: (m.country_code as string | null) ?? null },
        createdAt: new Date(m.created_at as string).toISOString(),
      });
    }
    for (const t of threads) {
      byId.set(`thread:${t.id}`, {
        kind: 'thread',
        id: String(t.id),
        channelId: String(t.channel_id),
        threadId: String(t.root_message_id),
        title: String(t.title),
        snippet: highlight(String(t.title), tokens),
        author: { id: String(t.author_id), displayName: String(t.display_name), countryCode: (t.country_code as string | null) ?? null },
        createdAt: new Date(t.created_at as string).toISOString(),
      });
    }
    return rows.map((r) => byId.get(`${r.kind}:${r.ref_id}`)).filter((h): h is SearchHit => Boolean(h));
  }
}

const WORD = /[\p{L}\p{M}\p{N}ʻʼ'’‘]+/gu;

/** The original text around the first match, HTML-escaped, with every matching word in <mark>. */
export function highlight(text: string, tokens: string[]): string {
  const last = tokens.length - 1;
  const matches = (word: string) =>
    searchTokens(word).some((w) => tokens.some((t, i) => (i === last ? w.startsWith(t) : w === t)));
  const marks: [number, number][] = [];
  for (const m of text.matchAll(WORD)) if (matches(m[0])) marks.push([m.index!, m.index! + m[0].length]);
  const chars = [...text];
  const first = marks.length ? [...text.slice(0, marks[0][0])].length : 0;
  let from = Math.max(0, first - 60);
  const to = Math.min(chars.length, from + SNIPPET_CHARS);
  if (to - from < SNIPPET_CHARS) from = Math.max(0, to - SNIPPET_CHARS);
  // Back to UTF-16 offsets.
  const start = chars.slice(0, from).join('').length;
  const end = chars.slice(0, to).join('').length;
  let out = from > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of marks) {
    if (b <= start || a >= end) continue;
    out += escapeHtml(text.slice(pos, Math.max(a, start))) + '<mark>' + escapeHtml(text.slice(Math.max(a, start), Math.min(b, end))) + '</mark>';
    pos = Math.min(b, end);
  }
  out += escapeHtml(text.slice(pos, end)) + (to < chars.length ? '…' : '');
  return out.replace(/\s+/g, ' ').trim();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
