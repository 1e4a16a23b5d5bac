import ms from 'ms';

/** Durations in the plan are strings such as `30s`, `10m`, `2h` (the `ms` package's grammar). */
export function parseDuration(text: string): number | undefined {
  if (!/^\s*\d+(\.\d+)?\s*[a-z]+\s*$/i.test(text)) return undefined; // a bare number is ambiguous: refuse it
  const value = ms(text as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `90000` → `1m 30s`: short enough for a status line, exact enough for a debrief. */
export function formatDuration(millis: number): string {
  const total = Math.max(0, Math.round(millis / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean);
  return parts.length === 0 ? '0s' : parts.slice(0, 2).join(' ');
}
