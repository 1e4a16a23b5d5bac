import type { HeaderBlock, SectionBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { ViewContext } from '../../../../src/slack/views/context.js';
import type { SummaryInput } from '../../../../src/jobs/ports/views.js';
import { renderSummary, renderTopic } from '../../../../src/slack/views/summary.js';
import { MIN, T0, crisisRow, entry, examplePlan, pageRow, snapshot, updateRow, versionRow, viewContext } from '../../support.js';

let plan: Plan;
let v: ViewContext;
beforeAll(() => {
  plan = examplePlan();
  v = viewContext(plan);
});

const sections = (message: ReturnType<typeof renderSummary>) =>
  message.blocks.filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text!.text);
const input = (over: Parameters<typeof snapshot>[0] = {}, alert?: SummaryInput['alert']): SummaryInput => ({ snap: snapshot(over), alert });

describe('renderSummary', () => {
  it('shows title, severity, type and opener', () => {
    const message = renderSummary(
      v,
      input({ crisis: crisisRow({ severity: 'sev1', type: 'data-breach', stage: 2, openerId: 'U0OPENER' }) }),
    );
    const header = message.blocks[0] as HeaderBlock;
    expect(header.type).toBe('header');
    expect(header.text.text).toBe('Crisis: Boycott call trending on Instagram');
    const head = sections(message)[0]!;
    expect(head).toContain('*Boycott call trending on Instagram*');
    expect(head).toContain('SEV1');
    expect(head).toContain('type *Data breach*');
    expect(head).toContain('🔴 SEV1 (critical)');
    expect(head).toContain('opened by <@U0OPENER>');
    expect(message.text).toContain('sev1');
  });

  it('names the crisis lead with a phone number: the plan’s leads, or the one named for the crisis', () => {
    expect(sections(renderSummary(v, input()))[0]).toContain('*Crisis lead*: <@U0OMAR> (+46 70 000 00 02)');
    expect(sections(renderSummary(v, input({ crisis: crisisRow({ leadId: 'U0ANNA' }) })))[0]).toContain(
      '*Crisis lead*: <@U0ANNA> (+46 70 000 00 01)',
    );
  });

  it('says what the severity means when the plan does', () => {
    const described = { ...v, plan: { ...v.plan, severityDescriptions: { sev1: 'Spreading fast' } } };
    expect(sections(renderSummary(described, input({ crisis: crisisRow({ severity: 'sev1' }) })))[0]).toContain(
      '_Critical: Spreading fast_',
    );
    expect(sections(renderSummary(described, input()))[0]).not.toContain('Spreading fast');
  });

  it('says who was called, with phone numbers, whether they answered and why their stage was paged', () => {
    const pages = [
      pageRow({ id: 1, userId: 'U0ANNA', memberName: 'Anna Berg', ackedAt: null }),
      pageRow({ id: 2, userId: 'U0KASIA', memberName: 'Kasia Nowak', ackedAt: T0 + MIN }),
      pageRow({ id: 3, stage: 2, userId: 'U0OMAR', memberName: 'Omar Nilsson', pagedAt: T0 + 10 * MIN }),
    ];
    const timeline = [
      entry({ kind: 'opened', severity: 'sev2', type: 'default' }),
      entry(
        { kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'deadline', stage: 1, timeoutMs: 10 * MIN } },
        { at: T0 + 10 * MIN, actorId: null },
      ),
    ];
    const called = sections(renderSummary(v, input({ pages, timeline }))).find((t) => t.startsWith('*Who was called*'))!;
    expect(called.split('\n').slice(1)).toEqual([
      '• stage 1 (Social team): <@U0ANNA> (+46 70 000 00 01) ⏳ and <@U0KASIA> ✅. Paged when the crisis opened.',
      '• stage 2 (Crisis group): <@U0OMAR> (+46 70 000 00 02) ⏳. Nobody in stage 1 (Social team) acknowledged within 10m.',
    ]);
    expect(called).not.toMatch(/paged \(up to/);
  });

  it('lists who is informed, the next status update, the policy and the alert it came from', () => {
    const informs = [
      { id: 1, crisisId: 1, stage: 1, userId: 'U0OMAR', memberName: 'Omar Nilsson', informedAt: T0, dmChannel: null, dmTs: null },
    ];
    const withPolicy = { ...v, plan: { ...v.plan, policyUrl: 'https://intra.example.com/policy', statusUpdateEveryMs: 30 * MIN } };
    const message = renderSummary(
      withPolicy,
      input(
        { informs, pages: [pageRow()], updates: [updateRow({ postedAt: T0 + 5 * MIN })] },
        { title: 'Listening: brandwatch crossed its thresholds', source: 'brandwatch' },
      ),
    );
    const all = sections(message).join('\n');
    expect(all).toContain('For their information (no acknowledgement needed): <@U0OMAR> (+46 70 000 00 02)');
    expect(all).toContain(`Next status update due <!date^${(T0 + 35 * MIN) / 1000}^`);
    expect(all).toContain('<https://intra.example.com/policy|Social media policy>');
    expect(all).toContain('Opened from the alert "Listening: brandwatch crossed its thresholds" (brandwatch)');
    expect(all).toContain('`/crisis title &lt;text&gt;`');
  });

  it('shows when the first public response is due, then how long it took, against the plan’s target', () => {
    const due = sections(renderSummary(v, input())).join('\n');
    expect(due).toContain(`📣 First public response due <!date^${Math.floor((T0 + 60 * MIN) / 1000)}^`);
    expect(due).toContain('(the plan’s target: within 1h of opening)');
    const version = versionRow({ id: 5, statementId: 1 });
    const statement = { id: 1, crisisId: 1, authorId: 'U0ANNA', platforms: [], createdAt: T0, channel: null, ts: null };
    const publication = (id: number, at: number) => ({
      id,
      crisisId: 1,
      versionId: 5,
      platform: 'x',
      url: 'https://x.com/a/1',
      publishedBy: 'U0ANNA',
      publishedAt: at,
      via: 'hand' as const,
    });
    const published = renderSummary(
      v,
      input({
        statements: [
          { statement, versions: [version], publications: [publication(2, T0 + 80 * MIN), publication(1, T0 + 47 * MIN)], sends: [] },
        ],
      }),
    );
    const text = sections(published).join('\n');
    // The first of them counts, whichever order they come in.
    expect(text).toContain('📣 First public response 47m after opening (the plan’s target: within 1h)');
    expect(text).not.toContain('First public response due');
    // A closed crisis that never spoke publicly has no clock running.
    expect(sections(renderSummary(v, input({ crisis: crisisRow({ state: 'closed' }) }))).join('\n')).not.toContain('📣');
  });

  it('lists the roster contacts with roles and phone numbers', () => {
    const roster = sections(renderSummary(v, input())).find((t) => t.startsWith('*Roster contacts*'))!;
    expect(roster.split('\n').slice(1)).toEqual([
      '• <@U0ANNA> (Anna Berg) · social-media-manager · +46 70 000 00 01',
      '• <@U0OMAR> (Omar Nilsson) · crisis-lead, spokesperson · +46 70 000 00 02',
      '• <@U0KASIA> (Kasia Nowak) · customer-service',
    ]);
  });

  it('quotes the summary when there is one', () => {
    const without = renderSummary(v, input({ crisis: crisisRow({ summary: null }) }));
    const withSummary = renderSummary(v, input({ crisis: crisisRow({ summary: 'Old post\n<!here> resurfaced' }) }));
    expect(withSummary.blocks.length).toBe(without.blocks.length + 1);
    expect(JSON.stringify(withSummary.blocks)).toContain('>Old post\\n>&lt;!here&gt; resurfaced');
  });

  it('keeps the header within 150 characters for the longest title', () => {
    const message = renderSummary(v, input({ crisis: crisisRow({ title: 'T'.repeat(150) }) }));
    expect((message.blocks[0] as HeaderBlock).text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('renderTopic', () => {
  it('has the severity and title, within 250 characters', () => {
    expect(renderTopic(v, crisisRow({ severity: 'sev3' }))).toContain('SEV3 Boycott call trending on Instagram');
    expect(renderTopic(v, crisisRow({ title: 'x'.repeat(400) })).length).toBeLessThanOrEqual(250);
  });
});
