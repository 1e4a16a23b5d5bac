import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { AccountFreeze } from '../../../../src/domain/freeze.js';
import { renderFreezeRequest } from '../../../../src/slack/views/freeze.js';
import { T0, crisisRow, examplePlan, viewContext } from '../../support.js';

const freeze: AccountFreeze = {
  id: 1,
  crisisId: 1,
  account: 'Instagram',
  handle: '@example',
  askedAt: T0,
  frozenBy: null,
  frozenAt: null,
  releasedAt: null,
  holdStartedAt: null,
  heldAt: null,
  holdFailure: null,
  resumedBy: null,
  resumedAt: null,
};
const head = (blocks: unknown[]) => (blocks[0] as SectionBlock).text!.text;

describe('the freeze request', () => {
  it('links the crisis channel, and names the crisis once', () => {
    const v = viewContext(examplePlan());
    const crisis = crisisRow({ title: 'Boycott call', channelId: 'C0CRISIS' });
    expect(head(renderFreezeRequest(v, crisis, freeze, false, T0, false).blocks)).toBe(
      '🧊 *Pause scheduled posts on Instagram @example*. Boycott call is a crisis now (<#C0CRISIS>): a cheerful scheduled post would make it worse. Press Paused once nothing goes out from there.',
    );
    // Before the channel exists, says so rather than naming the crisis a second time.
    const early = head(renderFreezeRequest(v, { ...crisis, channelId: null }, freeze, false, T0, false).blocks);
    expect(early).toContain('Boycott call is a crisis now (its channel is being created)');
    expect(early.split('Boycott call')).toHaveLength(2);
  });
});
