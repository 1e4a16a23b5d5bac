import type { KnownBlock, SectionBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { ViewContext } from '../../../../src/slack/views/context.js';
import { renderDebriefFile } from '../../../../src/slack/views/debrief-file.js';
import { renderDebriefMessage } from '../../../../src/slack/views/debrief.js';
import { MIN, T0, crisisRow, examplePlan, viewContext, itemRow, pageRow, snapshot, updateRow } from '../../support.js';

let plan: Plan;
let v: ViewContext;
beforeAll(() => {
  plan = examplePlan();
  v = viewContext(plan);
});

const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.filter((b): b is SectionBlock => b.type === 'section').flatMap((b) => (b.text ? [b.text.text] : []));
const all = (blocks: KnownBlock[]) => JSON.stringify(blocks);
const POINTER = /continues in the attached Markdown file/;

describe('renderDebriefMessage', () => {
  const markdown = () =>
    renderDebriefFile(
      v,
      snapshot({
        crisis: crisisRow({ title: 'Boycott *now* <!channel>', state: 'closed', closedAt: T0 + 60 * MIN, closedBy: 'U0OMAR' }),
        pages: [pageRow({ ackedAt: T0 + 2 * MIN })],
        items: [itemRow({ text: 'Pause posts', doneAt: T0 + MIN, doneBy: 'U0ANNA' }), itemRow({ id: 2, text: 'Brief customer service' })],
        updates: [updateRow()],
      }),
      T0 + 60 * MIN,
    );

  it('turns the Markdown into readable mrkdwn', () => {
    const message = renderDebriefMessage(v, 'Boycott', markdown());
    expect(message.text).toBe('Debrief: Boycott');
    const text = sectionTexts(message.blocks).join('\n');
    expect(text).toContain('*Debrief: Boycott *now* &lt;!channel&gt;*');
    // Tables as Slack shows them: label and value as fields; a row per person naming each column.
    const fields = message.blocks.flatMap((b) => (b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : []));
    expect(fields.slice(0, 2)).toEqual(['*Severity*', 'serious (sev2)']);
    expect(fields.length % 2).toBe(0);
    expect(text).toMatch(
      /^• \*Anna Berg\*: Stage: 1 \(Social team\) · Paged: 2026-03-05 10:00 · Acknowledged: 2026-03-05 10:02 \(after 2m\)$/m,
    );
    expect(text).not.toMatch(/Person: Stage: Paged/);
    expect(text).toContain('📈 The online conversation with the milestones: `chart-crisis-1.png`');
    expect(text).toContain('*What happened:*');
    expect(text).toContain('✅ Pause posts');
    expect(text).toContain('⬜ Brief customer service');
    expect(text).not.toContain('|---|');
    expect(text).not.toContain('<!channel>');
    expect(all(message.blocks)).not.toMatch(POINTER);
  });

  it('stays within 50 blocks of at most 3000 characters for a very long debrief, pointing at the file', () => {
    const updates = Array.from({ length: 400 }, (_, i) =>
      updateRow({ id: i + 1, text: `Update ${i}: ${'lorem ipsum & <dolor> '.repeat(20)}`, postedAt: T0 + i * MIN }),
    );
    const items = Array.from({ length: 150 }, (_, i) => itemRow({ id: i + 1, position: i, text: `Item ${i} ${'x'.repeat(200)}` }));
    const md = renderDebriefFile(v, snapshot({ updates, items }), T0 + 500 * MIN);
    expect(md.length).toBeGreaterThan(50 * 3000);
    const message = renderDebriefMessage(v, 'Long', md);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(message.blocks.at(-1)!.type).toBe('context');
    expect(all(message.blocks.slice(-1))).toMatch(POINTER);
  });

  it('cuts a single line longer than a section', () => {
    const md = `# Debrief: x\n\n${'&'.repeat(5000)}\n\nend`;
    const message = renderDebriefMessage(v, 'x', md);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(sectionTexts(message.blocks).join('\n')).toContain('end');
  });
});
