const stampFormats = new Map<string, Intl.DateTimeFormat>();

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

/** The zone this machine runs in: the plan's `timezone` when it names none. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/Stockholm`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
