import pino from 'pino';
import { postgresUnderTest } from '../../support/store-under-test.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PayloadError, type RetryPolicy } from '../../../src/outbox/errors.js';
import { Priority } from '../../../src/outbox/priority.js';
import { OutboxWorker, backoffMs, type Finalize, type WorkerKind } from '../../../src/outbox/worker.js';
import type { Tx } from '../../../src/store/db.js';
import type { Lease, NewJob, OutboxRepo } from '../../../src/store/outbox-repo.js';
import type { Store } from '../../../src/store/store.js';
import type { OutboxRow } from '../../../src/store/schema.js';
import { insertCrisis, tempDatabase } from '../support.js';

class Transient extends Error {}
class Permanent extends Error {}

/** Slack's 429: the service says when to try again. */
class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super('ratelimited');
  }
}

const retry: RetryPolicy = {
  transient: (error) => error instanceof Transient || error instanceof RateLimited,
  retryAfterMs: (error) => (error instanceof RateLimited ? error.retryAfterMs : undefined),
  describe: (error) => (error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)),
};

/** A promise and the function that resolves it, to hold a handler where the test wants it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * Lets what the worker started finish: a few turns of the event loop, and on PostgreSQL also the
 * real time its queries take (their answers arrive as I/O, which fake timers do not hurry).
 */
const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
  if (!postgresUnderTest()) return;
  for (const end = performance.now() + 40; performance.now() < end;) await new Promise((resolve) => setImmediate(resolve));
};

/** Settles (real time, not the fakes') until `done`, for at most two seconds. */
const settledUntil = async (done: () => boolean) => {
  for (const end = performance.now() + 2_000; !done() && performance.now() < end;) await settle(1);
};

let close: () => Promise<void>;
let store: Store;
let outbox: OutboxRepo;
let now: number;
let crisisId: number;
const workers: OutboxWorker[] = [];

beforeEach(async () => {
  ({ store, close } = await tempDatabase('outbox'));
  outbox = store.outbox;
  now = Date.UTC(2026, 2, 5, 10);
  crisisId = await insertCrisis(store, now, { openKey: 'k1' });
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await close();
});

/** A handler as these tests write one: the row and its parsed payload (a method, so each may type its payload). */
type Handler = { run(job: OutboxRow, payload: never): Promise<Finalize> }['run'];

/** Kinds made of bare handlers: the worker's contract without src/jobs' declarations. */
function kinds(handlers: Record<string, Handler>, deferrable?: ReadonlySet<string>, untilDone?: ReadonlySet<string>): WorkerKind[] {
  return Object.entries(handlers).map(([kind, handler]) => ({
    kind,
    retry: untilDone?.has(kind) ? 'until-done' : 'limited',
    deferrable: deferrable?.has(kind) ?? false,
    execute: (row: OutboxRow) => handler(row, JSON.parse(row.payload) as never),
  }));
}

function worker(
  handlers: Record<string, Handler>,
  deferral?: { quietMs: number; maxMs: number },
  deferrable?: ReadonlySet<string>,
  untilDone?: ReadonlySet<string>,
  options: { exclusive?: boolean; leaseMs?: number } = {},
): OutboxWorker {
  const w = new OutboxWorker({
    outbox,
    transactions: store,
    kinds: kinds(handlers, deferrable, untilDone),
    retry,
    clock: () => now,
    log: pino({ level: 'silent' }),
    ...(deferral ? { deferral } : {}),
    ...options,
  });
  workers.push(w);
  return w;
}

const rows = () => outbox.all();
/** Files a row as a job kind would, routine unless said, in a transaction of its own. */
const file = (job: Omit<NewJob, 'priority'> & { priority?: number }) =>
  store.transaction((tx) => outbox.insert(tx, { priority: Priority.routine, ...job }));
/** Files a render-like job that coalesces with the one waiting in its lane, in a transaction of its own. */
const fileCoalesced = (job: NewJob & { lane: string }) => store.transaction((tx) => outbox.insertCoalescedAll(tx, [job]));
const row = async (kind: string) => (await rows()).find((r) => r.kind === kind)!;
/** The lease of an instance other than the workers under test: a process that crashed, say. */
const OTHER: Pick<Lease, 'token'> = { token: 'another-instance' };
/** Claims one job as that instance's drain would, for a minute: whether it was still pending. */
const claim = async (id: number) => (await outbox.claimAll([id], { ...OTHER, until: now + 60_000 })).has(id);
/** Marks a job that instance claimed done, in a transaction of its own, as a completing job does. */
const complete = (id: number, at: number) => store.transaction((tx) => outbox.complete(tx, id, at, OTHER.token));
/** Gives a job up as the instance running it would (claimed, then failed): how many waiting on it failed with it. */
const giveUp = async (id: number, error: string) => {
  expect(await claim(id)).toBe(true);
  return outbox.fail(id, OTHER.token, now, error);
};

