const stampFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-22`: the calendar day of `millis` in `timeZone`, as people type a date. */
export function isoDay(millis: number, timeZone: string): string {
  const stamp = dateStamp(millis, timeZone);
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}`;
}

/**
 * The moment the clocks in `timeZone` show `hour`:00 on `day` (YYYY-MM-DD). Found from the zone's
 * offset then, so a day on which the clocks change is right everywhere but inside the changed hour.
 */
export function atLocalTime(day: string, hour: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour);
  // The offset at the guess may be the other side of a clock change from the answer (New York's
  // 06:00 on the day it springs forward): the offset at the first answer settles it.
  const first = guess - (wallClock(guess, timeZone) - guess);
  return guess - (wallClock(first, timeZone) - first);
}

/** `20261122`: the calendar day of `millis` in `timeZone` (an IANA name), for channel names. */
export function dateStamp(millis: number, timeZone: string): string {
  let format = stampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    stampFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(millis);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}

/**
 * The wall-clock time `millis` shows in `timeZone`, as if it were UTC: a chart drawn on a UTC
 * scale then reads in the team's time zone, whatever zone the machine rendering it is in.
 */
export function wallClock(millis: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(millis)
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second, millis % 1000);
}
