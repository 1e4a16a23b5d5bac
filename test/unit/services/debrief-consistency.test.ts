import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices } from '../../../src/bot.js';
import { parsePlan } from '../../../src/config/plan.js';
import { debriefFacts } from '../../../src/domain/debrief.js';
import type { Crisis, CrisisSnapshot } from '../../../src/domain/crisis.js';
import { UserError } from '../../../src/services/errors.js';
import { renderDebriefFile } from '../../../src/slack/views/debrief-file.js';
import type { Store } from '../../../src/store/store.js';
import { knownRoster, MIN, T0, tempDatabase, viewContext } from '../support.js';

// The checklist, the statements, the freeze and the Q&A each tell part of one story. Whatever
// order a night brings them in, and wherever the close falls, the debrief must not say a thing
// was done and, elsewhere, that it was not. Every order of five events is played on the real
// services and store, the debrief compiled, and each pair of claims checked against the other.

const PLAN = `
channel_prefix: crisis
staff_channel: C0STAFF
roster:
  - { name: Anna Berg, slack_id: U0ANNA, roles: [social-media-manager] }
  - { name: Omar Nilsson, slack_id: U0OMAR, roles: [crisis-lead, spokesperson] }
stages:
  - { name: Social team, page: [social-media-manager], ack_timeout: 10m }
mandates:
  approve: [crisis-lead]
accounts:
  - { name: Instagram, handle: "@example", owner: social-media-manager }
  - { name: Facebook, owner: social-media-manager }
checklists:
  default:
    - { text: Pause all scheduled posts, done_when: all_accounts_paused }
    - { text: Publish a holding statement, done_when: first_response }
    - { text: Publish the internal Q&A, done_when: qa_published }
    - Brief customer service
`;

const ANNA = { id: 'U0ANNA', name: 'anna' };
const OMAR = { id: 'U0OMAR', name: 'omar' };
type Step = 'publish' | 'link' | 'pauseInstagram' | 'pauseFacebook' | 'qa';
const STEPS: readonly Step[] = ['publish', 'link', 'pauseInstagram', 'pauseFacebook', 'qa'];

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [list.slice()];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const plan = knownRoster(parsePlan(PLAN, 'plan.yml'));
const view = viewContext(plan);
const { m } = view;
let now = T0;
let store: Store;
let close: () => Promise<void>;
let services: ReturnType<typeof wireServices>;

beforeAll(async () => {
  ({ store, close } = await tempDatabase('debrief-consistency'));
  services = wireServices({
    store,
    plan,
    phoneOn: false,
    view,
    botUserId: 'UBOT',
    clock: () => now,
    log: pino({ level: 'silent' }),
    kick: () => {},
    kickAfterBurst: () => {},
  });
});
afterAll(() => close());

/** The refusal a call ends in, or undefined when it went through. */
async function refusal(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof UserError) return error.refusal.code;
    throw error;
  }
}

/** One night: the steps in this order, the close after the first `closeAfter` of them, the rest after it. */
async function play(order: readonly Step[], closeAfter: number, n: number): Promise<CrisisSnapshot> {
  const { service, statements, freezes, learning } = services;
  now += 60 * MIN;
  const { crisis } = await service.open({ title: `Night ${n}`, severity: 'sev2', type: 'default', opener: ANNA, openKey: `night-${n}` });
  const item = async (text: string) => (await store.checklist.of(crisis.id)).find((i) => i.text === text)!;
  const freezeOf = async (account: string) => (await store.freezes.of(crisis.id)).find((f) => f.account === account)!;
  const live = async (): Promise<Crisis> => (await store.crises.byId(crisis.id))!;
  await learning.addQa(crisis, ANNA, 'Is the kettle safe?', 'Unplug it and contact us.');

  const act: Record<Step, () => Promise<unknown>> = {
    publish: async () => {
      const versionId = await statements.draft(await live(), ANNA, 'We have seen the posts and are looking into it.', ['instagram']);
      await statements.approve(versionId, OMAR);
      await statements.markPublished(versionId, OMAR, 'instagram', `https://www.instagram.com/p/night${n}`);
    },
    link: async () => service.respondedPublicly((await item('Publish a holding statement')).id, ANNA, `https://x.com/i/status/${n}`),
    pauseInstagram: async () => freezes.paused((await freezeOf('Instagram')).id, ANNA),
    pauseFacebook: async () => freezes.paused((await freezeOf('Facebook')).id, ANNA),
    qa: async () => learning.publishQa(await live(), OMAR),
  };
  for (const [i, step] of order.entries()) {
    if (i === closeAfter) await service.close(await live(), OMAR, undefined);
    now += MIN;
    // After the close some of these are refused (a closed checklist, a closed crisis): that is their answer.
    await refusal(act[step]());
    // A hand never ticks or reopens what the record ticks: refused, or (already so) nothing to do.
    const hands: [string, boolean][] = [
      ['Pause all scheduled posts', true],
      ['Publish the internal Q&A', true],
      ['Pause all scheduled posts', false],
      ['Publish a holding statement', false],
    ];
    for (const [text, done] of hands) {
      const before = await item(text);
      const answer = await refusal(service.setItem(before.id, OMAR, done));
      if ((before.doneAt !== null) !== done) expect(answer).toMatch(/^(item_ticks_itself|checklist_closed)$/);
      expect((await item(text)).doneAt).toBe(before.doneAt);
    }
  }
  if (closeAfter >= order.length) await service.close(await live(), OMAR, undefined);
  return (await store.snapshot(crisis.id))!;
}

