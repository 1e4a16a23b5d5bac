import { describe, expect, it } from 'vitest';
import { livePlan, parsePlan, readPlan, type RosterMember, type UnresolvedPlan } from '../../../src/config/plan.js';
import { e164 } from '../../../src/config/phone.js';
import { examplePlanText } from '../support.js';
import { configError } from '../support.js';

// Line numbers below are those of this text (line 1 is `channel_prefix`).
const BASE = [
  'channel_prefix: crisis', //                                  1
  'roster:', //                                                 2
  '  - name: Anna Berg', //                                     3
  '    slack_id: U0ANNA', //                                    4
  '    roles: [social-media-manager]', //                       5
  '    phone: "+46 70 000 00 01"', //                           6
  '  - name: Omar Nilsson', //                                  7
  '    slack_id: U0OMAR', //                                    8
  '    roles: [crisis-lead, spokesperson]', //                  9
  '  - name: Kasia Nowak', //                                   10
  '    email: kasia@example.com', //                            11
  '    roles: [customer-service]', //                           12
  'stages:', //                                                 13
  '  - name: Social team', //                                   14
  '    page: [social-media-manager, customer-service]', //      15
  '    ack_timeout: 10m', //                                    16
  '  - name: Crisis group', //                                  17
  '    page: [crisis-lead]', //                                 18
  '    ack_timeout: 15m', //                                    19
  'severities:', //                                             20
  '  sev1: { start_stage: 2 }', //                              21
  'mandates:', //                                               22
  '  close: [crisis-lead]', //                                  23
  '  escalate: [Omar Nilsson]', //                              24
  'checklists:', //                                             25
  '  default:', //                                              26
  '    - Pause all scheduled posts', //                         27
  '    - text: Publish a holding statement', //                 28
  '      role: spokesperson', //                                29
  '      due: 1h', //                                           30
  '      first_response: true', //                              31
].join('\n');

/** BASE with line `n` (1-based) replaced by `lines` (none to delete it). */
function edit(n: number, ...lines: string[]): string {
  const all = BASE.split('\n');
  all.splice(n - 1, 1, ...lines);
  return all.join('\n');
}

function planError(text: string, file = 'plan.yml'): string {
  return configError(() => parsePlan(text, file));
}

function isDeeplyFrozen(value: unknown, path = 'plan'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const here = Object.isFrozen(value) ? [] : [path];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => isDeeplyFrozen(v, `${path}.${k}`))];
}

