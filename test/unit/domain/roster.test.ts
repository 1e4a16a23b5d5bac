import { beforeAll, describe, expect, it } from 'vitest';
import { parsePlan, type Plan } from '../../../src/config/plan.js';
import { checkMandate, membersFor, pageTargets } from '../../../src/domain/roster.js';
import { examplePlan, knownRoster } from '../support.js';

const THREE_STAGES = `
channel_prefix: crisis
roster:
  - { name: Anna Berg, slack_id: U0ANNA, roles: [social-media-manager] }
  - { name: Omar Nilsson, slack_id: U0OMAR, roles: [crisis-lead, spokesperson] }
  - { name: Kasia Nowak, slack_id: U0KASIA, roles: [customer-service, social-media-manager] }
  - { name: Eva Lind, slack_id: U0EVA, roles: [ceo] }
stages:
  - { name: Social team, page: [social-media-manager], ack_timeout: 10m }
  - { name: Crisis group, page: [crisis-lead, Anna Berg], ack_timeout: 15m }
  - { name: Management, page: [ceo, Kasia Nowak, crisis-lead], ack_timeout: 30m }
checklists:
  default: [Pause all scheduled posts]
`;

let example: Plan;
let three: Plan;
beforeAll(() => {
  example = examplePlan();
  three = knownRoster(parsePlan(THREE_STAGES, 'three.yml'));
});

const names = (members: readonly { name: string }[]) => members.map((m) => m.name);

describe('membersFor', () => {
  it('finds members by role and by name, in roster order, each once', () => {
    expect(names(membersFor(three, ['social-media-manager']))).toEqual(['Anna Berg', 'Kasia Nowak']);
    expect(names(membersFor(three, ['ceo', 'Anna Berg', 'social-media-manager']))).toEqual(['Anna Berg', 'Kasia Nowak', 'Eva Lind']);
    expect(membersFor(three, ['nobody'])).toEqual([]);
  });
});

describe('pageTargets', () => {
  it('pages the members of one stage', () => {
    const targets = pageTargets(example, 1, 1);
    expect(targets.map((t) => [t.stage, t.member.slackId])).toEqual([
      [1, 'U0ANNA'],
      [1, 'U0KASIA'],
    ]);
  });

  it('pages a member who is in several stages once, at the first', () => {
    const targets = pageTargets(three, 1, 3);
    expect(targets.map((t) => [t.stage, t.member.name])).toEqual([
      [1, 'Anna Berg'],
      [1, 'Kasia Nowak'],
      [2, 'Omar Nilsson'],
      [3, 'Eva Lind'],
    ]);
  });

  it('skips members already paged', () => {
    const targets = pageTargets(three, 2, 3, new Set(['U0ANNA', 'U0KASIA']));
    expect(targets.map((t) => [t.stage, t.member.name])).toEqual([
      [2, 'Omar Nilsson'],
      [3, 'Eva Lind'],
    ]);
    expect(pageTargets(three, 3, 3, new Set(['U0EVA', 'U0KASIA', 'U0OMAR']))).toEqual([]);
  });

  it('does not change the set it is given', () => {
    const paged = new Set(['U0ANNA']);
    pageTargets(three, 1, 3, paged);
    expect([...paged]).toEqual(['U0ANNA']);
  });

  it('pages nothing beyond the last stage', () => {
    expect(pageTargets(three, 4, 4)).toEqual([]);
  });
});

describe('plan start stages', () => {
  it('follow the plan severities, stage 1 when not listed', () => {
    expect(example.startStage).toEqual({ sev1: 2, sev2: 1, sev3: 1 });
  });
});

describe('checkMandate', () => {
  it('allows the holders of a mandate and refuses others, naming who may', () => {
    expect(checkMandate(example, 'close', 'U0OMAR')).toEqual({ allowed: true });
    const refused = checkMandate(example, 'close', 'U0ANNA');
    expect(refused).toEqual({ allowed: false, holders: ['Omar Nilsson'], refs: ['crisis-lead'] });
    expect(checkMandate(example, 'escalate', 'U0STRANGER').allowed).toBe(false);
  });

  it('without a mandate, allows roster members only', () => {
    expect(three.mandates.close).toBeUndefined();
    expect(checkMandate(three, 'close', 'U0EVA')).toEqual({ allowed: true });
    expect(checkMandate(three, 'escalate', 'U0ANNA')).toEqual({ allowed: true });
    const refused = checkMandate(three, 'close', 'U0STRANGER');
    // No mandate in the plan: the refusal names the whole roster and no roles.
    expect(refused).toEqual({ allowed: false, holders: three.roster.map((m) => m.name), refs: undefined });
  });
});
