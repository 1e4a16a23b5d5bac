import { describe, expect, it } from 'vitest';
import {
  approvedAnswers,
  claims,
  digestSlot,
  firstLink,
  itemVersion,
  openItems,
  parsePostUrl,
  platformOf,
  queueFigures,
  urlKey,
  type ResponseItem,
} from '../../../src/domain/responses.js';
import { parseQa } from '../../../src/domain/learning.js';

const key = (url: string) => urlKey(parsePostUrl(url)!);

describe('a queued post', () => {
  it('is the same post however the link was copied', () => {
    const same = [
      'https://www.instagram.com/p/CxY1/?igsh=abc123',
      'http://instagram.com/p/CxY1',
      'https://m.instagram.com/p/CxY1/#comments',
      'https://INSTAGRAM.com/p/CxY1/?utm_source=ig_web&utm_medium=x',
    ];
    expect(new Set(same.map(key))).toEqual(new Set(['instagram.com/p/CxY1']));
    expect(key('https://twitter.com/reporter/status/42?s=20')).toBe(key('https://x.com/reporter/status/42'));
    // What names the post stays: another id, another query that is not tracking.
    expect(key('https://www.facebook.com/permalink.php?story_fbid=1&id=2')).not.toBe(
      key('https://www.facebook.com/permalink.php?story_fbid=3&id=2'),
    );
    expect(key('https://www.instagram.com/p/CxY1/')).not.toBe(key('https://www.instagram.com/p/CxY2/'));
  });

  it('has its platform guessed from the address, and `web` for anything else', () => {
    const platform = (url: string) => platformOf(parsePostUrl(url)!);
    expect(
      [
        'https://x.com/a/status/1',
        'https://mobile.twitter.com/a',
        'https://www.tiktok.com/@a/video/1',
        'https://youtu.be/abc',
        'https://lnkd.in/x',
        'https://fb.watch/x',
        'https://forum.example.org/t/1',
      ].map(platform),
    ).toEqual(['x', 'x', 'tiktok', 'youtube', 'linkedin', 'facebook', 'web']);
  });

  it('takes only http(s) links with a host; finds the first one in a Slack message', () => {
    expect(['ftp://x.com/a', 'javascript:alert(1)', 'https://localhost/x', 'not a link'].map(parsePostUrl)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(firstLink('See <https://x.com/a/status/1|this> and https://y.com')?.toString()).toBe('https://x.com/a/status/1');
    expect(firstLink('bare https://forum.example.org/t/1 here')?.toString()).toBe('https://forum.example.org/t/1');
    expect(firstLink('<#C0123|general> <@U1>')).toBeUndefined();
  });
});

describe('the queue figures', () => {
  const item = (id: number, state: ResponseItem['state'], after?: number): ResponseItem => ({
    id,
    crisisId: 1,
    url: 'https://x.com',
    urlKey: 'x.com',
    platform: 'x',
    note: null,
    addedBy: 'U1',
    addedAt: 0,
    state,
    handledBy: after === undefined ? null : 'U2',
    handledAt: after ?? null,
    replyUrl: null,
    escalatedBy: null,
    escalatedAt: null,
    channel: null,
    ts: null,
    claimedBy: null,
    claimedAt: null,
    author: null,
    text: null,
    postedAt: null,
    remindedAt: null,
  });

  it('counts each state and takes the median time to answer over answered and moved posts', () => {
    expect(queueFigures([item(1, 'answered', 60_000), item(2, 'moved', 180_000), item(3, 'removed', 5_000), item(4, 'open')])).toEqual({
      total: 4,
      open: 1,
      answered: 1,
      moved: 1,
      removed: 1,
      medianAnswerMs: 120_000,
    });
    expect(queueFigures([item(1, 'answered', 60_000), item(2, 'answered', 600_000), item(3, 'answered', 90_000)]).medianAnswerMs).toBe(
      90_000,
    );
    expect(queueFigures([item(1, 'open')]).medianAnswerMs).toBeUndefined();
  });

  it('lists the open posts oldest first, and who has taken how many of them', () => {
    const posts = [
      { ...item(1, 'open'), addedAt: 300, claimedBy: 'U2' },
      { ...item(2, 'open'), addedAt: 100 },
      { ...item(3, 'answered', 50), claimedBy: 'U2' },
      { ...item(4, 'open'), addedAt: 200, claimedBy: 'U1' },
      { ...item(5, 'open'), addedAt: 100, claimedBy: 'U2' },
    ];
    expect(openItems(posts).map((i) => i.id)).toEqual([2, 5, 4, 1]);
    // A handled post no longer counts as someone's.
    expect(claims(posts)).toEqual({
      byPerson: [
        ['U2', 2],
        ['U1', 1],
      ],
      unclaimed: 1,
    });
  });

  it('changes its version when what its message shows changes', () => {
    const open = item(1, 'open');
    expect(itemVersion({ ...open })).toBe(itemVersion(open));
    expect(itemVersion({ ...open, claimedBy: 'U1' })).not.toBe(itemVersion(open));
    expect(itemVersion(item(1, 'answered', 5))).not.toBe(itemVersion(open));
    expect(itemVersion({ ...open, escalatedAt: 5 })).not.toBe(itemVersion(open));
  });
});

describe('approved answers', () => {
  it('are the published version of each published statement, the latest published first, then the Q&A’s answers', () => {
    const statement = (id: number, versions: [number, string][], published: [number, number][]) => ({
      versions: versions.map(([vid, text]) => ({ id: vid, text })),
      publications: published.map(([versionId, publishedAt]) => ({ versionId, publishedAt })),
      id,
    });
    const answers = approvedAnswers(
      [
        // Published as version 1, then edited (version 2 not published): version 1 is what went out.
        statement(
          1,
          [
            [1, 'We are looking into it.'],
            [2, 'We are looking into it (draft).'],
          ],
          [[1, 100]],
        ),
        statement(2, [[3, 'Never published.']], []),
        statement(3, [[4, 'The recall is under way.']], [[4, 300]]),
      ],
      [{ id: 7, question: 'Is it safe?', answer: 'No: unplug it.' }],
    );
    expect(answers).toEqual([
      { id: 's4', kind: 'statement', label: 'The recall is under way.', text: 'The recall is under way.' },
      { id: 's1', kind: 'statement', label: 'We are looking into it.', text: 'We are looking into it.' },
      { id: 'q7', kind: 'qa', label: 'Is it safe?', text: 'No: unplug it.' },
    ]);
  });
});

describe('the digest of unanswered posts', () => {
  const HOUR = 3_600_000;
  it('gathers posts added within a quarter of remind_after into one slot, due no earlier than remind_after and at most a quarter after it', () => {
    const t = 10 * HOUR + 7 * 60_000;
    const first = digestSlot(t, HOUR);
    expect(first.runAt).toBeGreaterThanOrEqual(t + HOUR);
    expect(first.runAt).toBeLessThanOrEqual(t + HOUR + HOUR / 4);
    expect(digestSlot(t + 60_000, HOUR)).toEqual(first);
    expect(digestSlot(t + HOUR / 4, HOUR).slot).toBe(first.slot + 1);
    // A very short remind_after still leaves a second between slots.
    expect(digestSlot(1500, 2000)).toEqual({ slot: 4, runAt: 4000 });
  });
});

describe('a Q&A entry', () => {
  it('is a question and an answer split at the first bar, both needed', () => {
    expect(parseQa('Is it safe? | No | unplug it')).toEqual({ question: 'Is it safe?', answer: 'No | unplug it' });
    expect([parseQa('Is it safe?'), parseQa(' | No'), parseQa('Is it safe? |  ')]).toEqual([undefined, undefined, undefined]);
  });
});
