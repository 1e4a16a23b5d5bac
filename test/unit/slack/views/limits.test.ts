import { describe, expect, it } from 'vitest';
import { SlackLimits, clip } from '../../../../src/slack/views/limits.js';
import { decodeSlackEntities, escapeMrkdwn, plainText } from '../../../../src/slack/views/mrkdwn.js';
import { wellFormed } from '../../support.js';

describe('clip', () => {
  it('leaves what fits alone and cuts the rest to the limit with an ellipsis', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('x'.repeat(10), 10)).toBe('x'.repeat(10));
    const cut = clip('x'.repeat(11), 10);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
    expect(clip('y'.repeat(5000)).length).toBe(SlackLimits.sectionText);
  });

  it('never leaves half a surrogate pair (a 75-emoji title in a 150-character header)', () => {
    const header = `Crisis: ${'🔥'.repeat(75)}`;
    const cut = clip(header, SlackLimits.headerText);
    expect(cut.length).toBeLessThanOrEqual(SlackLimits.headerText);
    expect(wellFormed(cut)).toBe(true);
    expect(cut.endsWith('🔥…')).toBe(true);
    for (let max = 5; max < 40; max++) expect(wellFormed(clip('🇸🇪🇵🇱👍🏽'.repeat(10), max))).toBe(true);
  });

  it('keeps emoji sequences, mentions, links and escapes whole', () => {
    expect(clip('ab👍🏽cd', 5)).toBe('ab…');
    expect(clip('see <@U0ANNA> now', 8)).toBe('see …');
    expect(clip('see <@U0ANNA> now', 14)).toBe('see <@U0ANNA>…');
    expect(clip('x <https://example.com/a|the post> y', 20)).toBe('x …');
    expect(clip('Q&amp;A &lt;leak&gt;', 7)).toBe('Q&amp;…');
    expect(clip('Q&amp;A &lt;leak&gt;', 6)).toBe('Q…');
    expect(clip('at <!date^1772704800^{date_short_pretty} {time}|2026-03-05 10:00 GMT+00:00> ok', 20)).toBe('at …');
  });
});

describe('mrkdwn', () => {
  it('escapes people’s text so it cannot mention, link or smuggle an entity', () => {
    expect(escapeMrkdwn('<!channel> look')).toBe('&lt;!channel&gt; look');
    expect(escapeMrkdwn('<@U123> and <http://x|y>')).toBe('&lt;@U123&gt; and &lt;http://x|y&gt;');
    expect(escapeMrkdwn('Tom & Jerry')).toBe('Tom &amp; Jerry');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('plain *bold*')).toBe('plain *bold*');
  });

  it('decodes what Slack sends once, and turns a catalogue line into plain text', () => {
    expect(decodeSlackEntities('Q&amp;A &lt;leak&gt;')).toBe('Q&A <leak>');
    expect(decodeSlackEntities(escapeMrkdwn('a &lt; b'))).toBe('a &lt; b');
    expect(plainText('Give it a title: `/crisis open &lt;title&gt;`.')).toBe('Give it a title: /crisis open <title>.');
  });
});
