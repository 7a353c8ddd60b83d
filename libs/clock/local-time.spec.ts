import { emailDeliveryTime, localHour, localTimeToInstant } from './local-time';

const Q = { start: '22:00', end: '07:00' };

describe('emailDeliveryTime (quiet hours in the recipient zone)', () => {
  // 2026-12-01T18:30Z is 22:30 in Baku (UTC+4), 23:30 in Almaty (UTC+5), 19:30 in Sarajevo (UTC+1), 02:30 next day in Ulaanbaatar (UTC+8).
  const now = new Date('2026-12-01T18:30:00Z');

  it.each([
    ['Asia/Baku', '2026-12-02T03:00:00.000Z'], // 07:00 Baku
    ['Asia/Almaty', '2026-12-02T02:00:00.000Z'], // 07:00 Almaty
    ['Asia/Ulaanbaatar', '2026-12-01T23:00:00.000Z'], // 07:00 Ulaanbaatar, the same night
  ])('defers inside quiet hours in %s to %s', (zone, expected) => {
    expect(emailDeliveryTime(now, zone, Q).toISOString()).toBe(expected);
  });

  it('sends at once outside quiet hours (Sarajevo, 19:30)', () => {
    expect(emailDeliveryTime(now, 'Europe/Sarajevo', Q)).toEqual(now);
  });

  it('ignores quiet hours for urgent mail and when there are none', () => {
    expect(emailDeliveryTime(now, 'Asia/Baku', Q, true)).toEqual(now);
    expect(emailDeliveryTime(now, 'Asia/Baku', null)).toEqual(now);
  });

  it('handles quiet hours within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(emailDeliveryTime(new Date('2026-12-01T08:15:00Z'), 'Asia/Baku', lunch).toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(emailDeliveryTime(new Date('2026-12-01T09:30:00Z'), 'Asia/Baku', lunch).toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });

  it('treats the end minute as outside and the start minute as inside', () => {
    expect(emailDeliveryTime(new Date('2026-12-01T03:00:00Z'), 'Asia/Baku', Q).toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(emailDeliveryTime(new Date('2026-12-01T18:00:00Z'), 'Asia/Baku', Q).toISOString()).toBe('2026-12-02T03:00:00.000Z');
  });
});

describe('localTimeToInstant', () => {
  it.each([
    ['Asia/Baku', '2026-12-01T05:00:00.000Z'],
    ['Asia/Almaty', '2026-12-01T04:00:00.000Z'],
    ['Europe/Sarajevo', '2026-12-01T08:00:00.000Z'],
    ['Asia/Ulaanbaatar', '2026-12-01T01:00:00.000Z'],
    ['Europe/Istanbul', '2026-12-01T06:00:00.000Z'],
  ])('09:00 on 2026-12-01 in %s is %s', (zone, iso) => {
    expect(localTimeToInstant('2026-12-01', '09:00', zone).toISOString()).toBe(iso);
  });

  it('follows daylight saving time (Sarajevo in July is UTC+2)', () => {
    expect(localTimeToInstant('2026-07-01', '09:00', 'Europe/Sarajevo').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('refuses impossible times', () => {
    expect(() => localTimeToInstant('2026-02-30', '09:00', 'Asia/Baku')).toThrow();
  });

  it('gives the local hour', () => {
    expect(localHour(new Date('2026-12-01T18:30:00Z'), 'Asia/Ulaanbaatar')).toBe(2);
  });
});
