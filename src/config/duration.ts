import ms from 'ms';

/** Durations in the plan are strings such as `30s`, `10m`, `2h` (the `ms` package's grammar). */
export function parseDuration(text: string, o: { zero?: boolean } = {}): number | undefined {
  if (!/^\s*\d+(\.\d+)?\s*[a-z]+\s*$/i.test(text)) return undefined; // a bare number is ambiguous: refuse it
  const value = ms(text as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) && (value > 0 || (o.zero === true && value === 0)) ? value : undefined;
}
