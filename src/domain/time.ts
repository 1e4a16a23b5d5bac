/** `2026-11-22 04:51 UTC`: a debrief is read later, elsewhere, by people in other time zones. */
export function utc(millis: number): string {
  return new Date(millis).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** Same, with seconds, for timelines where order within a minute matters. */
export function utcSeconds(millis: number): string {
  return new Date(millis).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
