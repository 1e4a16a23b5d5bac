import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { ViewContext } from '../../../../src/slack/views/context.js';
import { renderStatus } from '../../../../src/slack/views/status.js';
import { MIN, T0, crisisRow, examplePlan, viewContext, itemRow, pageRow, snapshot, updateRow } from '../../support.js';

let plan: Plan;
let v: ViewContext;
beforeAll(() => {
  plan = examplePlan();
  v = viewContext(plan);
});

const NOW = T0 + 20 * MIN;
const busy = () =>
  snapshot({
    crisis: crisisRow({ title: 'Boycott <!channel>', severity: 'sev2', stage: 1 }),
    pages: [
      pageRow({ id: 1, userId: 'U0ANNA', pagedAt: T0, ackedAt: T0 + 4 * MIN }),
      pageRow({ id: 2, userId: 'U0KASIA', memberName: 'Kasia Nowak', pagedAt: T0, ackedAt: null }),
    ],
    items: [
      itemRow({ id: 1, text: 'Pause all scheduled posts', doneAt: T0 + MIN, doneBy: 'U0ANNA' }),
      itemRow({ id: 2, text: 'Publish a holding statement' }),
      itemRow({ id: 3, text: 'Brief customer service' }),
      itemRow({ id: 4, text: 'Collect questions' }),
    ],
    updates: [updateRow({ postedAt: T0 + 10 * MIN })],
  });

describe('renderStatus', () => {
  it('shows state, severity, stage and how long it has been open', () => {
    const text = renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW);
    const first = text.split('\n')[0]!;
    expect(first).toContain('open');
    expect(first).toContain('SEV2');
    expect(first).not.toContain('<!channel>');
    expect(text).toContain('Open for 20m');
    expect(text).toContain('stage 1 (Social team)');
  });

  it('shows checklist progress as done/total', () => {
    const text = renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW);
    expect(text).toContain('Checklist: 1/4 done');
    expect(text).toContain('Publish a holding statement; Brief customer service; Collect questions');
  });

  it('shows who acknowledged and who did not', () => {
    const lines = renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW).split('\n');
    expect(lines).toContain('First acknowledgement: after 4m');
    const anna = lines.find((l) => l.includes('<@U0ANNA>'))!;
    const kasia = lines.find((l) => l.includes('<@U0KASIA>'))!;
    expect(anna).toContain('acknowledged');
    expect(anna).not.toContain('not acknowledged');
    expect(kasia).toContain('not acknowledged (20m ago)');
  });

  it('says when nobody has acknowledged yet and no update was posted', () => {
    const snap = { ...busy(), pages: [pageRow({ ackedAt: null })], updates: [] };
    const text = renderStatus(v, snap, { pending: 0, failed: 0 }, NOW);
    expect(text).toContain('nobody has acknowledged yet');
    expect(text).toContain('No status update yet.');
  });

  it('mentions the last update', () => {
    expect(renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW)).toContain('(10m ago)');
  });

  it('reports failed and pending Slack deliveries', () => {
    const clean = renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW);
    expect(clean).not.toMatch(/could not be delivered|still being delivered/);
    expect(renderStatus(v, busy(), { pending: 3, failed: 0 }, NOW)).toContain('3 Slack messages still being delivered');
    expect(renderStatus(v, busy(), { pending: 1, failed: 0 }, NOW)).toContain('1 Slack message still being delivered');
    const failed = renderStatus(v, busy(), { pending: 3, failed: 2 }, NOW);
    expect(failed).toContain('2 Slack messages could not be delivered');
  });

  it("says what waits for Slack's rate limits, the longest three, by channel, person or method", () => {
    expect(renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW, { paced: [] })).not.toContain('rate limit');
    const waits = [
      { method: 'chat.postMessage', conversation: 'C0ALERTS', waiting: 14, until: NOW + 40_000 },
      { method: 'conversations.create', conversation: undefined, waiting: 1, until: NOW + 20_000 },
      { method: 'chat.postMessage', conversation: 'U0KASIA', waiting: 2, until: NOW + 12_000 },
      { method: 'chat.update', conversation: undefined, waiting: 3, until: NOW + 11_000 },
    ];
    const lines = renderStatus(v, busy(), { pending: 0, failed: 0 }, NOW, { paced: waits })
      .split('\n')
      .filter((l) => l.includes('rate limit'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/14 messages to <#C0ALERTS> wait their turn \(the last goes at .+, in 40s\)/);
    expect(lines[1]).toContain('1 call to `conversations.create` waits its turn');
    expect(lines[2]).toContain('2 messages to <@U0KASIA> wait their turn');
  });

  it('says closed for a closed crisis', () => {
    const snap = { ...busy(), crisis: crisisRow({ state: 'closed', closedAt: T0 + 5 * MIN }) };
    const text = renderStatus(v, snap, { pending: 0, failed: 0 }, NOW);
    expect(text.split('\n')[0]).toContain('closed');
    expect(text).toContain('Open for 5m');
  });
});
