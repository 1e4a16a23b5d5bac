import { describe, expect, it } from 'vitest';
import { RESUME_LEAD_MS, overdue, resumeTimes, tally, type HeldPost } from '../../../src/domain/held-posts.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);

function post(id: number, scheduledAt: number, state: HeldPost['state'] = 'held'): HeldPost {
  return {
    id,
    freezeId: 1,
    crisisId: 1,
    profileId: '1',
    externalId: String(id),
    text: `post ${id}`,
    scheduledAt,
    mediaUrls: [],
    message: null,
    awaitingApproval: false,
    restoredPending: false,
    caughtAt: null,
    savedAt: NOW - 2 * HOUR,
    state,
    heldAt: NOW - 2 * HOUR,
    restoreAt: null,
    restoredId: null,
    restoredAt: null,
    failure: null,
  };
}

describe('resuming held posts', () => {
  it('keeps the time of posts still ahead and needs none given', () => {
    const posts = [post(1, NOW + HOUR), post(2, NOW + 5 * HOUR)];
    expect(overdue(posts, NOW)).toEqual([]);
    expect(resumeTimes(posts, undefined, NOW)).toEqual(
      new Map([
        [1, NOW + HOUR],
        [2, NOW + 5 * HOUR],
      ]),
    );
  });

  it('moves the overdue ones to the time given, in their old order and spacing', () => {
    const posts = [post(3, NOW - 30 * 60_000), post(1, NOW - 2 * HOUR), post(2, NOW + 3 * HOUR)];
    const first = NOW + 2 * HOUR;
    expect(resumeTimes(posts, first, NOW)).toEqual(
      new Map([
        [3, first + 90 * 60_000],
        [1, first],
        [2, NOW + 3 * HOUR],
      ]),
    );
  });

  it('counts a post due sooner than the lead time as overdue, and refuses a missing or too early time', () => {
    const posts = [post(1, NOW + RESUME_LEAD_MS - 1)];
    expect(overdue(posts, NOW).map((p) => p.id)).toEqual([1]);
    expect(resumeTimes(posts, undefined, NOW)).toBeUndefined();
    expect(resumeTimes(posts, NOW + 60_000, NOW)).toBeUndefined();
    expect(resumeTimes(posts, NOW + RESUME_LEAD_MS, NOW)).toEqual(new Map([[1, NOW + RESUME_LEAD_MS]]));
  });

  it('resumes only what the bot unscheduled: gone, refused, restored or failed posts are left alone', () => {
    const posts = [
      post(1, NOW + HOUR, 'gone'),
      post(2, NOW - HOUR, 'restored'),
      post(3, NOW + HOUR),
      post(4, NOW - HOUR, 'failed'),
      post(5, NOW - HOUR, 'refused'),
    ];
    expect(resumeTimes(posts, undefined, NOW)).toEqual(new Map([[3, NOW + HOUR]]));
    expect(tally(posts)).toEqual({ saved: 0, held: 1, gone: 1, refused: 1, restoring: 0, restored: 1, failed: 1, total: 5 });
  });
});
