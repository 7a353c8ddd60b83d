import { v7 } from 'uuid';

/** A new opaque id: UUIDv7, so ids sort by creation time and work as list cursors. */
export function newId(): string {
  return v7();
}
