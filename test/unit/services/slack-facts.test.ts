import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Changes } from '../../../src/services/changes.js';
import { SlackFacts } from '../../../src/services/slack-facts.js';
import { AlertRepo } from '../../../src/store/alert-repo.js';
import type { CrisisRepo } from '../../../src/store/crisis-repo.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import { tempDatabase } from '../support.js';

// What Slack did, reported by the jobs: recorded, and the renders that follow filed. Pages sent
// before the channel existed get its link whichever finished first; so does the opening alert.

const NOW = Date.UTC(2026, 2, 5, 10);
let close: () => Promise<void>;
let repo: CrisisRepo;
let outbox: OutboxRepo;
let alertRepo: AlertRepo;
let facts: SlackFacts;
let crisisId: number;
let pageId: number;

beforeEach(() => {
  const t = tempDatabase('facts');
  ({ repo, close } = t);
  const db = t.db;
  outbox = new OutboxRepo(db);
  alertRepo = new AlertRepo(db);
  facts = new SlackFacts({ repo, alertRepo, changes: new Changes(outbox), clock: () => NOW });
  repo.transaction((tx) => {
    crisisId = repo.insertCrisis(tx, { openKey: 'k', title: 'T', severity: 'sev2', type: 'default', openerId: 'U0X', stage: 1, openedAt: NOW })!.id;
    pageId = repo.insertPages(tx, [{ crisisId, stage: 1, userId: 'U0ANNA', memberName: 'Anna Berg', pagedAt: NOW }])[0]!.id;
  });
});
afterEach(() => close());

const filed = (kind: string) => outbox.all().filter((r) => r.kind === kind).map((r) => JSON.parse(r.payload));

describe('SlackFacts', () => {
  it('a page delivered before the channel existed is rendered again once it does', () => {
    repo.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', false));
    expect(filed('refresh_page')).toEqual([]);
    repo.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(filed('refresh_page')).toEqual([{ pageId }]);
    expect(repo.byId(crisisId)).toMatchObject({ channelId: 'C0CRISIS', channelName: 'crisis-x' });
    expect(repo.snapshot(crisisId)!.timeline.map((e) => e.event)).toEqual([{ kind: 'channel', name: 'crisis-x' }]);
  });

  it('a page rendered without the link but delivered after the channel appeared is rendered again', () => {
    repo.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(filed('refresh_page')).toEqual([]); // not delivered yet: nothing to update
    repo.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', false));
    expect(filed('refresh_page')).toEqual([{ pageId }]);
  });

  it('a page delivered with the link needs nothing more', () => {
    repo.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    repo.transaction((tx) => facts.pageDelivered(tx, pageId, 'D0ANNA', '1.1', true));
    expect(filed('refresh_page')).toEqual([]);
    expect(repo.pageById(pageId)).toMatchObject({ dmChannel: 'D0ANNA', dmTs: '1.1', dmHasLink: true });
  });

  it('the alert a crisis was opened from is rendered again with the channel, posted or not', () => {
    const alertId = repo.transaction((tx) => {
      const a = alertRepo.insert(tx, { fingerprint: 'f', source: 's', title: 't', severity: 'sev1', state: 'opened', receivedAt: NOW, lastSeenAt: NOW });
      alertRepo.linkCrisis(tx, a.id, crisisId);
      return a.id;
    });
    repo.transaction((tx) => facts.channelCreated(tx, crisisId, 'C0CRISIS', 'crisis-x'));
    expect(filed('refresh_triage')).toEqual([{ alertId }]);
  });

  it('records invitations Slack refused in the timeline', () => {
    repo.transaction(() => facts.invitesRefused(crisisId, [{ user: 'U0GONE', reason: 'user_disabled' }]));
    expect(repo.snapshot(crisisId)!.timeline.map((e) => e.event)).toEqual([{ kind: 'invite_failed', users: [{ user: 'U0GONE', reason: 'user_disabled' }] }]);
  });
});
