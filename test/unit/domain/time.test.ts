import { describe, expect, it } from 'vitest';
import { atLocalTime, isoDay } from '../../../src/domain/time.js';

describe('days where the team works', () => {
  it('names the calendar day of a moment in a zone', () => {
    // 23:30 UTC on 19 December is already 20 December in Stockholm.
    const late = Date.UTC(2026, 11, 19, 23, 30);
    expect(isoDay(late, 'UTC')).toBe('2026-12-19');
    expect(isoDay(late, 'Europe/Stockholm')).toBe('2026-12-20');
  });

  it('finds the moment a zone’s clocks show an hour on a day, in winter and in summer time', () => {
    expect(atLocalTime('2026-12-20', 9, 'Europe/Stockholm')).toBe(Date.UTC(2026, 11, 20, 8));
    expect(atLocalTime('2026-07-01', 9, 'Europe/Warsaw')).toBe(Date.UTC(2026, 6, 1, 7));
    expect(atLocalTime('2026-07-01', 9, 'UTC')).toBe(Date.UTC(2026, 6, 1, 9));
    // The morning after the clocks went forward (29 March 2026 in the EU).
    expect(atLocalTime('2026-03-29', 9, 'Europe/Stockholm')).toBe(Date.UTC(2026, 2, 29, 7));
  });
});
