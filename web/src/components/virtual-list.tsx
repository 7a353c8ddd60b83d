import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

export interface Row {
  key: string;
  /** False for rows whose key may move when rows are added above (day separators): never used as the anchor. */
  anchor?: boolean;
  render: () => ComponentChildren;
}

const ESTIMATE = 64;
const OVERSCAN = 800;

/**
 * A list that renders only the rows near the viewport, so a channel with thousands of messages scrolls smoothly.
 * Rows have their own heights (measured with ResizeObserver); the view stays on the same row when rows are
 * added above (older history) or resize, and follows the bottom while the reader is at the bottom.
 */
export function VirtualList(props: { rows: Row[]; label: string; onNearTop?: () => void; class?: string; testId?: string }) {
  const { rows } = props;
  const ref = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [tick, setTick] = useState(0);
  const [view, setView] = useState({ top: 0, height: 800 });
  const atBottom = useRef(true);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const pending = useRef(false);

  // Row tops, recomputed only when rows or measured heights change (not on every scroll).
  const { offsets, total, indexOf } = useMemo(() => {
    const offsets = new Array<number>(rows.length);
    const indexOf = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < rows.length; i++) {
      offsets[i] = total;
      indexOf.set(rows[i].key, i);
      total += heights.current.get(rows[i].key) ?? ESTIMATE;
    }
    return { offsets, total, indexOf };
  }, [rows, tick]);

  const [start, end] = windowOf(offsets, view.top, view.height);

  if (!observer.current) {
    observer.current = new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const key = (e.target as HTMLElement).dataset.key!;
        const h = Math.ceil((e.target as HTMLElement).offsetHeight);
        if (h && heights.current.get(key) !== h) {
          heights.current.set(key, h);
          changed = true;
        }
      }
      if (changed && !pending.current) {
        pending.current = true;
        requestAnimationFrame(() => {
          pending.current = false;
          setTick((n) => n + 1);
        });
      }
    });
  }
  useEffect(() => () => observer.current?.disconnect(), []);

  // After each render: stay at the bottom, or keep the anchor row where the reader saw it.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const i = indexOf.get(anchor.current.key);
      if (i !== undefined) {
        const want = offsets[i] - anchor.current.delta;
        if (Math.abs(want - el.scrollTop) > 1) el.scrollTop = want;
      }
    }
  });

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    let first = Math.min(rows.length - 1, Math.max(0, lowerBound(offsets, el.scrollTop) - 1));
    while (first < rows.length - 1 && rows[first].anchor === false) first++;
    anchor.current = rows[first] ? { key: rows[first].key, delta: offsets[first] - el.scrollTop } : null;
    // Re-render only when the rendered window changes; scrolling inside it is the browser's work alone.
    const [s2, e2] = windowOf(offsets, el.scrollTop, el.clientHeight);
    if (s2 !== start || e2 !== end || el.clientHeight !== view.height) setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop < 400) props.onNearTop?.();
  };

  useEffect(() => {
    const el = ref.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight || 800 });
    const onResize = () => onScroll();
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // A short list does not fill the view: fetch older rows until it does.
  useEffect(() => {
    const el = ref.current;
    if (el && el.scrollHeight <= el.clientHeight + 10) props.onNearTop?.();
  }, [rows.length]);

  return (
    <div ref={ref} class={`messages ${props.class ?? ''}`} onScroll={onScroll} role="log" aria-label={props.label} tabIndex={0} data-testid={props.testId} data-rows={rows.length}>
      <div style={{ height: `${total}px`, position: 'relative' }}>
        {rows.slice(start, end).map((r, k) => (
          <Item key={r.key} rowKey={r.key} top={offsets[start + k]} observer={observer.current}>
            {r.render()}
          </Item>
        ))}
      </div>
    </div>
  );
}

function Item(props: { rowKey: string; top: number; observer: ResizeObserver | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node || !props.observer) return;
    props.observer.observe(node);
    return () => props.observer?.unobserve(node);
  }, [props.observer]);
  return (
    <div ref={ref} data-key={props.rowKey} style={{ position: 'absolute', top: `${props.top}px`, left: 0, right: 0 }}>
      {props.children}
    </div>
  );
}

/** The rows to render: from the first whose bottom is below top - OVERSCAN to the last whose top is above bottom + OVERSCAN. */
function windowOf(offsets: number[], top: number, height: number): [number, number] {
  const start = Math.max(0, lowerBound(offsets, top - OVERSCAN) - 1);
  let end = start;
  while (end < offsets.length && offsets[end] < top + height + OVERSCAN) end++;
  return [start, end];
}

/** The first index whose offset is greater than `value`. */
function lowerBound(offsets: number[], value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
