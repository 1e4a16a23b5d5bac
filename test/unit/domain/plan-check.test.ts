import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../src/config/plan.js';
import { checkPlan, isWarning, wholeNight, type PersonFacts } from '../../../src/domain/plan-check.js';
import { atLocalTime } from '../../../src/domain/time.js';
import { examplePlanText } from '../support.js';

const HOUR = 3_600_000;
const plan = parsePlan(examplePlanText(), 'crisis-plan.example.yml');
const facts = (over: Partial<PersonFacts> & { slackId?: string }): PersonFacts => ({
  slackId: over.slackId,
  emailUnknown: false,
  matching: false,
  deactivated: false,
  userUnknown: false,
  nightDnd: undefined,
  ...over,
});

describe('checkPlan', () => {
  it('finds no gap in the example plan as written, and pages each stage’s roles', () => {
    const check = checkPlan(plan);
    expect(check.gaps).toEqual([]);
    expect(check.stages.map((s) => s.paged.map((p) => p.name))).toEqual([['Anna Berg', 'Kasia Nowak'], ['Omar Nilsson']]);
  });

  it('counts a deactivated or unknown member as nobody: their roles, stages, mandates, items and accounts go empty', () => {
    const check = checkPlan(
      plan,
      new Map([
        ['Omar Nilsson', facts({ slackId: 'U0OMAR', deactivated: true })],
        ['Anna Berg', facts({ slackId: 'U0ANNA', userUnknown: true })],
      ]),
    );
    expect(check.stages[1]!.paged).toEqual([]);
    expect(check.gaps).toEqual(
      expect.arrayContaining([
        { kind: 'deactivated', member: 'Omar Nilsson' },
        { kind: 'user_unknown', member: 'Anna Berg', slackId: 'U0ANNA' },
        { kind: 'role_empty', role: 'crisis-lead' },
        { kind: 'role_empty', role: 'spokesperson' },
        { kind: 'role_empty', role: 'social-media-manager' },
        { kind: 'stage_empty', stage: 2, name: 'Crisis group' },
        { kind: 'mandate_empty', mandate: 'close' },
        { kind: 'mandate_empty', mandate: 'approve' },
        expect.objectContaining({ kind: 'checklist_role_empty', role: 'spokesperson' }),
        expect.objectContaining({ kind: 'account_owner_empty', owner: 'social-media-manager' }),
      ]),
    );
    // Kasia still answers for stage 1.
    expect(check.stages[0]!.paged.map((p) => p.name)).toEqual(['Kasia Nowak']);
    expect(check.gaps.every((g) => !isWarning(g))).toBe(true);
  });

  it('warns of a night under Do Not Disturb and of an email still being matched, without calling them errors', () => {
    const check = checkPlan(
      plan,
      new Map([
        ['Anna Berg', facts({ slackId: 'U0ANNA', nightDnd: { from: 1, to: 2 } })],
        ['Omar Nilsson', facts({ slackId: 'U0OMAR', nightDnd: { from: 1, to: 2 } })],
        ['Kasia Nowak', facts({ matching: true })],
      ]),
    );
    // In roster order; Kasia, still being matched, is paged once she is, so stage 1 and her role still count her.
    expect(check.gaps).toEqual([
      // Anna has a number, but no stage that pages her calls; Omar's stage calls after 5m.
      { kind: 'night_dnd', member: 'Anna Berg', from: 1, to: 2, phone: false },
      { kind: 'night_dnd', member: 'Omar Nilsson', from: 1, to: 2, phone: true },
      { kind: 'matching', member: 'Kasia Nowak', email: 'kasia@example.com' },
    ]);
    expect(check.gaps.every(isWarning)).toBe(true);
    expect(check.stages[0]!.paged).toEqual([
      { name: 'Anna Berg', slackId: 'U0ANNA', phone: '+46 70 000 00 01', quietAtNight: true },
      { name: 'Kasia Nowak', slackId: undefined, phone: undefined, quietAtNight: false },
    ]);
  });
});

describe('checkPlan without a phone service', () => {
  it('calls nobody: the calling stages are named once as a warning, and nobody’s night is saved by a call', () => {
    const check = checkPlan(plan, new Map([['Omar Nilsson', facts({ slackId: 'U0OMAR', nightDnd: { from: 1, to: 2 } })]]), false);
    expect(check.gaps).toEqual([
      { kind: 'phone_off', stages: ['Crisis group'] },
      { kind: 'night_dnd', member: 'Omar Nilsson', from: 1, to: 2, phone: false },
    ]);
    expect(check.stages[1]!.phoneAfterMs).toBeUndefined();
  });
});

describe('wholeNight', () => {
  const zone = 'Europe/Stockholm';
  const at = (day: string, hour: number) => atLocalTime(day, hour, zone);

  it('is a window from before midnight to 06:00 or later on the clocks of the plan’s zone', () => {
    expect(wholeNight(at('2026-03-05', 22), at('2026-03-06', 7), zone)).toBe(true);
    expect(wholeNight(at('2026-03-06', 0), at('2026-03-06', 6), zone)).toBe(true);
    expect(wholeNight(at('2026-03-05', 22), at('2026-03-06', 5), zone)).toBe(false);
    expect(wholeNight(at('2026-03-06', 1), at('2026-03-06', 9), zone)).toBe(false);
    expect(wholeNight(at('2026-03-05', 9), at('2026-03-05', 17), zone)).toBe(false);
    expect(wholeNight(at('2026-03-06', 7), at('2026-03-06', 7), zone)).toBe(false);
  });

  it('reads the night in the zone, not the machine’s: 22:00–07:00 in Stockholm is not a whole night in New York', () => {
    expect(wholeNight(at('2026-03-05', 22), at('2026-03-06', 7), 'America/New_York')).toBe(false);
  });

  it('reads a night from fixed instants in zones either side of UTC, on the days the clocks change', () => {
    // New York springs forward on 2026-03-08 (02:00 EST → 03:00 EDT): 06:00 EDT is 10:00 UTC.
    expect(wholeNight(Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 8, 10), 'America/New_York')).toBe(true);
    expect(wholeNight(Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 8, 9, 59), 'America/New_York')).toBe(false);
    // Sydney falls back on 2026-04-05 (03:00 AEDT → 02:00 AEST): midnight AEDT is 13:00 UTC the day before, 06:00 AEST is 20:00 UTC.
    expect(wholeNight(Date.UTC(2026, 3, 4, 13), Date.UTC(2026, 3, 4, 20), 'Australia/Sydney')).toBe(true);
    expect(wholeNight(Date.UTC(2026, 3, 4, 13), Date.UTC(2026, 3, 4, 19, 59), 'Australia/Sydney')).toBe(false);
    // Sydney springs forward on 2026-10-04 (02:00 AEST → 03:00 AEDT): midnight AEST is 14:00 UTC the day before.
    expect(wholeNight(Date.UTC(2026, 9, 3, 14), Date.UTC(2026, 9, 3, 19), 'Australia/Sydney')).toBe(true);
  });

  it('holds across the night the clocks go forward', () => {
    // 2026-03-29: Stockholm's clocks go from 02:00 to 03:00.
    expect(wholeNight(at('2026-03-28', 23), at('2026-03-29', 6), zone)).toBe(true);
    expect(at('2026-03-29', 6) - at('2026-03-29', 0)).toBe(5 * HOUR);
  });
});
