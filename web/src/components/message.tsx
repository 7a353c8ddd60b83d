import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { WireMessage, WireMyChannel } from '@lib/contract';
import { session } from '../api';
import { formatDateTime, formatTime } from '../format';
import { t, tn } from '../i18n';
import { Markdown } from '../markdown';
import { act, discardPending, outbox, presence, sendMessage, sendTyping, type Pending } from '../realtime';

const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '👀', '✅', '🙏'];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('');
}

/** One message: author, time in my zone, the body (Markdown, direction from its own text), reactions and actions. */
export function MessageItem(props: { message: WireMessage; channel?: WireMyChannel; onReply?: () => void; extra?: ComponentChildren; class?: string }) {
  const m = props.message;
  const user = session.value?.user;
  const mine = m.author.id === user?.id;
  // Authors, the channel's owners and moderators, and admins delete; an archived channel takes no edits or reactions.
  const myRole = props.channel?.myRole ?? props.channel?.role;
  const canDelete = mine || user?.role === 'admin' || myRole === 'owner' || myRole === 'moderator';
  const archived = props.channel?.archived ?? false;
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<unknown>) => p.then(() => setError(null), (e: Error) => setError(e.message));

  return (
    <article class={`msg ${props.class ?? ''}`} aria-label={`${m.author.displayName}, ${formatDateTime(m.createdAt)}`} data-testid="message" data-seq={m.seq}>
      <div class="avatar" aria-hidden="true">
        {initials(m.author.displayName)}
      </div>
      <div class="meta">
        <span class="author">{m.author.displayName}</span>
        {presence.value[m.author.id] && (
          <span class={`dot ${presence.value[m.author.id]}`} role="img" aria-label={t(`chat.status.${presence.value[m.author.id]}`)} title={t(`chat.status.${presence.value[m.author.id]}`)} />
        )}
        <time class="time" dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
          {formatTime(m.createdAt)}
        </time>
        {m.editedAt && !m.deletedAt && <span class="edited">{t('chat.edited')}</span>}
      </div>
      {m.deletedAt || m.body === null ? (
        <p class="deleted">{t('chat.deleted')}</p>
      ) : editing ? (
        <EditForm message={m} done={() => setEditing(false)} />
      ) : (
        <div class="body" dir="auto" data-testid="message-body">
          <Markdown text={m.body} />
        </div>
      )}
      {!m.deletedAt && m.reactions.length > 0 && (
        <div class="reactions">
          {m.reactions.map((r) => (
            <button
              key={r.emoji}
              type="button"
              aria-pressed={r.userIds.includes(user?.id ?? '')}
              aria-label={t('chat.reactionBy', { emoji: r.emoji, n: r.count })}
              disabled={archived}
              onClick={() => run(act('reaction:toggle', { messageId: m.id, emoji: r.emoji }))}
            >
              {r.emoji} {r.count}
            </button>
          ))}
        </div>
      )}
      {props.onReply && m.replyCount > 0 && !m.threadId && (
        <button type="button" class="link replies-link" onClick={props.onReply}>
          {tn('chat.replies.one', 'chat.replies.other', m.replyCount)}
        </button>
      )}
      {props.extra}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!m.deletedAt && !editing && (
        <div class="actions" role="toolbar" aria-label={m.author.displayName}>
          {archived ? null : picking ? (
            <div class="emoji-picker">
              {QUICK_EMOJI.map((e) => (
                <button key={e} type="button" aria-label={t('chat.reactWith', { emoji: e })} onClick={() => (setPicking(false), run(act('reaction:toggle', { messageId: m.id, emoji: e })))}>
                  {e}
                </button>
              ))}
            </div>
          ) : (
            <button type="button" aria-label={t('chat.react')} title={t('chat.react')} onClick={() => setPicking(true)}>
              ☺
            </button>
          )}
          {props.onReply && !m.threadId && (
            <button type="button" onClick={props.onReply}>
              {t('chat.reply')}
            </button>
          )}
          {mine && !archived && (
            <button type="button" onClick={() => setEditing(true)}>
              {t('action.edit')}
            </button>
          )}
          {canDelete && (
            <button type="button" class="danger" onClick={() => confirm(t('chat.confirmDelete')) && run(act('message:delete', { messageId: m.id }))}>
              {t('action.delete')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

function EditForm({ message, done }: { message: WireMessage; done: () => void }) {
  const [body, setBody] = useState(message.body ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = (e: Event) => {
    e.preventDefault();
    act('message:edit', { messageId: message.id, body }).then(done, (err: Error) => setError(err.message));
  };
  return (
    <form class="stack" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && done()}>
      <textarea aria-label={t('chat.editLabel')} value={body} onInput={(e) => setBody(e.currentTarget.value)} rows={3} maxLength={10000} dir="auto" autoFocus />
      <div class="row">
        <button class="primary" type="submit">
          {t('action.save')}
        </button>
        <button type="button" onClick={done}>
          {t('action.cancel')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Messages typed but not acknowledged yet (offline, or in flight), shown greyed after the real ones. */
export function PendingItem({ p, online }: { p: Pending; online: boolean }) {
  const name = session.value?.user.displayName ?? '';
  return (
    <article class="msg pending" data-testid="pending-message">
      <div class="avatar" aria-hidden="true">
        {initials(name)}
      </div>
      <div class="meta">
        <span class="author">{name}</span>
        <span class="time">{p.error ? '' : online ? t('chat.sending') : t('chat.queued')}</span>
      </div>
      <div class="body" dir="auto">
        <Markdown text={p.body} />
      </div>
      {p.error && (
        <p class="error" role="alert">
          {t('chat.failed', { message: p.error })}{' '}
          <button type="button" class="link" onClick={() => discardPending(p.clientId)}>
            {t('chat.discard')}
          </button>
        </p>
      )}
    </article>
  );
}

export function pendingFor(channelId: string, threadId: string | null): Pending[] {
  return outbox.value.filter((p) => p.channelId === channelId && (p.threadId ?? null) === threadId);
}

/** The message box: Enter sends, Shift+Enter adds a line; typing is announced to the channel. */
export function Composer(props: { channelId: string; threadId?: string; label?: string; disabled?: boolean; disabledText?: string }) {
  const [body, setBody] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const submit = (e?: Event) => {
    e?.preventDefault();
    const text = body.trim();
    if (!text) return;
    sendMessage(props.channelId, text, props.threadId);
    setBody('');
    ref.current?.focus();
  };
  if (props.disabled) return <p class="muted composer">{props.disabledText ?? t('chat.readOnly')}</p>;
  return (
    <form class="composer" onSubmit={submit}>
      <textarea
        ref={ref}
        aria-label={props.label ?? t('chat.message')}
        placeholder={props.label ?? t('chat.message')}
        title={t('chat.enterHint')}
        value={body}
        rows={Math.min(8, body.split('\n').length)}
        maxLength={10000}
        dir="auto"
        onInput={(e) => {
          setBody(e.currentTarget.value);
          sendTyping(props.channelId, props.threadId);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <button class="primary" type="submit" disabled={!body.trim()}>
        {t('chat.send')}
      </button>
    </form>
  );
}