describe('backoffMs', () => {
  it('doubles from half a second and caps at a minute', () => {
    expect([0, 1, 2, 3, 4, 5].map(backoffMs)).toEqual([500, 500, 1000, 2000, 4000, 8000]);
    expect(backoffMs(8)).toBe(60_000);
    expect(backoffMs(25)).toBe(60_000);
    for (let a = 1; a < 30; a++) expect(backoffMs(a + 1)).toBeGreaterThanOrEqual(backoffMs(a));
  });
});

describe('OutboxRepo insert', () => {
  it('adds one row for the same key enqueued twice', async () => {
    await file({ crisisId, kind: 'post', key: 'summary:1', runAt: now, payload: { n: 1 } });
    await file({ crisisId, kind: 'post', key: 'summary:1', runAt: now, payload: { n: 2 } });
    expect(await rows()).toHaveLength(1);
    expect(JSON.parse((await rows())[0]!.payload)).toEqual({ n: 1 });
    await file({ crisisId, kind: 'post', runAt: now });
    await file({ crisisId, kind: 'post', runAt: now });
    expect(await rows()).toHaveLength(3); // jobs without a key are never merged
  });

  it('adds only one pending coalesced job per lane and kind', async () => {
    const other = await insertCrisis(store, now, { openKey: 'k2', title: 'Other', severity: 'sev3' });
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now });
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now });
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'other', lane: `l${crisisId}`, runAt: now });
    await fileCoalesced({ priority: Priority.routine, crisisId: other, kind: 'render', lane: `l${other}`, runAt: now });
    const pending = (await rows()).filter((r) => r.state === 'pending');
    expect(pending.map((r) => [r.crisisId, r.kind])).toEqual([
      [crisisId, 'render'],
      [crisisId, 'other'],
      [other, 'render'],
    ]);
  });

  it('adds a new coalesced job once the waiting one has started', async () => {
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now });
    expect(await claim((await rows())[0]!.id)).toBe(true); // now running: it may have read the old state
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now });
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now });
    expect((await rows()).map((r) => r.state)).toEqual(['running', 'pending']);
  });

  it('never lets the waiting render start before a change it stood in for commits', async () => {
    const render = { priority: Priority.routine, crisisId, kind: 'render', lane: `l${crisisId}`, runAt: now };
    await fileCoalesced(render);
    const id = (await rows())[0]!.id;
    // A change files its render (coalesced into the waiting one) and has not committed yet...
    const hold = gate();
    const filed = gate();
    let committed = false;
    const change = store
      .transaction(async (tx) => {
        await outbox.insertCoalescedAll(tx, [render]);
        filed.open();
        await hold.promise;
      })
      .then(() => (committed = true));
    await filed.promise;
    // ...when another instance claims the waiting render: run now, it would read the old state.
    const claiming = claim(id).then((claimed) => ({ claimed, afterCommit: committed }));
    await settle();
    hold.open();
    await change;
    const { claimed, afterCommit } = await claiming;
    if (postgresUnderTest()) {
      // Skipped while the change holds it (SKIP LOCKED): still waiting, to run after the commit;
      // or, on a loaded machine, the claim reached the server only after the commit. Never before.
      if (claimed) expect(afterCommit).toBe(true);
      else expect((await rows()).map((r) => [r.id, r.state])).toEqual([[id, 'pending']]);
    } else {
      // SQLite's transactions run one at a time: the claim waited for the commit.
      expect([claimed, afterCommit]).toEqual([true, true]);
    }
  });
});

