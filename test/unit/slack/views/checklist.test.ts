import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ActionId } from '../../../../src/slack/ids.js';
import { ITEMS_PER_MESSAGE, renderChecklist } from '../../../../src/slack/views/checklist.js';
import type { ChecklistItem } from '../../../../src/domain/crisis.js';
import { MIN, T0, examplePlanNow, itemRow, viewContext } from '../../support.js';

const v = viewContext(examplePlanNow());

const sections = (blocks: KnownBlock[]) => blocks.filter((b): b is SectionBlock => b.type === 'section');
const buttons = (blocks: KnownBlock[]) =>
  sections(blocks)
    .map((b) => b.accessory)
    .filter((a): a is Button => a?.type === 'button');

function items(n: number, over: (i: number) => Partial<ChecklistItem> = () => ({})): ChecklistItem[] {
  return Array.from({ length: n }, (_, i) => itemRow({ id: 100 + i, position: i, text: `Item ${i + 1}`, ...over(i) }));
}

describe('renderChecklist', () => {
  const list = [
    itemRow({ id: 11, position: 0, text: 'Pause all scheduled posts' }),
    itemRow({ id: 12, position: 1, text: 'Publish a holding statement', role: 'spokesperson', dueAt: T0 + 60 * MIN }),
    itemRow({ id: 13, position: 2, text: 'Brief customer service', doneAt: T0 + 5 * MIN, doneBy: 'U0ANNA' }),
  ];

  it('gives every open item a Done button and every done item an Undo button', () => {
    const [message, ...rest] = renderChecklist(v, 'Boycott', list);
    expect(rest).toHaveLength(0);
    const [done1, done2, undo] = buttons(message!.blocks);
    for (const [button, id] of [
      [done1, '11'],
      [done2, '12'],
    ] as const) {
      expect(button!.text.text).toBe('Done');
      expect(button!.action_id).toBe(ActionId.checklistDone);
      expect(button!.value).toBe(id);
    }
    expect(undo!.text.text).toBe('Undo');
    expect(undo!.action_id).toBe(ActionId.checklistUndo);
    expect(undo!.value).toBe('13');
  });

  it('shows who ticked a done item and when, and the owner and due time of an open one', () => {
    const [message] = renderChecklist(v, 'Boycott', list);
    const texts = sections(message!.blocks).map((b) => b.text!.text);
    expect(texts[0]).toContain('Checklist: Boycott');
    expect(texts[0]).toContain('1/3 done');
    expect(texts[2]).toContain('spokesperson');
    expect(texts[2]).toContain(`<!date^${(T0 + 60 * MIN) / 1000}^`);
    expect(texts[3]).toContain('done by <@U0ANNA>');
    expect(texts[3]).toContain(`<!date^${(T0 + 5 * MIN) / 1000}^`);
    expect(message!.text).toContain('1/3 done');
  });

  it('shows no buttons once the crisis is closed', () => {
    const [message] = renderChecklist(v, 'Boycott', list, true);
    expect(buttons(message!.blocks)).toHaveLength(0);
    expect(sections(message!.blocks).every((b) => b.accessory === undefined)).toBe(true);
    expect(sections(message!.blocks)[0]!.text!.text).toContain('closed');
  });

  it('escapes item text and title', () => {
    const [message] = renderChecklist(v, '<!channel> & co', [itemRow({ text: 'Ping <!here> & <@U1>' })]);
    const json = JSON.stringify(message!.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).toContain('&lt;!here&gt; &amp; &lt;@U1&gt;');
  });

  it('splits 120 items into 3 messages of at most 50 blocks, 49 items each', () => {
    expect(ITEMS_PER_MESSAGE).toBe(49);
    const messages = renderChecklist(v, 'Big', items(120));
    expect(messages).toHaveLength(3);
    expect(messages.map((m) => buttons(m.blocks).length)).toEqual([49, 49, 22]);
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
    const values = messages.flatMap((m) => buttons(m.blocks).map((b) => b.value));
    expect(values).toEqual(Array.from({ length: 120 }, (_, i) => String(100 + i)));
    expect(sections(messages[2]!.blocks)[0]!.text!.text).toContain('3/3');
  });

  it('renders exactly 49 items as one message and 50 as two', () => {
    expect(renderChecklist(v, 'x', items(49))).toHaveLength(1);
    expect(renderChecklist(v, 'x', items(50))).toHaveLength(2);
  });

  it('keeps every section within 3000 characters and every button within 75, even for a 4000-character item', () => {
    const long = 'Ä&<'.repeat(1334); // 4002 characters, more once escaped
    const messages = renderChecklist(v, long, [
      itemRow({ text: long, role: long }),
      itemRow({ id: 2, text: long, doneAt: T0, doneBy: 'U0ANNA' }),
    ]);
    for (const m of messages) {
      for (const b of sections(m.blocks)) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
      for (const button of buttons(m.blocks)) expect(button.text.text.length).toBeLessThanOrEqual(75);
    }
  });

  it('says so when the crisis type has no checklist', () => {
    const messages = renderChecklist(v, 'Empty', []);
    expect(messages).toHaveLength(1);
    expect(buttons(messages[0]!.blocks)).toHaveLength(0);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('no checklist');
  });

  it('gives every block a unique block id', () => {
    for (const m of renderChecklist(v, 'Big', items(60))) {
      const ids = m.blocks.map((b) => b.block_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
