import { DateTime } from 'luxon';

export interface QuietHours {
  start: string; // HH:MM
  end: string; // HH:MM
}

/**
 * When an e-mail may go out: now, unless `now` falls inside the recipient's quiet hours in their own time zone,
 * in which case the end of those quiet hours. Quiet hours may cross midnight (22:00–07:00). Urgent mail ignores them.
 */
export function emailDeliveryTime(now: Date, timeZone: string, quiet: QuietHours | null, urgent = false): Date {
  if (urgent || !quiet || quiet.start === quiet.end) return now;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minutes = local.hour * 60 + local.minute;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return now;
  let endAt = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (endAt <= local) endAt = endAt.plus({ days: 1 });
  return endAt.toJSDate();
}

/** The instant at which it is `date` `time` (wall clock) in `timeZone`. */
export function localTimeToInstant(date: string, time: string, timeZone: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!dt.isValid) throw new Error(`invalid local time ${date} ${time} in ${timeZone}`);
  return dt.toJSDate();
}

/** The recipient's local hour (0–23) at `now`. */
export function localHour(now: Date, timeZone: string): number {
  return DateTime.fromJSDate(now, { zone: timeZone }).hour;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
