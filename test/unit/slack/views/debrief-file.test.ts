import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { CrisisSnapshot } from '../../../../src/domain/crisis.js';
import { renderDebriefFile } from '../../../../src/slack/views/debrief-file.js';
import { MIN, T0, crisisRow, entry, examplePlan, itemRow, pageRow, snapshot, updateRow, viewContext } from '../../support.js';

let plan: Plan;
beforeAll(() => {
  plan = examplePlan();
});

/** In English, with times in, as the tests before languages wrote them. */
const compileDebrief = (snap: CrisisSnapshot, p: Plan, now: number) => renderDebriefFile(viewContext(p), snap, now);

const CLOSED_AT = T0 + 2 * 60 * MIN + 15 * MIN; // 2h 15m after opening

function fullSnapshot(): CrisisSnapshot {
  return snapshot({
    crisis: crisisRow({
      title: 'Boycott call trending on Instagram',
      severity: 'sev1',
      type: 'data-breach',
      summary: 'Screenshots of an old post are going round',
      state: 'closed',
      stage: 2,
      channelId: 'C0CRISIS',
      channelName: 'crisis-20260305-boycott-call-trending-on-instagram',
      closedAt: CLOSED_AT,
      closedBy: 'U0OMAR',
      closeSummary: 'Statement published; volume back to normal',
    }),
    pages: [
      pageRow({ id: 1, stage: 1, userId: 'U0ANNA', memberName: 'Anna Berg', pagedAt: T0, ackedAt: T0 + 4 * MIN }),
      pageRow({ id: 2, stage: 1, userId: 'U0KASIA', memberName: 'Kasia Nowak', pagedAt: T0, ackedAt: null }),
      pageRow({ id: 3, stage: 2, userId: 'U0OMAR', memberName: 'Omar Nilsson', pagedAt: T0 + 10 * MIN, ackedAt: T0 + 12 * MIN }),
    ],
    items: [
      itemRow({ id: 1, position: 0, text: 'Pause all scheduled posts', doneAt: T0 + 5 * MIN, doneBy: 'U0ANNA' }),
      itemRow({ id: 2, position: 1, text: 'Publish a holding statement', role: 'spokesperson', doneAt: T0 + 50 * MIN, doneBy: 'U0OMAR' }),
      itemRow({ id: 3, position: 2, text: 'Brief customer service', role: 'customer-service' }),
      itemRow({ id: 4, position: 3, text: 'Collect questions for an internal Q&A' }),
    ],
    updates: [
      updateRow({ id: 1, authorId: 'U0OMAR', text: 'Holding statement is out', postedAt: T0 + 51 * MIN }),
      updateRow({ id: 2, authorId: 'U0OPENER', text: 'Volume dropping\nsecond line', postedAt: T0 + 100 * MIN }),
    ],
    timeline: [
      entry({ kind: 'opened', severity: 'sev1', type: 'data-breach' }, { id: 1, at: T0, actorId: 'U0OPENER' }),
      entry(
        { kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'deadline', stage: 1, timeoutMs: 10 * MIN } },
        { id: 2, at: T0 + 10 * MIN, actorId: null },
      ),
      entry({ kind: 'closed' }, { id: 3, at: CLOSED_AT, actorId: 'U0OMAR' }),
    ],
    people: new Map([['U0OPENER', 'Olle Opener']]),
  });
}

