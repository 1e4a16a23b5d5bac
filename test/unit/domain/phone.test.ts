import { describe, expect, it } from 'vitest';
import { afterUnansweredCall, callOutcome, stillUnanswered, type PhoneAttempt } from '../../../src/domain/phone.js';
import { pausedNow } from '../../../src/jobs/phone.js';
import { examplePlan, pageRow, T0 } from '../support.js';

const call = (n: number): PhoneAttempt => ({
  id: n,
  crisisId: 1,
  pageId: 1,
  kind: 'call',
  attempt: n,
  cause: 'timer',
  requestedBy: null,
  number: '+46700000001',
  decidedAt: T0,
  sid: null,
  status: null,
  answeredBy: null,
  endedAt: null,
  outcome: 'no_answer',
});

describe('how a call ended', () => {
  it('is an answer only with the key 1: a machine is voicemail, a person without the key is not acknowledged', () => {
    expect(callOutcome('completed', 'human')).toBe('answered');
    expect(callOutcome('completed', null)).toBe('answered');
    expect(callOutcome('completed', 'machine_start')).toBe('voicemail');
    expect(callOutcome('completed', 'machine_end_beep')).toBe('voicemail');
    expect(callOutcome('completed', 'fax')).toBe('voicemail');
    expect(['no-answer', 'busy', 'failed', 'canceled'].map((s) => callOutcome(s, null))).toEqual([
      'no_answer',
      'busy',
      'failed',
      'canceled',
    ]);
  });
});

describe('after an unanswered call', () => {
  const plan = { ...examplePlan(), phone: { callAgainAfterMs: 300_000, calls: 3 } };

  it('texts after the first, and calls again until the plan’s number of calls', () => {
    expect(afterUnansweredCall(plan, [call(1)], T0)).toEqual({ text: true, nextCall: { attempt: 2, at: T0 + 300_000 } });
    const texted = { ...call(9), kind: 'text' as const, attempt: 1 };
    expect(afterUnansweredCall(plan, [call(1), texted, call(2)], T0)).toEqual({ text: false, nextCall: { attempt: 3, at: T0 + 300_000 } });
    expect(afterUnansweredCall(plan, [call(1), texted, call(2), call(3)], T0)).toEqual({ text: false, nextCall: undefined });
  });

  it('stops once the person, or anyone of their stage, has acknowledged, or the crisis closed', () => {
    const anna = pageRow({ id: 1, userId: 'U0ANNA', stage: 1 });
    const kasia = pageRow({ id: 2, userId: 'U0KASIA', stage: 1 });
    expect(stillUnanswered(plan, anna, [anna, kasia], true)).toBe(true);
    expect(stillUnanswered(plan, anna, [anna, kasia], false)).toBe(false);
    expect(stillUnanswered(plan, { ...anna, ackedAt: T0 }, [anna, kasia], true)).toBe(false);
    expect(stillUnanswered(plan, anna, [anna, { ...kasia, ackedAt: T0 }], true)).toBe(false);
  });
});

describe("Slack's Do Not Disturb", () => {
  const now = 1_800_000_000_000;
  const s = now / 1000;
  it('holds a page back inside the person’s hours or during a snooze, not otherwise', () => {
    expect(pausedNow({ dnd_enabled: true, next_dnd_start_ts: s - 60, next_dnd_end_ts: s + 60 }, now)).toBe(true);
    expect(pausedNow({ dnd_enabled: true, next_dnd_start_ts: s + 60, next_dnd_end_ts: s + 120 }, now)).toBe(false);
    expect(pausedNow({ dnd_enabled: false, next_dnd_start_ts: s - 60, next_dnd_end_ts: s + 60 }, now)).toBe(false);
    expect(pausedNow({ snooze_enabled: true, snooze_endtime: s + 600 }, now)).toBe(true);
    expect(pausedNow({ snooze_enabled: true, snooze_endtime: s - 1 }, now)).toBe(false);
    expect(pausedNow({}, now)).toBe(false);
  });
});