describe('the debrief never contradicts itself', () => {
  it('in any order of publication, link, freeze and Q&A, closed at any point', async () => {
    const orders = permutations(STEPS);
    expect(orders).toHaveLength(120);
    let checked = 0;
    for (const [n, order] of orders.entries()) {
      const closeAfter = n % (STEPS.length + 1);
      const snap = await play(order, closeAfter, n);
      const closedAt = snap.crisis.closedAt!;
      const facts = debriefFacts(snap, closedAt);
      const text = renderDebriefFile(view, snap, closedAt);
      const lines = text.split('\n');
      const ticked = (item: string) => lines.some((l) => l.startsWith(`- [x] ${item}`));
      const open = (item: string) => lines.some((l) => l === `- [ ] ${item}`);
      const leftOpen = lines.find((l) => l.startsWith('Left open:')) ?? '';
      const story = `order ${order.join(', ')}, closed after ${closeAfter}:\n${text}`;

      for (const item of ['Pause all scheduled posts', 'Publish a holding statement', 'Publish the internal Q&A']) {
        // Each item is said once: done or open, and only an open one is listed as left open.
        expect(ticked(item) !== open(item), story).toBe(true);
        expect(leftOpen.includes(item), story).toBe(open(item));
      }
      // The first-response tick and the clock say the same; the clock stops at the earlier of the two.
      const responded = lines.find((l) => l.startsWith('| Time to first public response |'))!;
      expect(responded.includes('none before closing'), story).toBe(!ticked('Publish a holding statement'));
      const times = [
        ...snap.statements.flatMap((s) => s.publications.map((p) => p.publishedAt)),
        ...snap.items.filter((i) => i.doneWhen === 'first_response' && i.doneAt !== null).map((i) => i.doneAt!),
      ];
      if (times.length)
        expect(facts.firstResponse, story).toMatchObject({ done: true, elapsedMs: Math.min(...times) - snap.crisis.openedAt });
      else expect(facts.firstResponse?.done, story).toBe(false);
      // "Paused" on the checklist exactly when no account was left unpaused.
      const never = lines.filter((l) => l.endsWith(': never confirmed paused'));
      expect(ticked('Pause all scheduled posts'), story).toBe(never.length === 0);
      // The Q&A item is done exactly when the Q&A went out while the crisis was open.
      const published = snap.timeline.some((e) => e.event.kind === 'qa_published' && e.at <= closedAt);
      expect(ticked('Publish the internal Q&A'), story).toBe(published);
      checked++;
    }
    expect(checked).toBe(120);
    // The words checked for above are the catalogue's (a rename would make the checks vacuous).
    expect(m.t('debrief.freezeNever', { account: 'x' })).toBe('- x: never confirmed paused');
    expect(m.t('debrief.noFirstResponse', { item: 'x' })).toBe('none before closing (x)');
    expect(m.t('debrief.leftOpen', { count: 1, items: 'x' })).toMatch(/^Left open:/);
  }, 120_000);
});