describe('compileDebrief', () => {
  it('has the title, severity, type, times, duration and channel', () => {
    const md = compileDebrief(fullSnapshot(), plan, CLOSED_AT + 5 * MIN);
    expect(md.split('\n')[0]).toBe('# Debrief: Boycott call trending on Instagram');
    expect(md).toContain('| Severity | critical (sev1) |');
    expect(md).toContain('| Type | Data breach |');
    expect(md).toContain('| Opened | 2026-03-05 10:00 by Olle Opener |');
    expect(md).toContain('| Closed | 2026-03-05 12:15 by Omar Nilsson |');
    expect(md).toContain('| Duration | 2h 15m |');
    expect(md).toContain('| Time zone | UTC (GMT+00:00) |');
    expect(md).toContain('#crisis-20260305-boycott-call-trending-on-instagram');
    expect(md).toContain('| Highest stage paged | 2 (Crisis group) |');
    expect(md).toContain('Screenshots of an old post are going round');
    expect(md).toContain('Statement published; volume back to normal');
  });

  it('gives the time to first acknowledgement', () => {
    expect(compileDebrief(fullSnapshot(), plan, CLOSED_AT)).toContain('| Time to first acknowledgement | 4m |');
  });

  it('says when nobody acknowledged', () => {
    const snap = fullSnapshot();
    const unacked = { ...snap, pages: snap.pages.map((p) => ({ ...p, ackedAt: null })) };
    const md = compileDebrief(unacked, plan, CLOSED_AT);
    expect(md).toContain('| Time to first acknowledgement | nobody acknowledged |');
    expect(md.match(/did not acknowledge/g)).toHaveLength(3);
  });

  it('lists every person paged, with when they were paged and acknowledged', () => {
    const md = compileDebrief(fullSnapshot(), plan, CLOSED_AT);
    expect(md).toContain('| Anna Berg | 1 (Social team) | 2026-03-05 10:00 | 2026-03-05 10:04 (after 4m) |');
    expect(md).toContain('| Kasia Nowak | 1 (Social team) | 2026-03-05 10:00 | did not acknowledge |');
    expect(md).toContain('| Omar Nilsson | 2 (Crisis group) | 2026-03-05 10:10 | 2026-03-05 10:12 (after 2m) |');
  });

  it('says when nobody was paged', () => {
    const md = compileDebrief({ ...fullSnapshot(), pages: [] }, plan, CLOSED_AT);
    expect(md).toContain('Nobody was paged.');
    expect(md).toContain('nobody acknowledged');
  });

  it('shows the checklist, who did what and when, and what was left open', () => {
    const md = compileDebrief(fullSnapshot(), plan, CLOSED_AT);
    expect(md).toContain('| Checklist | 2/4 done |');
    expect(md).toContain('- [x] Pause all scheduled posts: done by Anna Berg at 2026-03-05 10:05');
    expect(md).toContain('- [x] Publish a holding statement (spokesperson): done by Omar Nilsson at 2026-03-05 10:50');
    expect(md).toContain('- [ ] Brief customer service (customer-service)');
    expect(md).toContain('- [ ] Collect questions for an internal Q&A');
    expect(md).toContain('Left open: 2 items: Brief customer service; Collect questions for an internal Q&A.');
  });

  it('says nothing was left open when the checklist is done', () => {
    const snap = fullSnapshot();
    const allDone = { ...snap, items: snap.items.map((i) => ({ ...i, doneAt: T0 + MIN, doneBy: 'U0ANNA' })) };
    const md = compileDebrief(allDone, plan, CLOSED_AT);
    expect(md).toContain('Nothing was left open.');
    expect(md).not.toContain('Left open');
  });

  it('lists the status updates, each on one line', () => {
    const md = compileDebrief(fullSnapshot(), plan, CLOSED_AT);
    expect(md).toContain('- 2026-03-05 10:51, Omar Nilsson: Holding statement is out');
    expect(md).toContain('- 2026-03-05 11:40, Olle Opener: Volume dropping second line');
    expect(compileDebrief({ ...fullSnapshot(), updates: [] }, plan, CLOSED_AT)).toContain('No status update was posted.');
  });

  it('has the timeline in order, with seconds', () => {
    const md = compileDebrief(fullSnapshot(), plan, CLOSED_AT);
    const timeline = md.slice(md.indexOf('## Timeline'));
    const lines = timeline.split('\n').filter((l) => l.startsWith('- '));
    expect(lines.slice(0, 3)).toEqual([
      '- 2026-03-05 10:00:00 Opened by Olle Opener (sev1, type Data breach)',
      '- 2026-03-05 10:10:00 Nobody in stage 1 (Social team) acknowledged within 10m: escalated to stage 2 (Crisis group), paged Omar Nilsson',
      '- 2026-03-05 12:15:00 Closed by Omar Nilsson',
    ]);
  });

  it('uses now for an open crisis, and falls back to the Slack id for unknown people', () => {
    const snap = fullSnapshot();
    const open = { ...snap, crisis: { ...snap.crisis, state: 'open' as const, closedAt: null, closedBy: null, openerId: 'U0UNKNOWN' } };
    const md = compileDebrief(open, plan, T0 + 30 * MIN);
    expect(md).toContain('| Duration | 30m |');
    expect(md).toContain('by U0UNKNOWN');
    expect(md).toContain('by the bot'); // no closer yet
  });

  it('Markdown-escapes user text', () => {
    const snap = fullSnapshot();
    const hostile = {
      ...snap,
      crisis: { ...snap.crisis, title: '*Boycott* _now_ | <b>`x`</b> [link](http://evil)', summary: 'a|b' },
      items: [itemRow({ text: 'Check *all* | accounts' })],
      updates: [updateRow({ text: '<!channel> `rm -rf` _urgent_' })],
      pages: [pageRow({ memberName: 'Anna | Berg' })],
    };
    const md = compileDebrief(hostile, plan, CLOSED_AT);
    expect(md).toContain('# Debrief: \\*Boycott\\* \\_now\\_ \\| \\<b\\>\\`x\\`\\</b\\> \\[link\\](http://evil)');
    expect(md).toContain('- [ ] Check \\*all\\* \\| accounts');
    expect(md).toContain('\\<!channel\\> \\`rm -rf\\` \\_urgent\\_');
    expect(md).toContain('| Anna \\| Berg | 1 (Social team) |');
    expect(md).toContain('a\\|b');
    expect(md).not.toContain('<!channel>');
  });
});

