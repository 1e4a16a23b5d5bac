import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { parsePlan } from '../../../src/config/plan.js';
import { LOOKUPS_AT_MOST, RosterDirectory, type SlackDirectory } from '../../../src/services/roster-directory.js';
import { tempDatabase } from '../support.js';

const log = pino({ level: 'silent' });

/** A roster of one member given by id and `n` given by email (person1@example.com, …). */
function plan(n: number) {
  const members = Array.from(
    { length: n },
    (_, i) => `  - { name: Person ${i + 1}, email: Person${i + 1}@Example.com, roles: [social-media-manager] }`,
  );
  const text = [
    'channel_prefix: crisis',
    'roster:',
    '  - { name: Anna Berg, slack_id: U0ANNA, roles: [crisis-lead] }',
    ...members,
    'stages:',
    '  - { name: Social team, page: [social-media-manager], ack_timeout: 10m }',
    'checklists:',
    '  default:',
    '    - text: Pause posts',
  ].join('\n');
  return parsePlan(text, 'plan.yml');
}

/** Slack's side: a workspace of `others` people besides the roster, counting what is asked. */
function workspace(rosterSize: number, others = 0, o: { missing?: number; failFirst?: number } = {}) {
  const people = [
    ...Array.from({ length: rosterSize }, (_, i) => ({
      id: `UP${i + 1}`,
      email: i + 1 === o.missing ? undefined : `person${i + 1}@example.com`,
    })),
    ...Array.from({ length: others }, (_, i) => ({ id: `UO${i}`, email: `other${i}@example.com` })),
  ];
  const asked = { lookups: 0, pages: 0 };
  let failures = o.failFirst ?? 0;
  const slack: SlackDirectory = {
    byEmail(email) {
      asked.lookups++;
      if (failures-- > 0) return Promise.reject(Object.assign(new Error('ratelimited'), { code: 'slack_webapi_rate_limited_error' }));
      return Promise.resolve(people.find((p) => p.email === email.toLowerCase())?.id);
    },
    people(cursor) {
      asked.pages++;
      if (failures-- > 0) return Promise.reject(Object.assign(new Error('HTTP 503'), { code: 'slack_webapi_http_error' }));
      const from = Number(cursor ?? 0);
      const next = from + 200 < people.length ? String(from + 200) : undefined;
      return Promise.resolve({ people: people.slice(from, from + 200), next });
    },
  };
  return { slack, asked };
}

const dbs: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
});
async function store() {
  const t = await tempDatabase('roster');
  dbs.push(t);
  return t.store.roster;
}

describe('RosterDirectory', () => {
  it('knows members given by id at once, and those given by email once matched, in roster order', async () => {
    const { slack, asked } = workspace(2);
    const matched: string[][] = [];
    const d = await RosterDirectory.open({
      members: plan(2).roster,
      file: 'plan.yml',
      slack,
      store: await store(),
      log,
      onMatched: (ms) => void matched.push(ms.map((m) => m.name)),
    });
    expect(d.known().map((m) => m.slackId)).toEqual(['U0ANNA']);
    expect(d.unmatched().map((m) => m.name)).toEqual(['Person 1', 'Person 2']);
    await d.matchAll();
    expect(d.known().map((m) => [m.name, m.slackId])).toEqual([
      ['Anna Berg', 'U0ANNA'],
      ['Person 1', 'UP1'],
      ['Person 2', 'UP2'],
    ]);
    expect(d.unmatched()).toEqual([]);
    expect(asked).toEqual({ lookups: 2, pages: 0 }); // a few: one lookup each
    expect(matched).toEqual([['Person 1'], ['Person 2']]);
  });

  it('matches many emails through pages of the workspace, not one lookup each', async () => {
    const { slack, asked } = workspace(80, 900);
    const d = await RosterDirectory.open({ members: plan(80).roster, file: 'plan.yml', slack, store: await store(), log });
    await d.matchAll();
    expect(d.known()).toHaveLength(81);
    expect(asked.lookups).toBe(0);
    expect(asked.pages).toBe(1); // the roster is on the first page: no need to read the other four
    expect(LOOKUPS_AT_MOST).toBeLessThan(80);
  });

  it('asks Slack about each email once: matches are kept, and a restart asks nothing', async () => {
    const kept = await store();
    const first = workspace(80, 300);
    await (await RosterDirectory.open({ members: plan(80).roster, file: 'plan.yml', slack: first.slack, store: kept, log })).matchAll();
    const again = workspace(80, 300);
    const d = await RosterDirectory.open({ members: plan(80).roster, file: 'plan.yml', slack: again.slack, store: kept, log });
    expect(d.unmatched()).toEqual([]);
    expect(d.known()).toHaveLength(81);
    await d.matchAll();
    expect(again.asked).toEqual({ lookups: 0, pages: 0 });
  });

  it('rejects with a ConfigError naming the first member Slack does not know, after reading every page', async () => {
    const { slack, asked } = workspace(80, 900, { missing: 7 });
    const d = await RosterDirectory.open({ members: plan(80).roster, file: 'plan.yml', slack, store: await store(), log });
    const result = d.matchAll();
    await expect(result).rejects.toBeInstanceOf(ConfigError);
    await expect(result).rejects.toThrow('plan.yml: roster member "Person 7": Slack knows no user with email Person7@Example.com');
    expect(asked.pages).toBe(5);
    expect(d.known()).toHaveLength(80); // the others are matched and paged meanwhile
  });

  it('keeps trying when Slack is rate limiting or down, and says who is still unmatched meanwhile', async () => {
    const { slack, asked } = workspace(80, 0, { failFirst: 3 });
    const delays: number[] = [];
    const d = await RosterDirectory.open({
      members: plan(80).roster,
      file: 'plan.yml',
      slack,
      store: await store(),
      log,
      retryDelayMs: (attempt) => (delays.push(attempt), 1),
    });
    await d.matchAll();
    expect(delays).toEqual([0, 1, 2]);
    expect(asked.pages).toBe(4);
    expect(d.unmatched()).toEqual([]);
  });

  it('stops quietly when the bot stops, recording nothing more', async () => {
    const { slack } = workspace(2);
    const d = await RosterDirectory.open({ members: plan(2).roster, file: 'plan.yml', slack, store: await store(), log });
    d.stop();
    await d.matchAll();
    expect(d.unmatched()).toHaveLength(2);
  });
});
