import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { AccountFreeze } from '../../../../src/domain/freeze.js';
import type { HeldPost } from '../../../../src/domain/held-posts.js';
import { renderFreezeRequest } from '../../../../src/slack/views/freeze.js';
import { renderRestoreReport } from '../../../../src/slack/views/held-posts.js';
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
  holdIncomplete: null,
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

describe('the restore report', () => {
  const post = (over: Partial<HeldPost>): HeldPost => ({
    id: 1,
    freezeId: 1,
    crisisId: 1,
    profileId: '111',
    externalId: '9',
    text: 'Spring range, in three colours',
    scheduledAt: T0 + 3_600_000,
    mediaUrls: [],
    message: null,
    awaitingApproval: false,
    restoredPending: false,
    savedAt: T0,
    caughtAt: null,
    state: 'failed',
    heldAt: T0,
    restoreAt: T0 + 3_600_000,
    restoredId: null,
    restoredAt: T0,
    failure: 'HTTP 400 · 4001 · Resource not found',
    ...over,
  });
  const report = (p: HeldPost) =>
    JSON.stringify(
      renderRestoreReport(viewContext(examplePlan()), crisisRow({ title: 'Recall' }), { ...freeze, resumedBy: 'U0ANNA' }, [p]).blocks,
    );

  it('says which post lost its uploaded image, with the whole saved text; not for a post without media or for another refusal', () => {
    const withImage = post({ message: { media: [{ id: 'bWVkaWE=' }] } });
    expect(report(withImage)).toContain('Its uploaded media is no longer in Hootsuite (it keeps media 90 days after use)');
    expect(report(withImage)).toContain('Spring range, in three colours');
    expect(report(post({}))).not.toContain('no longer in Hootsuite');
    expect(report(post({ message: { media: [{ id: 'bWVkaWE=' }] }, failure: 'HTTP 403 · 4009 · x' }))).not.toContain(
      'no longer in Hootsuite',
    );
  });
});
