import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Changes } from '../../../src/services/changes.js';
import { Outbox } from '../../../src/outbox/outbox.js';
import { SlackFactRecorder } from '../../../src/services/slack-fact-recorder.js';
import type { Store } from '../../../src/store/store.js';
import { insertCrisis, tempDatabase } from '../support.js';

// What Slack did, reported by the jobs: recorded, and the renders that follow filed. Pages sent
// before the channel existed get its link whichever finished first; so does the opening alert.

const NOW = Date.UTC(2026, 2, 5, 10);
let close: () => Promise<void>;
let store: Store;
let facts: SlackFactRecorder;
let crisisId: number;
let pageId: number;

beforeEach(async () => {
  ({ store, close } = await tempDatabase('facts'));
  const outbox = new Outbox(store.outbox);
  facts = new SlackFactRecorder({ store, outbox, changes: new Changes(outbox), clock: () => NOW });
  crisisId = await insertCrisis(store, NOW);
  pageId = (
    await store.transaction((tx) =>
      store.pages.insert(tx, [{ crisisId, stage: 1, userId: 'U0ANNA', memberName: 'Anna Berg', pagedAt: NOW }]),
    )
  )[0]!.id;
});
afterEach(() => close());

const filed = async (kind: string) => (await store.outbox.all()).filter((r) => r.kind === kind).map((r): unknown => JSON.parse(r.payload));

describe('SlackFacts', () => {
  it('a page delivered before the channel existed is rendered again once it does', async () => {
    await store.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', false));
    expect(await filed('refresh_page')).toEqual([]);
    await store.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(await filed('refresh_page')).toEqual([{ pageId }]);
    expect(await store.crises.byId(crisisId)).toMatchObject({ channelId: 'C0CRISIS', channelName: 'crisis-x' });
    expect((await store.snapshot(crisisId))!.timeline.map((e) => e.event)).toEqual([{ kind: 'channel', name: 'crisis-x' }]);
  });

  it('a page rendered without the link but delivered after the channel appeared is rendered again', async () => {
    await store.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(await filed('refresh_page')).toEqual([]); // not delivered yet: nothing to update
    await store.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', false));
    expect(await filed('refresh_page')).toEqual([{ pageId }]);
  });

  it('a page delivered while the channel is being recorded gets the link, whichever commits first', async () => {
    // The delivery's transaction stays open while the channel's starts: on PostgreSQL each would
    // otherwise read the other's row as it was and neither would file the render.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const delivered = store.transaction(async (tx) => {
      await facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', false);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = store.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([delivered, created]);
    expect(await filed('refresh_page')).toEqual([{ pageId }]);
  });

  it('a page delivered with the link needs nothing more', async () => {
    await store.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    await store.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', true));
    expect(await filed('refresh_page')).toEqual([]);
    expect(await store.pages.byId(pageId)).toMatchObject({ dmChannel: 'D0ANNA', dmTs: '1.1', dmHasLink: true });
  });

  it('the alert a crisis was opened from is rendered again with the channel, posted or not', async () => {
    const alertId = await store.transaction(async (tx) => {
      const a = await store.alerts.insert(tx, {
        fingerprint: 'f',
        source: 's',
        title: 't',
        severity: 'sev1',
        state: 'opened',
        receivedAt: NOW,
        lastSeenAt: NOW,
      });
      await store.alerts.linkCrisis(tx, a.id, crisisId);
      return a.id;
    });
    await store.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(await filed('refresh_triage')).toEqual([{ alertId }]);
  });

  it('records invitations Slack refused in the timeline', async () => {
    await store.transaction((tx) => facts.invitesRefused(tx, crisisId, [{ user: 'U0GONE', reason: 'user_disabled' }]));
    expect((await store.snapshot(crisisId))!.timeline.map((e) => e.event)).toEqual([
      { kind: 'invite_failed', users: [{ user: 'U0GONE', reason: 'user_disabled' }] },
    ]);
  });
});
