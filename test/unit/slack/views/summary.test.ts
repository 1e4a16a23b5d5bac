import type { HeaderBlock, SectionBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { ViewContext } from '../../../../src/slack/views/context.js';
import { renderSummary, renderTopic } from '../../../../src/slack/views/summary.js';
import { crisisRow, examplePlan, viewContext } from '../../support.js';

let plan: Plan;
let v: ViewContext;
beforeAll(async () => {
  plan = await examplePlan();
  v = viewContext(plan);
});

describe('renderSummary', () => {
  it('shows title, severity, type, opener and stage', () => {
    const message = renderSummary(v, crisisRow({ severity: 'sev1', type: 'data-breach', stage: 2, openerId: 'U0OPENER' }));
    const header = message.blocks[0] as HeaderBlock;
    expect(header.type).toBe('header');
    expect(header.text.text).toBe('Crisis: Boycott call trending on Instagram');
    const head = (message.blocks[1] as SectionBlock).text!.text;
    expect(head).toContain('*Boycott call trending on Instagram*');
    expect(head).toContain('SEV1');
    expect(head).toContain('type *data-breach*');
    expect(head).toContain('opened by <@U0OPENER>');
    expect(head).toContain('Stages 1–2 paged (up to Crisis group)');
    expect(message.text).toContain('sev1');
  });

  it('lists the roster contacts with roles and phone numbers', () => {
    const message = renderSummary(v, crisisRow());
    const roster = message.blocks
      .filter((b): b is SectionBlock => b.type === 'section')
      .map((b) => b.text!.text)
      .find((t) => t.startsWith('*Roster contacts*'))!;
    expect(roster).toBeDefined();
    const lines = roster.split('\n').slice(1);
    expect(lines).toEqual([
      '• <@U0ANNA> (Anna Berg) · social-media-manager · +46 70 000 00 01',
      '• <@U0OMAR> (Omar Nilsson) · crisis-lead, spokesperson · +46 70 000 00 02',
      '• <@U0KASIA> (Kasia Nowak) · customer-service',
    ]);
  });

  it('quotes the summary when there is one', () => {
    const without = renderSummary(v, crisisRow({ summary: null }));
    const withSummary = renderSummary(v, crisisRow({ summary: 'Old post\n<!here> resurfaced' }));
    expect(withSummary.blocks.length).toBe(without.blocks.length + 1);
    expect(JSON.stringify(withSummary.blocks)).toContain('>Old post\\n>&lt;!here&gt; resurfaced');
  });

  it('keeps the header within 150 characters for the longest title', () => {
    const message = renderSummary(v, crisisRow({ title: 'T'.repeat(150) }));
    expect((message.blocks[0] as HeaderBlock).text.text.length).toBeLessThanOrEqual(150);
  });
});

describe('renderTopic', () => {
  it('has the severity and title, within 250 characters', () => {
    expect(renderTopic(v, crisisRow({ severity: 'sev3' }))).toContain('SEV3 Boycott call trending on Instagram');
    expect(renderTopic(v, crisisRow({ title: 'x'.repeat(400) })).length).toBeLessThanOrEqual(250);
  });
});