describe('parsePlan', () => {
  it('parses the example plan at the repository root', () => {
    const plan = parsePlan(examplePlanText(), 'crisis-plan.example.yml');
    expect(plan.channelPrefix).toBe('crisis');
    expect(plan.debriefChannel).toBe('C0DEBRIEF');
    expect(plan.roster.map((m) => m.name)).toEqual(['Anna Berg', 'Omar Nilsson', 'Kasia Nowak']);
    expect(plan.roster[2]).toMatchObject({ slackId: undefined, email: 'kasia@example.com', roles: ['customer-service'] });
    expect(plan.stages).toEqual([
      {
        number: 1,
        name: 'Social team',
        page: ['social-media-manager', 'customer-service'],
        inform: ['crisis-lead'],
        ackTimeoutMs: 600_000,
        phoneAfterMs: undefined,
      },
      { number: 2, name: 'Crisis group', page: ['crisis-lead'], inform: [], ackTimeoutMs: 900_000, phoneAfterMs: 300_000 },
    ]);
    expect(plan.phone).toEqual({ callAgainAfterMs: 300_000, calls: 3 });
    expect(plan.startStage).toEqual({ sev1: 2, sev2: 1, sev3: 1 });
    expect(plan.mandates).toEqual({
      close: ['crisis-lead'],
      escalate: ['crisis-lead'],
      severity: ['crisis-lead'],
      approve: ['crisis-lead', 'spokesperson'],
    });
    expect(plan.statements.map((s) => s.id)).toEqual(['holding', 'apology']);
    expect(plan.company).toBe('Example AB');
    expect(plan.alerts).toEqual({ channel: 'C0ALERTS', openAt: 'sev1', notify: ['social-media-manager'], remindAfterMs: 900_000 });
    expect(plan.severityDescriptions.sev1).toBe('Spreading fast or reaching the press; the CEO may have to speak');
    expect(plan.policyUrl).toBe('https://intra.example.com/social-media-policy');
    expect(plan.thresholds).toEqual({ volumeRatio: 3, negativeShare: 0.5 });
    expect(Object.keys(plan.checklists)).toEqual(['default', 'data-breach']);
    expect(plan.checklists.default![0]).toEqual({
      text: 'Pause all scheduled posts',
      role: undefined,
      dueMs: undefined,
      doneWhen: 'all_accounts_paused',
    });
    expect(plan.checklists.default![1]).toEqual({
      text: 'Publish a holding statement',
      role: 'spokesperson',
      dueMs: 3_600_000,
      doneWhen: 'first_response',
    });
  });

  it('fills the optional sections with their defaults', () => {
    const noSeverities = BASE.split('\n')
      .filter((l) => !l.startsWith('severities:') && !l.includes('start_stage'))
      .join('\n');
    const plan = parsePlan(noSeverities, 'plan.yml');
    expect(plan.startStage).toEqual({ sev1: 1, sev2: 1, sev3: 1 });
    expect(plan.alerts).toBeUndefined();
    expect(plan.debriefChannel).toBeUndefined();
    expect(plan.thresholds).toEqual({ volumeRatio: 3, negativeShare: 0.5 });
    expect(plan.language).toBe('en');
    expect(plan.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('takes the language and the time zone the team works in', () => {
    const plan = parsePlan(`language: pl\ntimezone: Europe/Warsaw\n${BASE}`, 'plan.yml');
    expect(plan.language).toBe('pl');
    expect(plan.timeZone).toBe('Europe/Warsaw');
  });

  it('refuses a language it does not speak and a time zone that is not one, naming the line and field', () => {
    expect(planError(`language: de\n${BASE}`)).toBe('plan.yml:1: language must be one of en, sv, pl');
    expect(planError(`timezone: Europe/Atlantis\n${BASE}`)).toBe(
      'plan.yml:1: timezone is not an IANA time zone (use e.g. Europe/Stockholm, Europe/Warsaw, UTC)',
    );
  });

  it('returns a deeply frozen plan', () => {
    const plan = parsePlan(examplePlanText(), 'crisis-plan.example.yml');
    expect(isDeeplyFrozen(plan)).toEqual([]);
    expect(() => (plan.roster as unknown as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (plan.stages[0] as { ackTimeoutMs: number }).ackTimeoutMs = 1;
    }).toThrow(TypeError);
  });

  it('reports a YAML syntax error with file and line', () => {
    const message = planError(edit(14, '  - name: [Social team'), 'crisis-plan.yml');
    expect(message).toMatch(/^crisis-plan\.yml:1[45]: /);
  });

  it('reports a duplicate YAML key with its line', () => {
    expect(planError(edit(1, 'channel_prefix: crisis', 'channel_prefix: again'))).toMatch(/^plan\.yml:2: .*unique/i);
  });

  it('reports an unknown key, naming the key and where it is', () => {
    const message = planError(edit(6, '    phone: "+46 70 000 00 01"', '    nickname: Anna'));
    expect(message).toMatch(/^plan\.yml:\d+: roster\[0\] has an unknown key "nickname"$/);
    const top = planError(edit(1, 'channel_prefix: crisis', 'colour: red'));
    expect(top).toMatch(/^plan\.yml:\d+: .*unknown key "colour"$/);
  });

  it('reports a duration that is not one, with its line and field', () => {
    expect(planError(edit(16, '    ack_timeout: soon'))).toBe(
      'plan.yml:16: stages[0].ack_timeout "soon" is not a duration (use e.g. 30s, 10m, 2h)',
    );
  });

  // A checklist item is a string or an object; a bad `due` inside the object must still be
  // reported as a bad duration of that field, not as a generic "Invalid input" of the item.
  it('reports a bad checklist due time, naming the due field', () => {
    const message = planError(edit(30, '      due: soon'));
    expect(message).toMatch(/^plan\.yml:(28|30): checklists\.default\[1\]\.due "soon" is not a duration/);
  });

  // A bare number is a YAML number, not a string: the plan must say it is not a duration,
  // not that the key (which is right there) is missing.
  it('reports a bare-number ack_timeout as a bad duration, not as missing', () => {
    const message = planError(edit(16, '    ack_timeout: 10'));
    expect(message).toMatch(/^plan\.yml:16: stages\[0\]\.ack_timeout /);
    expect(message).not.toContain('is required');
  });

  it('reports a missing required key', () => {
    expect(planError(edit(16))).toMatch(/^plan\.yml:14: stages\[0\]\.ack_timeout is required$/);
    expect(planError('', 'empty.yml')).toBe('empty.yml: channel_prefix is required');
  });

  it('reports a role in stages[].page that nobody has', () => {
    expect(planError(edit(18, '    page: [crisis-leed]'))).toBe(
      'plan.yml:18: stages[1].page[0] "crisis-leed" is neither a role nor a roster member',
    );
  });

  it('reports a role in stages[].inform or alerts.notify that nobody has', () => {
    expect(planError(edit(16, '    inform: [boss]', '    ack_timeout: 10m'))).toBe(
      'plan.yml:16: stages[0].inform[0] "boss" is neither a role nor a roster member',
    );
    const alerts = `${BASE}\nalerts:\n  channel: C0ALERTS\n  notify: [social-media-manger]`;
    expect(planError(alerts)).toBe('plan.yml:34: alerts.notify[0] "social-media-manger" is neither a role nor a roster member');
  });

  it('takes inform, severity descriptions, the policy URL and triage notify with their defaults', () => {
    const plan = parsePlan(
      [
        edit(21, '  sev1: { start_stage: 2, description: Reaching the press }', '  sev3: { description: A few complaints }'),
        'policy_url: https://intra.example.com/policy',
        'alerts:',
        '  channel: C0ALERTS',
      ].join('\n'),
      'plan.yml',
    );
    expect(plan.stages.map((s) => s.inform)).toEqual([[], []]);
    expect(plan.startStage).toEqual({ sev1: 2, sev2: 1, sev3: 1 });
    expect(plan.severityDescriptions).toEqual({ sev1: 'Reaching the press', sev3: 'A few complaints' });
    expect(plan.policyUrl).toBe('https://intra.example.com/policy');
    expect(plan.alerts).toEqual({ channel: 'C0ALERTS', openAt: 'sev1', notify: undefined, remindAfterMs: 15 * 60_000 });
    expect(planError(`${BASE}\npolicy_url: intranet/policy`)).toBe('plan.yml:32: policy_url must be an http(s) URL');
  });

  it('takes a scheduler with its profile id for an account, and refuses either without the other', () => {
    const accounts = (...lines: string[]) => `${BASE}\naccounts:\n  - name: Instagram\n    owner: Anna Berg\n${lines.join('\n')}`;
    const plan = parsePlan(accounts('    scheduler: hootsuite', '    profile_id: 123456'), 'plan.yml');
    expect(plan.accounts[0]!.scheduler).toEqual({ kind: 'hootsuite', profileId: '123456' });
    expect(parsePlan(accounts('    scheduler: hootsuite', '    profile_id: "42"'), 'plan.yml').accounts[0]!.scheduler).toEqual({
      kind: 'hootsuite',
      profileId: '42',
    });
    expect(parsePlan(accounts(), 'plan.yml').accounts[0]!.scheduler).toBeUndefined();
    expect(planError(accounts('    scheduler: hootsuite'))).toBe(
      'plan.yml:33: accounts[0].profile_id is required with scheduler: hootsuite',
    );
    expect(planError(accounts('    profile_id: 123456'))).toBe(
      'plan.yml:33: accounts[0].scheduler is required with profile_id (e.g. scheduler: hootsuite)',
    );
    expect(planError(accounts('    scheduler: buffer', '    profile_id: 1'))).toBe('plan.yml:35: accounts[0].scheduler must be hootsuite');
    expect(planError(accounts('    scheduler: hootsuite', '    profile_id: insta'))).toBe(
      "plan.yml:36: accounts[0].profile_id must be the profile's number in the scheduler",
    );
  });

  it('accepts roster names as well as roles in references', () => {
    const plan = parsePlan(edit(18, '    page: [Omar Nilsson]'), 'plan.yml');
    expect(plan.stages[1]!.page).toEqual(['Omar Nilsson']);
  });

  it('reports an unknown role in mandates', () => {
    expect(planError(edit(23, '  close: [boss]'))).toBe('plan.yml:23: mandates.close[0] "boss" is neither a role nor a roster member');
    expect(planError(edit(24, '  escalate: [Omar]'))).toMatch(/^plan\.yml:24: mandates\.escalate\[0\] "Omar"/);
  });

  it('reports an unknown checklist role', () => {
    expect(planError(edit(29, '      role: support'))).toBe(
      'plan.yml:29: checklists.default[1].role "support" is neither a role nor a roster member',
    );
  });

  it('takes done_when, and refuses one that cannot happen or ticks two items, naming the line', () => {
    const items = (...lines: string[]) => edit(27, '    - text: Pause all scheduled posts', ...lines);
    const paused = items('      done_when: all_accounts_paused');
    expect(planError(paused)).toBe('plan.yml:28: checklists.default[0].done_when all_accounts_paused needs accounts in the plan to pause');
    const withAccount = `${paused}\naccounts:\n  - { name: Instagram, handle: "@example", owner: social-media-manager }`;
    expect(parsePlan(withAccount, 'plan.yml').checklists.default!.map((i) => i.doneWhen)).toEqual([
      'all_accounts_paused',
      'first_response',
    ]);
    expect(planError(items('      done_when: qa_published'))).toBe(
      'plan.yml:28: checklists.default[0].done_when qa_published needs staff_channel, where the Q&A is published',
    );
    expect(planError(items('      done_when: first_response'))).toBe(
      'plan.yml:32: checklists.default[1].first_response first_response is set on more than one item; it ticks one item',
    );
    expect(planError(items('      done_when: tuesday'))).toMatch(
      /^plan\.yml:28: checklists\.default\[0\]\.done_when must be one of first_response, all_accounts_paused, qa_published$/,
    );
    expect(planError(edit(31, '      first_response: true', '      done_when: qa_published'))).toBe(
      'plan.yml:31: checklists.default[1].first_response contradicts done_when: qa_published; keep one of them',
    );
  });

  it('reports a name that appears twice in the roster', () => {
    expect(planError(edit(7, '  - name: Anna Berg'))).toBe('plan.yml:7: roster[1].name "Anna Berg" appears twice in the roster');
  });

  it('reports a start_stage beyond the stages', () => {
    expect(planError(edit(21, '  sev1: { start_stage: 3 }'))).toBe(
      'plan.yml:21: severities.sev1.start_stage is 3 but the plan has 2 stages',
    );
  });

  it('requires a default checklist', () => {
    expect(planError(edit(26, '  data-breach:'))).toBe('plan.yml:26: checklists must have a "default" checklist');
  });

  it('requires slack_id or email for every member', () => {
    expect(planError(edit(11))).toBe('plan.yml:10: roster[2] needs slack_id or email');
  });

  it('rejects a malformed slack_id, email and channel prefix, naming the field', () => {
    expect(planError(edit(4, '    slack_id: anna'))).toMatch(/^plan\.yml:4: roster\[0\]\.slack_id must be a Slack user id/);
    expect(planError(edit(11, '    email: kasia'))).toMatch(/^plan\.yml:11: roster\[2\]\.email must be an email address/);
    expect(planError(edit(1, 'channel_prefix: Crisis Room'))).toMatch(/^plan\.yml:1: channel_prefix must be lowercase/);
  });
});

describe('livePlan', () => {
  const unresolved = (): UnresolvedPlan => parsePlan(BASE, 'plan.yml');

  it('has the roster it is given at each read, and everything else as written', () => {
    let known: RosterMember[] = [];
    const plan = livePlan(unresolved(), () => known);
    expect(plan.roster).toEqual([]);
    known = [{ name: 'Anna Berg', slackId: 'U0ANNA', email: undefined, roles: ['social-media-manager'], phone: undefined }];
    expect(plan.roster.map((m) => m.name)).toEqual(['Anna Berg']);
    expect(plan.stages).toEqual(unresolved().stages);
    expect(Object.keys(plan)).toContain('roster');
  });

  it('is frozen, like the plan it is made from (RosterDirectory freezes the rosters it gives)', () => {
    const plan = livePlan(unresolved(), () => Object.freeze([]));
    expect(isDeeplyFrozen(plan)).toEqual([]);
    expect(() => {
      (plan as { channelPrefix: string }).channelPrefix = 'other';
    }).toThrow(TypeError);
  });
});

describe('phone pages in the plan', () => {
  /** BASE with stage 1 (Anna and Kasia) calling at once; `phone` is Anna's number. */
  const calling = (phone: string) =>
    edit(16, '    ack_timeout: 10m', '    phone_after: 0s').replace('    phone: "+46 70 000 00 01"', `    phone: "${phone}"`);
  const withKasia = (phone: string) =>
    calling('+46 70 000 00 01').replace('    roles: [customer-service]', `    roles: [customer-service]\n    phone: "${phone}"`);

  it('reads phone_after (0s: at once) and the phone settings, with their defaults', () => {
    const plan = parsePlan(`${withKasia('+46 70 000 00 03')}\nphone: { call_again_after: 2m }`, 'plan.yml');
    expect(plan.stages.map((s) => s.phoneAfterMs)).toEqual([0, undefined]);
    expect(plan.phone).toEqual({ callAgainAfterMs: 120_000, calls: 3 });
    expect(plan.roster[0]!.phone).toBe('+46 70 000 00 01');
    expect(e164(plan.roster[0]!.phone)).toBe('+46700000001');
    expect(parsePlan(BASE, 'plan.yml').phone).toEqual({ callAgainAfterMs: 300_000, calls: 3 });
  });

  it('stops on a member a calling stage pages without a number in international form, naming them', () => {
    // Kasia (customer-service) is paged by the calling stage and has no number.
    expect(planError(calling('+46 70 000 00 01'))).toBe(
      'plan.yml:10: roster[2].phone is required: Kasia Nowak is paged by "Social team", which has phone_after',
    );
    expect(planError(withKasia('070-123 45 67'))).toMatch(
      /roster\[2\]\.phone "070-123 45 67" \(Kasia Nowak\) is not a phone number in international form \(E\.164, e\.g\. \+46701234567\)/,
    );
    expect(planError(withKasia('+46 1'))).toMatch(/roster\[2\]\.phone "\+46 1" \(Kasia Nowak\) is not a phone number/);
    expect(e164(parsePlan(withKasia('+48 601 234 567'), 'plan.yml').roster[2]!.phone)).toBe('+48601234567');
    // Without phone_after, a number is only shown: any form will do.
    expect(parsePlan(BASE.replace('"+46 70 000 00 01"', '"ext. 1234"'), 'plan.yml').roster[0]!.phone).toBe('ext. 1234');
  });

  it('refuses a negative or bare number for phone_after and a call count out of range', () => {
    expect(planError(edit(16, '    ack_timeout: 10m', '    phone_after: "5"'))).toMatch(
      /phone_after "5" is not a duration \(use e\.g\. 0s, 30s/,
    );
    expect(planError(`${BASE}\nphone: { calls: 0 }`)).toMatch(/phone\.calls must be at least 1/);
  });
});

describe('the plan’s owner and its review', () => {
  it('reads owner and review_every, and refuses an owner nobody is or a review nobody owns', () => {
    const plan = parsePlan(`${BASE}\nowner: Anna Berg\nreview_every: 90d`, 'plan.yml');
    expect(plan).toMatchObject({ owner: 'Anna Berg', reviewEveryMs: 90 * 24 * 3_600_000 });
    expect(planError(`${BASE}\nowner: Nobody`)).toMatch(/plan\.yml:\d+: owner "Nobody" is neither a role nor a roster member/);
    expect(planError(`${BASE}\nreview_every: 90d`)).toMatch(/review_every needs owner/);
  });
});

describe('readPlan', () => {
  it('finds every problem of a plan, not only the first start-up stops at, each naming its line', () => {
    const text = `${edit(23, '  close: [lawyers]', '  publish: [press]')}\nowner: Nobody\nreview_every: 90d`;
    const { plan, problems } = readPlan(text, 'plan.yml');
    expect(plan).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(/^plan\.yml:\d+: mandates\.close\[0\] "lawyers" is neither a role nor a roster member$/),
      expect.stringMatching(/^plan\.yml:\d+: mandates\.publish\[0\] "press" is neither a role nor a roster member$/),
      expect.stringMatching(/^plan\.yml:\d+: owner "Nobody" is neither a role nor a roster member$/),
    ]);
    expect(planError(text)).toBe(problems[0]);
    expect(readPlan(`${BASE}\nunknown: 1\nalso: 2`, 'plan.yml').problems).toEqual([
      expect.stringMatching(/has an unknown key "unknown"$/),
      expect.stringMatching(/has an unknown key "also"$/),
    ]);
    const good = readPlan(BASE, 'plan.yml');
    expect(good.problems).toEqual([]);
    expect(good.plan?.channelPrefix).toBe('crisis');
  });
});

describe('drills in the plan', () => {
  const drill = (script: string, extra = '') =>
    `${BASE}\ndrills:\n  - id: storm\n    title: Kettle video spreading\n${extra}    script:\n${script}`;

  it('reads each step with its offset and kind; type and severity default to default and sev2', () => {
    const plan = parsePlan(
      drill('      - { at: 0s, reading: { source: brandwatch, mentions: 10, negative: 4 } }\n      - { at: 5m, inject: "Call" }\n'),
      'plan.yml',
    );
    expect(plan.drills).toEqual([
      {
        id: 'storm',
        title: 'Kettle video spreading',
        type: 'default',
        severity: 'sev2',
        script: [
          { atMs: 0, kind: 'reading', source: 'brandwatch', mentions: 10, negative: 4 },
          { atMs: 300_000, kind: 'inject', text: 'Call' },
        ],
      },
    ]);
  });

  it('refuses a step with none or two things, more negative than mentions, an unknown type, an id twice', () => {
    expect(planError(drill('      - { at: 0s }\n'))).toMatch(
      /drills\[0\]\.script\[0\] must have exactly one of reading, post, alert, inject/,
    );
    expect(planError(drill('      - { at: 0s, inject: a, alert: { title: b } }\n'))).toMatch(/must have exactly one of/);
    expect(planError(drill('      - { at: 0s, reading: { source: x, mentions: 1, negative: 2 } }\n'))).toMatch(
      /drills\[0\]\.script\[0\]\.reading\.negative must not be more than mentions/,
    );
    expect(planError(drill('      - { at: 0s, inject: a }\n', '    type: volcano\n'))).toMatch(
      /drills\[0\]\.type "volcano" is not a crisis type of the plan/,
    );
    const twice = `${drill('      - { at: 0s, inject: a }\n')}  - id: storm\n    title: Again\n    script:\n      - { at: 0s, inject: b }\n`;
    expect(planError(twice)).toMatch(/drills\[1\]\.id "storm" appears twice in drills/);
  });
});
