import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { ViewContext } from '../../../../src/slack/views/context.js';
import { ActionId } from '../../../../src/slack/ids.js';
import { renderPage } from '../../../../src/slack/views/page.js';
import { MIN, T0, crisisRow, examplePlan, viewContext, pageRow } from '../../support.js';

let plan: Plan;
let v: ViewContext;
beforeAll(() => {
  plan = examplePlan();
  v = viewContext(plan);
});

const text = (blocks: KnownBlock[]) => (blocks[0] as SectionBlock).text!.text;
const ackButtons = (blocks: KnownBlock[]) =>
  blocks
    .filter((b): b is ActionsBlock => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e) => e.type === 'button');

describe('renderPage', () => {
  it('says where the first public response stands in a page sent after the first ones, not in those', () => {
    const crisis = crisisRow({ openedAt: T0 });
    expect(text(renderPage(v, crisis, pageRow({ pagedAt: T0 })).blocks)).not.toContain('📣');
    const escalated = pageRow({ stage: 2, pagedAt: T0 + 15 * MIN });
    expect(text(renderPage(v, crisis, escalated).blocks)).toContain(
      `📣 First public response due <!date^${Math.floor((T0 + 60 * MIN) / 1000)}^`,
    );
    expect(text(renderPage(v, crisis, escalated, T0 + 40 * MIN).blocks)).toContain(
      '📣 First public response 40m after opening (the plan’s target: within 1h)',
    );
  });

  it('asks for an acknowledgement while unacknowledged', () => {
    const message = renderPage(v, crisisRow({ severity: 'sev1' }), pageRow({ id: 7 }));
    const buttons = ackButtons(message.blocks);
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toMatchObject({ action_id: ActionId.pageAck, value: '7', text: { type: 'plain_text', text: 'Acknowledge' } });
    expect(text(message.blocks)).toContain('Boycott call trending on Instagram');
    expect(text(message.blocks)).toContain('SEV1');
    expect(text(message.blocks)).toContain('stage 1 (Social team)');
    expect(text(message.blocks)).toContain('<@U0OPENER>');
    expect(JSON.stringify(message.blocks)).not.toContain('Acknowledged by');
    expect(message.text).toContain('please acknowledge');
  });

  it('says who acknowledged, and when, once acknowledged, without the button', () => {
    const message = renderPage(v, crisisRow(), pageRow({ userId: 'U0KASIA', ackedAt: T0 + 3 * MIN }));
    expect(ackButtons(message.blocks)).toHaveLength(0);
    const context = message.blocks.find((b): b is ContextBlock => b.type === 'context');
    const contextText = JSON.stringify(context);
    expect(contextText).toContain('Acknowledged by <@U0KASIA>');
    expect(contextText).toContain(`<!date^${(T0 + 3 * MIN) / 1000}^`);
    expect(message.text).toContain('acknowledged');
  });

  it('links the channel once the crisis has one, and only then', () => {
    const before = renderPage(v, crisisRow({ channelId: null }), pageRow());
    expect(JSON.stringify(before.blocks)).not.toContain('<#');
    const after = renderPage(v, crisisRow({ channelId: 'C0CRISIS' }), pageRow());
    expect(text(after.blocks).match(/<#C0CRISIS>/g)).toHaveLength(1);
  });

  it('quotes the summary, escaped', () => {
    const message = renderPage(v, crisisRow({ summary: 'Line one\n<!channel> two' }), pageRow());
    expect(text(message.blocks)).toContain('>Line one\n>&lt;!channel&gt; two');
  });

  it('escapes the title', () => {
    const message = renderPage(v, crisisRow({ title: '<!everyone> now' }), pageRow());
    expect(text(message.blocks)).not.toContain('<!everyone>');
  });
});