describe('OutboxWorker', () => {
  it('runs a job once, however many times drain() is called concurrently', async () => {
    const hold = gate();
    let calls = 0;
    const w = worker({
      post: async () => {
        calls++;
        await hold.promise;
      },
    });
    await file({ crisisId, kind: 'post', key: 'once', runAt: now });
    const drains = Array.from({ length: 20 }, () => w.drain());
    const rival = worker({ post: () => Promise.resolve(void calls++) }); // a second worker on the same database
    drains.push(rival.drain());
    await Promise.all(drains);
    await settle();
    expect(calls).toBe(1);
    expect((await row('post')).state).toBe('running');
    const more = Array.from({ length: 20 }, () => w.drain());
    hold.open();
    await Promise.all(more);
    await w.idle();
    await rival.idle();
    await Promise.all(Array.from({ length: 5 }, () => w.drain()));
    await w.idle();
    expect(calls).toBe(1);
    expect(await row('post')).toMatchObject({ state: 'done', attempts: 1, doneAt: now });
  });

  it('passes the parsed payload and runs what the handler returns in the completing transaction', async () => {
    const seen: unknown[] = [];
    const w = worker({
      note: (job: OutboxRow, payload: { text: string }) => {
        seen.push(payload);
        return Promise.resolve((tx: Tx) => store.timeline.add(tx, job.crisisId!, now, null, { kind: 'item_done', item: payload.text }));
      },
    });
    await file({ crisisId, kind: 'note', runAt: now, payload: { text: 'hello' } });
    await w.drain();
    await w.idle();
    expect(seen).toEqual([{ text: 'hello' }]);
    expect((await store.snapshot(crisisId))!.timeline.map((e) => e.event)).toEqual([{ kind: 'item_done', item: 'hello' }]);
    expect((await row('note')).state).toBe('done');
  });

  it('does not start a job before the job it comes after is done', async () => {
    const order: string[] = [];
    const hold = gate();
    const w = worker({
      first: async () => {
        order.push('first:start');
        await hold.promise;
        order.push('first:end');
      },
      second: () => Promise.resolve(void order.push('second')),
    });
    // Enqueued first, so only the dependency can hold it back.
    await file({ crisisId, kind: 'second', after: 'channel:1', runAt: now });
    await file({ crisisId, kind: 'first', key: 'channel:1', runAt: now });
    await w.drain();
    await settle();
    expect(order).toEqual(['first:start']);
    await w.drain();
    await settle();
    expect(order).toEqual(['first:start']);
    expect((await row('second')).state).toBe('pending');
    hold.open();
    await w.idle();
    expect(order).toEqual(['first:start', 'first:end', 'second']);
    expect((await rows()).every((r) => r.state === 'done')).toBe(true);
  });

  it('holds a dependent job while its prerequisite is retrying', async () => {
    let fail = true;
    const ran: string[] = [];
    const w = worker({
      first: () => {
        ran.push('first');
        return fail ? Promise.reject(new Transient('rate limited')) : Promise.resolve();
      },
      second: () => Promise.resolve(void ran.push('second')),
    });
    await file({ crisisId, kind: 'first', key: 'dep', runAt: now });
    await file({ crisisId, kind: 'second', after: 'dep', runAt: now });
    await w.drain();
    await w.idle();
    expect(ran).toEqual(['first']);
    fail = false;
    now += backoffMs(1);
    await w.drain();
    await w.idle();
    expect(ran).toEqual(['first', 'first', 'second']);
  });

  it('a job that finishes while the drain arms its timer still starts what it unblocked, in the same drain', async () => {
    const ran: string[] = [];
    const w = worker({
      first: () => Promise.resolve(void ran.push('first')),
      second: () => Promise.resolve(void ran.push('second')),
    });
    // The drain's last look (when is the next deadline?) is slow, and the first job ends during it.
    const nextRunAfter = outbox.nextRunAfter.bind(outbox);
    vi.spyOn(outbox, 'nextRunAfter').mockImplementation(async (at) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return nextRunAfter(at);
    });
    await file({ crisisId, kind: 'first', key: 'dep', runAt: now });
    await file({ crisisId, kind: 'second', after: 'dep', runAt: now });
    await w.drain();
    expect(ran).toEqual(['first', 'second']);
  });

  it('runs the jobs of one lane one at a time, in order', async () => {
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const w = worker({
      step: async (_job, payload: { n: number }) => {
        active++;
        maxActive = Math.max(maxActive, active);
        order.push(payload.n);
        await settle(3);
        active--;
      },
    });
    for (let n = 1; n <= 5; n++) await file({ crisisId, kind: 'step', lane: 'checklist:1', runAt: now, payload: { n } });
    await w.drain();
    await w.drain();
    await w.idle();
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(maxActive).toBe(1);
    expect((await rows()).every((r) => r.state === 'done')).toBe(true);
  });

  it('runs jobs without a lane side by side (the lane test above could fail)', async () => {
    let active = 0;
    let maxActive = 0;
    const w = worker({
      step: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await settle(3);
        active--;
      },
    });
    for (let n = 1; n <= 3; n++) await file({ crisisId, kind: 'step', runAt: now });
    await w.drain();
    await w.idle();
    expect(maxActive).toBe(3);
  });

  it('keeps a lane in order when its first job fails and is retried', async () => {
    const order: string[] = [];
    let failures = 1;
    const w = worker({
      step: (_job, payload: { n: string }) => {
        order.push(payload.n);
        return payload.n === 'a' && failures-- > 0 ? Promise.reject(new Transient('busy')) : Promise.resolve();
      },
    });
    await file({ crisisId, kind: 'step', lane: 'posts:1', runAt: now, payload: { n: 'a' } });
    await file({ crisisId, kind: 'step', lane: 'posts:1', runAt: now, payload: { n: 'b' } });
    await w.drain();
    await w.idle();
    expect(order).toEqual(['a']); // b waits behind a even though a is not due yet
    now += backoffMs(1);
    await w.drain();
    await w.idle();
    expect(order).toEqual(['a', 'a', 'b']);
  });

  it('retries a transient failure later, with backoff', async () => {
    let calls = 0;
    const w = worker({
      post: () => {
        calls++;
        return calls <= 2 ? Promise.reject(new Transient('ratelimited')) : Promise.resolve();
      },
    });
    await file({ crisisId, kind: 'post', runAt: now });
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);
    expect(await row('post')).toMatchObject({
      state: 'pending',
      attempts: 1,
      runAt: now + backoffMs(1),
      lastError: 'Transient: ratelimited',
    });

    now += backoffMs(1) - 1; // not due yet
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);

    now += 1;
    await w.drain();
    await w.idle();
    expect(calls).toBe(2);
    expect(await row('post')).toMatchObject({ state: 'pending', attempts: 2, runAt: now + backoffMs(2) });

    now += backoffMs(2);
    await w.drain();
    await w.idle();
    expect(calls).toBe(3);
    expect(await row('post')).toMatchObject({ state: 'done', attempts: 3, lastError: null });
  });

  it('gives up on a permanent failure after 3 attempts', async () => {
    let calls = 0;
    const w = worker({
      post: () => {
        calls++;
        return Promise.reject(new Permanent('channel_not_found'));
      },
    });
    await file({ crisisId, kind: 'post', runAt: now });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await w.drain();
      await w.idle();
      expect(calls).toBe(attempt);
      const r = await row('post');
      expect(r.attempts).toBe(attempt);
      expect(r.state).toBe(attempt < 3 ? 'pending' : 'failed');
      now += backoffMs(attempt);
    }
    expect((await row('post')).lastError).toBe('Permanent: channel_not_found');
    now += 3_600_000;
    await w.drain();
    await w.idle();
    expect(calls).toBe(3);
    expect(await outbox.backlog(crisisId)).toEqual({ pending: 0, failed: 1 });
  });

  it('keeps retrying a transient failure far longer than a permanent one', async () => {
    let calls = 0;
    const w = worker({
      post: () => {
        calls++;
        return Promise.reject(new Transient('500'));
      },
    });
    await file({ crisisId, kind: 'post', runAt: now });
    for (let i = 0; i < 40 && (await row('post')).state === 'pending'; i++) {
      await w.drain();
      await w.idle();
      now += 60_000;
    }
    expect((await row('post')).state).toBe('failed');
    expect(calls).toBeGreaterThan(3);
    expect(calls).toBe((await row('post')).attempts);
  });

  it('never gives up a kind that must be delivered while Slack is merely down, and still gives up on a refusal', async () => {
    let transient = true;
    let calls = 0;
    const w = worker(
      {
        page: () => {
          calls++;
          return Promise.reject(transient ? new Transient('503') : new Permanent('user_not_found'));
        },
      },
      undefined,
      undefined,
      new Set(['page']),
    );
    await file({ crisisId, kind: 'page', runAt: now });
    for (let i = 0; i < 60; i++) {
      await w.drain();
      await w.idle();
      now += 60_000;
    }
    expect(calls).toBe(60); // more than the ~25 attempts a limited kind gets
    expect((await row('page')).state).toBe('pending');
    transient = false;
    for (let i = 0; i < 5 && (await row('page')).state === 'pending'; i++) {
      await w.drain();
      await w.idle();
      now += 60_000;
    }
    expect(await row('page')).toMatchObject({ state: 'failed', lastError: 'Permanent: user_not_found' });
  });

  it('retries a rate-limited job when Slack said, without counting it as an attempt', async () => {
    let calls = 0;
    const w = worker({
      post: () => {
        calls++;
        return calls <= 30 ? Promise.reject(new RateLimited(7_000)) : Promise.resolve();
      },
    });
    await file({ crisisId, kind: 'post', runAt: now });
    for (let i = 0; i < 30; i++) {
      await w.drain();
      await w.idle();
      expect(await row('post')).toMatchObject({ state: 'pending', attempts: 0, runAt: now + 7_000 });
      now += 7_000;
    }
    // Thirty refusals later it is neither given up nor taken for a job that may have posted.
    await w.drain();
    await w.idle();
    expect(await row('post')).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('leaves room for urgent work when triage and re-renders fill the background slots', async () => {
    const holds: Array<() => void> = [];
    let holding = true;
    const started: string[] = [];
    const w = worker({
      triage: () =>
        new Promise<void>((resolve) => {
          started.push('triage');
          if (holding) holds.push(resolve);
          else resolve();
        }),
      page: () => Promise.resolve(void started.push('page')),
    });
    for (let i = 0; i < 40; i++) await file({ crisisId, kind: 'triage', priority: 2, runAt: now });
    await w.drain();
    await settle();
    expect(started.filter((k) => k === 'triage')).toHaveLength(16); // the background share of 32
    await file({ crisisId, kind: 'page', priority: 0, runAt: now });
    await w.drain();
    await settle();
    expect(started).toContain('page'); // not behind the stuck triage posts
    holding = false;
    for (const release of holds.splice(0)) release();
    await w.idle();
    expect(started.filter((k) => k === 'triage')).toHaveLength(40);
  });

  it('fails a job whose payload its kind refuses at once, without retrying', async () => {
    let calls = 0;
    const w = worker({
      post: () => {
        calls++;
        return Promise.reject(new PayloadError('payload of post does not match its kind: expected number'));
      },
    });
    await file({ crisisId, kind: 'post', runAt: now });
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);
    expect(await row('post')).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'payload of post does not match its kind: expected number',
    });
  });

  it('fails a job whose kind has no handler', async () => {
    const w = worker({});
    await file({ crisisId, kind: 'mystery', runAt: now });
    await w.drain();
    await w.idle();
    expect(await row('mystery')).toMatchObject({ state: 'failed', lastError: 'no handler for mystery' });
  });

  it('recover() at the start of an exclusive database puts interrupted running jobs back to pending, and they then run', async () => {
    await file({ crisisId, kind: 'post', runAt: now });
    await file({ crisisId, kind: 'done', runAt: now });
    const [running, done] = await rows();
    expect(await claim(running!.id)).toBe(true);
    expect(await claim(done!.id)).toBe(true);
    await complete(done!.id, now);
    expect(await claim(running!.id)).toBe(false); // a claimed job cannot be claimed again

    let calls = 0;
    const w = worker({ post: () => Promise.resolve(void calls++) }, undefined, undefined, undefined, { exclusive: true });
    await w.drain();
    await w.idle();
    expect(calls).toBe(0); // still 'running' from the crashed process
    expect(await w.recover()).toBe(0); // a tick's recover leaves a lease that has not run out

    expect(await w.recover(true)).toBe(1);
    expect((await row('post')).state).toBe('pending');
    expect((await row('done')).state).toBe('done');
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);
    expect((await row('post')).state).toBe('done');
  });

  it('on a shared database, nothing another instance holds is taken at start; once its lease runs out the job runs once, and the old holder can record nothing', async () => {
    await file({ crisisId, kind: 'post', runAt: now });
    const [job] = await rows();
    expect(await claim(job!.id)).toBe(true); // held by another instance for a minute
    let calls = 0;
    const w = worker({ post: () => Promise.resolve(void calls++) });
    expect(await w.recover(true)).toBe(0); // a start on a shared database resets nothing live
    await w.drain();
    await w.idle();
    expect(calls).toBe(0);

    now += 60_001; // the other instance stopped renewing: its lease ran out
    expect(await w.recover()).toBe(1);
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);
    expect(await row('post')).toMatchObject({ state: 'done', lease: null });
    // The instance that lost it comes back and reports: nothing it says is recorded.
    expect(await complete(job!.id, now)).toBe(false);
    await outbox.retryAt(job!.id, OTHER.token, now + 1_000, 'late report');
    expect(await outbox.fail(job!.id, OTHER.token, now, 'late failure')).toBe(0);
    expect(await row('post')).toMatchObject({ state: 'done', lastError: null });
  });

  it('renews its lease while a job runs longer than the lease, so no other instance takes it over', async () => {
    await file({ crisisId, kind: 'post', runAt: now });
    const release = gate();
    let calls = 0;
    const holder = worker({ post: () => ((calls += 1), release.promise) }, undefined, undefined, undefined, { leaseMs: 300 });
    const rival = worker({ post: () => Promise.resolve(void (calls += 1)) }, undefined, undefined, undefined, { leaseMs: 300 });
    await holder.drain();
    await vi.waitFor(() => expect(calls).toBe(1));
    // Real time passes while the injected clock follows it: three leases long.
    for (let i = 0; i < 9; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      now += 100;
      expect(await rival.recover()).toBe(0);
    }
    await rival.drain();
    await rival.idle();
    release.open();
    await holder.idle();
    expect(calls).toBe(1);
    expect(await row('post')).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('does not run a job before its run time', async () => {
    let calls = 0;
    const w = worker({ later: () => Promise.resolve(void calls++) });
    await file({ crisisId, kind: 'later', runAt: now + 10_000 });
    await w.drain();
    await w.idle();
    expect(calls).toBe(0);
    expect(await outbox.nextRunAfter(now)).toBe(now + 10_000);
    now += 10_000;
    await w.drain();
    await w.idle();
    expect(calls).toBe(1);
  });

  it('wakes itself when the next job falls due, to the millisecond, and for an earlier job enqueued later', async () => {
    // Fake timers move with the injected clock, so "on time" is exact whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const ran: Array<[string, number]> = [];
      const w = worker({ deadline: (job) => Promise.resolve(void ran.push([job.key!, now])) });
      const start = now;
      const wait = async (ms: number) => {
        now += ms;
        await vi.advanceTimersByTimeAsync(ms);
        await settle();
      };
      await file({ crisisId, kind: 'deadline', key: 'late', runAt: start + 5_000 });
      await w.drain(); // as enqueuing work does; nobody drains again from here on
      await wait(1_000);
      await file({ crisisId, kind: 'deadline', key: 'early', runAt: start + 3_000 });
      w.kick();
      await settle();
      await wait(1_999);
      expect(ran).toEqual([]);
      await wait(1);
      expect(ran).toEqual([['early', start + 3_000]]);
      await wait(1_999);
      expect(ran).toHaveLength(1);
      await wait(1);
      expect(ran).toEqual([
        ['early', start + 3_000],
        ['late', start + 5_000],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  describe('deferral while Slack sends a burst', () => {
    // Fake timers and Date: the worker's quiet and maxMs arithmetic is checked to the
    // millisecond, and no busy machine can make a burst look like a pause.
    beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      vi.useRealTimers();
    });

    /** Moves time on by `ms`, and lets what the timers due in between start run. */
    const pass = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      await settle();
    };
    /** Plays Slack sending a request every 5 ms for `ms`. */
    const burst = async (w: OutboxWorker, ms: number) => {
      for (let t = 0; t < ms; t += 5) {
        await pass(5);
        w.noteRequest();
      }
    };

    it('stops at once while a deferred kick is still waiting, and forgets it', async () => {
      let calls = 0;
      const w = worker({ post: () => Promise.resolve(void calls++) }, { quietMs: 40, maxMs: 1_000 });
      await file({ crisisId, kind: 'post', runAt: now });
      w.noteRequest();
      w.kickAfterBurst();
      let stopped = false;
      void w.stop().then(() => (stopped = true));
      await settle();
      expect(stopped).toBe(true); // without time passing: stop did not wait for the deferral
      await pass(2_000);
      expect(calls).toBe(0);
      expect((await row('post')).state).toBe('pending');
    });

    it('kickAfterBurst() waits while requests keep arriving and runs quietMs after the last', async () => {
      let calls = 0;
      const w = worker({ post: () => Promise.resolve(void calls++) }, { quietMs: 30, maxMs: 5_000 });
      await file({ crisisId, kind: 'post', runAt: now });
      w.noteRequest();
      for (let i = 0; i < 20; i++) w.kickAfterBurst();
      await burst(w, 120);
      expect(calls).toBe(0);
      await pass(29);
      expect(calls).toBe(0);
      await pass(1);
      // No more fake time passes: the run was started at quietMs. On PostgreSQL its claim is real
      // round trips, which a loaded machine may take longer than one settle to answer.
      await settledUntil(() => calls > 0);
      expect(calls).toBe(1);
    });

    it.each([
      ['kickAfterBurst() runs', (w: OutboxWorker) => w.kickAfterBurst(), undefined],
      ['a drain holds deferrable kinds back, and runs them', (w: OutboxWorker) => w.drain(), new Set(['post'])],
    ] as const)('%s after maxMs even if requests never pause', async (_what, start, deferrable) => {
      let calls = 0;
      const w = worker({ post: () => Promise.resolve(void calls++) }, { quietMs: 30, maxMs: 80 }, deferrable);
      await file({ crisisId, kind: 'post', runAt: now });
      w.noteRequest();
      await start(w);
      await settle();
      expect(calls).toBe(0);
      await burst(w, 75);
      expect(calls).toBe(0);
      await burst(w, 5);
      await settledUntil(() => calls > 0);
      expect(calls).toBe(1);
    });

    it('kickAfterBurst() with no request in sight runs at once, like kick()', async () => {
      let calls = 0;
      const w = worker({ post: () => Promise.resolve(void calls++) }, { quietMs: 500, maxMs: 5_000 });
      await file({ crisisId, kind: 'post', runAt: now });
      w.kickAfterBurst();
      await pass(0);
      await settledUntil(() => calls > 0);
      expect(calls).toBe(1);

      await file({ crisisId, kind: 'post', runAt: now });
      w.kick();
      await settle(2);
      expect(calls).toBe(2);
    });

    it('a drain during a burst runs what is owed and leaves deferrable kinds until the burst pauses', async () => {
      const ran: string[] = [];
      const w = worker(
        { render: () => Promise.resolve(void ran.push('render')), page: () => Promise.resolve(void ran.push('page')) },
        { quietMs: 30, maxMs: 5_000 },
        new Set(['render']),
      );
      // The render is first in order: held back, it must not take the page's room either.
      await file({ crisisId, kind: 'render', runAt: now });
      await file({ crisisId, kind: 'page', runAt: now });
      w.noteRequest();
      await w.drain(); // as the scheduler's tick or a deadline's timer would, mid-burst
      await settle();
      expect(ran).toEqual(['page']);
      await burst(w, 100);
      await w.drain();
      await settle();
      expect(ran).toEqual(['page']);
      await pass(29);
      expect(ran).toEqual(['page']);
      await pass(1);
      await settledUntil(() => ran.length > 1);
      expect(ran).toEqual(['page', 'render']);
    });

    it('the limit counts from the first deferral of the burst, not from the drain that held', async () => {
      let renders = 0;
      const w = worker({ render: () => Promise.resolve(void renders++) }, { quietMs: 30, maxMs: 200 }, new Set(['render']));
      await file({ crisisId, kind: 'render', runAt: now });
      w.noteRequest();
      w.kickAfterBurst(); // a click at the start of the burst
      await burst(w, 150);
      await w.drain(); // the scheduler's tick, late in the burst: must not restart the clock
      await burst(w, 45);
      expect(renders).toBe(0);
      await burst(w, 5); // 200 ms after the click, not 150 + 200
      await settledUntil(() => renders > 0);
      expect(renders).toBe(1);
    });
  });

  it('with no request in sight a drain runs deferrable kinds at once', async () => {
    let renders = 0;
    const w = worker({ render: () => Promise.resolve(void renders++) }, { quietMs: 500, maxMs: 5_000 }, new Set(['render']));
    await file({ crisisId, kind: 'render', runAt: now });
    await w.drain();
    await settle();
    expect(renders).toBe(1);
  });

  it('jobs that finish together are completed in one commit', async () => {
    const release = gate();
    const w = worker({ post: async () => release.promise });
    for (let i = 0; i < 10; i++) await file({ crisisId, kind: 'post', runAt: now });
    await w.drain();
    await settle();
    expect((await rows()).filter((r) => r.state === 'running')).toHaveLength(10);
    const transaction = vi.spyOn(store, 'transaction');
    release.open();
    await w.idle();
    expect((await rows()).every((r) => r.state === 'done')).toBe(true);
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  it('runs nothing once stopped', async () => {
    let calls = 0;
    const w = worker({ post: () => Promise.resolve(void calls++) });
    await w.stop();
    await file({ crisisId, kind: 'post', runAt: now });
    await w.drain();
    w.kick();
    await settle();
    await w.idle();
    expect(calls).toBe(0);
    expect((await row('post')).state).toBe('pending');
  });

  it('kick() drains soon without blocking the caller', async () => {
    let calls = 0;
    const w = worker({ post: () => Promise.resolve(void calls++) });
    await file({ crisisId, kind: 'post', runAt: now });
    w.kick();
    expect(calls).toBe(0);
    await settle();
    await w.idle();
    expect(calls).toBe(1);
  });
});

describe('OutboxRepo priorities', () => {
  it('offers the most urgent due jobs first, whatever was filed earlier or fell due sooner', async () => {
    await file({ crisisId, kind: 'upload', priority: 3, runAt: now - 5_000 });
    await file({ crisisId, kind: 'triage', priority: 2, runAt: now - 4_000 });
    await file({ crisisId, kind: 'render', priority: 2, runAt: now - 5_000 });
    await file({ crisisId, kind: 'page', priority: 0, runAt: now });
    await file({ crisisId, kind: 'notice', priority: 1, runAt: now - 1_000 });
    await file({ crisisId, kind: 'later', priority: 0, runAt: now + 1_000 });
    expect((await outbox.runnable(now, 10)).map((r) => r.kind)).toEqual(['page', 'notice', 'render', 'triage', 'upload']);
    // With room for two, the two most urgent are the ones claimed.
    expect((await outbox.runnable(now, 2)).map((r) => r.kind)).toEqual(['page', 'notice']);
  });

  it('keeps a lane in filing order whatever the priorities of its jobs', async () => {
    await file({ crisisId, kind: 'post', priority: 2, lane: 'posts:1', runAt: now });
    await file({ crisisId, kind: 'urgent-post', priority: 0, lane: 'posts:1', runAt: now });
    expect((await outbox.runnable(now, 10)).map((r) => r.kind)).toEqual(['post']);
  });
});

describe('OutboxRepo.insert after a failure', () => {
  it('records a job whose prerequisite already failed as failed, so it never blocks its lane', async () => {
    await file({ crisisId, kind: 'channel', key: 'channel:x', runAt: now });
    await giveUp((await rows())[0]!.id, 'slack answered restricted_action');
    await file({ crisisId, kind: 'update', after: 'channel:x', lane: 'posts', runAt: now });
    await file({ crisisId, kind: 'notice', lane: 'posts', runAt: now });
    expect(await row('update')).toMatchObject({ state: 'failed', lastError: 'prerequisite failed: channel:x' });
    expect((await outbox.runnable(now, 10)).map((r) => r.kind)).toEqual(['notice']);
  });

  it('records a coalesced job whose prerequisite already failed as failed, and one whose prerequisite waits as pending', async () => {
    await file({ crisisId, kind: 'channel', key: 'channel:z', runAt: now });
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'topic', lane: 'topic:z', after: 'channel:z', runAt: now });
    expect(await row('topic')).toMatchObject({ state: 'pending', after: 'channel:z' });
    expect((await outbox.runnable(now, 10)).map((r) => r.kind)).toEqual(['channel']);
    await giveUp((await row('channel')).id, 'refused');
    await fileCoalesced({ priority: Priority.routine, crisisId, kind: 'topic2', lane: 'topic2:z', after: 'channel:z', runAt: now });
    expect(await row('topic2')).toMatchObject({ state: 'failed', lastError: 'prerequisite failed: channel:z' });
  });

  it('fails the jobs already waiting on a failed job, transitively, and nothing else', async () => {
    await file({ crisisId, kind: 'channel', key: 'channel:y', runAt: now });
    await file({ crisisId, kind: 'summary', key: 'summary:y', after: 'channel:y', runAt: now });
    await file({ crisisId, kind: 'checklist', after: 'summary:y', runAt: now });
    await file({ crisisId, kind: 'page', runAt: now });
    expect(await giveUp((await row('channel')).id, 'refused')).toBe(2);
    expect((await rows()).map((r) => [r.kind, r.state])).toEqual([
      ['channel', 'failed'],
      ['summary', 'failed'],
      ['checklist', 'failed'],
      ['page', 'pending'],
    ]);
  });
});