describe('the first screen (at a glance)', () => {
  const freeze = (id: number, account: string, frozenAt: number | null) => ({
    id,
    crisisId: 1,
    account,
    handle: null,
    askedAt: T0,
    frozenBy: frozenAt === null ? null : 'U0ANNA',
    frozenAt,
    releasedAt: CLOSED_AT,
    holdStartedAt: null,
    heldAt: null,
    holdFailure: null,
    holdIncomplete: null,
    resumedBy: null,
    resumedAt: null,
  });
  const action = (id: number, over: { dueOn?: string; doneAt?: number }) => ({
    id,
    crisisId: 1,
    ownerId: 'U0KASIA',
    text: `Action ${id}`,
    createdBy: 'U0OMAR',
    createdAt: T0,
    doneBy: over.doneAt === undefined ? null : 'U0KASIA',
    doneAt: over.doneAt ?? null,
    channel: null,
    ts: null,
    dueOn: over.dueOn ?? null,
  });
  const glance = (text: string) => text.slice(text.indexOf('## At a glance'), text.indexOf('| | |'));

  it('says what happened, how big it got, how fast the team was, what is open and who does what by when', () => {
    const snap = {
      ...fullSnapshot(),
      freezes: [freeze(1, 'Instagram', T0 + 3 * MIN), freeze(2, 'Facebook', T0 + 7 * MIN)],
      actions: [action(1, { dueOn: '2026-03-20' }), action(2, {}), action(3, { doneAt: T0 + 60 * MIN })],
    };
    const readings = [
      { source: 'brandwatch', at: T0 - 7 * 3600_000, mentions: 9000, negative: 10 }, // before the crisis: not its peak
      { source: 'brandwatch', at: T0 + 20 * MIN, mentions: 1240, negative: 806 },
      { source: 'brandwatch', at: T0 + 60 * MIN, mentions: 400, negative: 94 },
    ];
    const text = glance(renderDebriefFile(viewContext(plan), snap, CLOSED_AT, readings));
    expect(text.split('\n')).toEqual([
      '## At a glance',
      '',
      '**What happened:** Boycott call trending on Instagram, critical (sev1); opened 2026-03-05 10:00, closed 2026-03-05 12:15, after 2h 15m.',
      '',
      '> Statement published; volume back to normal',
      '',
      '**How big it got:** a peak of 1,240 mentions in one reading (brandwatch, 2026-03-05 10:20). Negative: 65% of the mentions at the peak, 55% over the crisis.',
      '',
      '**Response times:** first acknowledgement after 4m; every account paused after 7m.',
      '',
      '**Still open:** 2 checklist items (Brief customer service; Collect questions for an internal Q&A); 2 follow-up actions.',
      '',
      '**Follow-up actions:**',
      '- Action 1: Kasia Nowak, due 2026-03-20',
      '- Action 2: Kasia Nowak, no due date',
      '- Action 3: Kasia Nowak, done 2026-03-05 11:00',
      '',
      '![The online conversation with the milestones](chart-crisis-20260305-boycott-call-trending-on-instagram.png)',
      '',
      '',
    ]);
  });

  it('says so when no reading came in, an account was never paused and there is nothing to follow up', () => {
    const snap = { ...fullSnapshot(), freezes: [freeze(1, 'Instagram', T0 + 3 * MIN), freeze(2, 'Facebook', null)] };
    const text = glance(renderDebriefFile(viewContext(plan), snap, CLOSED_AT));
    expect(text).toContain('**How big it got:** no listening readings came in while it ran (or in the hour before).');
    expect(text).toContain('**Response times:** first acknowledgement after 4m; not every account was confirmed paused.');
    expect(text).toContain('**Follow-up actions:** none yet (`/crisis action @person YYYY-MM-DD what to do`).');
  });

  it('puts the full timeline and the fingerprints in an appendix, after everything people read', () => {
    const text = renderDebriefFile(viewContext(plan), fullSnapshot(), CLOSED_AT);
    expect(text.indexOf('## Appendix')).toBeGreaterThan(text.indexOf('## Checklist'));
    expect(text.indexOf('## Timeline')).toBeGreaterThan(text.indexOf('## Appendix'));
    expect(text.indexOf('## At a glance')).toBeLessThan(text.indexOf('| | |'));
  });
});
