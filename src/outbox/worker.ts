import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Tx } from '../store/db.js';
import type { OutboxRepo } from '../store/outbox-repo.js';
import type { OutboxRow } from '../store/schema.js';
import { PayloadError, type RetryPolicy } from './errors.js';
import { Priority } from './priority.js';
import { WriteBatcher, type Transactions } from './write-batcher.js';

/** What a job returns is run in the transaction that marks it done: the facts it learnt. */
export type Finalize = ((tx: Tx) => Promise<void> | void) | void;

/** A job kind as the worker runs it (src/jobs declares them): context bound, payload checked. */
export interface WorkerKind {
  readonly kind: string;
  /** `until-done`: never given up while Slack is merely down or rate limiting. */
  readonly retry: 'until-done' | 'limited';
  /** Nobody waits on it (a re-render after a click): held back while a burst of requests lasts. */
  readonly deferrable: boolean;
  execute(row: OutboxRow): Promise<Finalize>;
}

const MAX_IN_FLIGHT = 32;
/**
 * Of those, at most this many triage posts, re-renders and uploads (Priority.routine and
 * lower): a storm of them, waiting for their channel's turn under Slack's rate limits, must
 * leave room for opening a crisis and paging people.
 */
const MAX_BACKGROUND_IN_FLIGHT = 16;
/**
 * Deferred work (kickAfterBurst) waits for this long a pause in Slack's requests, and never
 * longer than maxMs. A pause must be long enough not to be found inside a burst of clicks (a
 * busy sender leaves gaps of tens of ms), short enough that a lone tick shows at once to a human.
 */
export const DEFAULT_DEFERRAL = { quietMs: 50, maxMs: 1_000 };
/** Transient failures keep trying for about 20 minutes: a page must not be dropped lightly. */
const MAX_TRANSIENT_ATTEMPTS = 25;
/** An answer such as `channel_not_found` rarely changes; try twice more in case it was a race. */
const MAX_PERMANENT_ATTEMPTS = 3;

export function backoffMs(attempts: number): number {
  return Math.min(60_000, 500 * 2 ** Math.max(0, attempts - 1));
}

/** How long an instance's claim on a job holds without renewal (renewed every third of it while the job runs). */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * Runs the outbox: claims due jobs with a conditional update under this instance's lease (so a
 * double kick, a racing timer or another instance on the same PostgreSQL cannot run one twice),
 * runs them concurrently, renews the lease while they run, and reschedules failures. The work of
 * an instance that died is taken over once its lease has run out (see recover).
 */
export class OutboxWorker {
  private readonly inFlight = new Map<number, Promise<void>>();
  private backgroundInFlight = 0;
  /** The drain running now, if one is: a stop waits for it, and the jobs it claimed. */
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private kickPending = false;
  private deferTimer: NodeJS.Timeout | undefined;
  private deferredSince: number | undefined;
  private lastRequestAt = 0;
  /** When drains began holding deferrable kinds back in the current burst. */
  private holdingSince: number | undefined;
  private readonly kinds: ReadonlyMap<string, WorkerKind>;
  private readonly deferrableKinds: readonly string[];
  private readonly deferral: { quietMs: number; maxMs: number };
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  /** Jobs that finish together (say, 50 checklist renders after a burst) share one commit. */
  private readonly completions: WriteBatcher;
  /** This instance's claim on the jobs it runs: unique per worker, so a restarted process is another claimant. */
  readonly leaseToken = randomUUID();
  private readonly leaseMs: number;
  private renewTimer: NodeJS.Timeout | undefined;
  private takenOver = 0;

  constructor(
    private readonly deps: {
      outbox: OutboxRepo;
      /** Where completed jobs record what they learnt (see Finalize). */
      transactions: Transactions;
      /**
       * Every job kind. Deferrable ones (re-renders nobody waits on) are run by no drain while
       * Slack sends a burst of requests, whoever kicked it (the scheduler's tick, a deadline's
       * timer); they run once the burst pauses, as kickAfterBurst does (see DEFAULT_DEFERRAL).
       */
      kinds: readonly WorkerKind[];
      retry: RetryPolicy;
      clock: () => number;
      log: Logger;
      deferral?: { quietMs: number; maxMs: number };
      /** See DEFAULT_LEASE_MS. */
      leaseMs?: number;
      /**
       * Only this process uses the database (SQLite): at start, everything left running was this
       * process's before it stopped, and is owed again at once rather than after its lease.
       */
      exclusive?: boolean;
    },
  ) {
    this.completions = new WriteBatcher(deps.transactions);
    this.kinds = new Map(deps.kinds.map((k) => [k.kind, k]));
    this.deferrableKinds = deps.kinds.filter((k) => k.deferrable).map((k) => k.kind);
    this.deferral = deps.deferral ?? DEFAULT_DEFERRAL;
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Work was added: run what is runnable at the next turn, without blocking the caller. Kicks
   * in one turn coalesce into one drain.
   */
  kick = (): void => {
    if (this.stopped || this.kickPending) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.safeDrain();
    });
  };

  /** Whether Slack has paused its requests (see DEFAULT_DEFERRAL): a time for housekeeping. */
  slackIsQuiet(): boolean {
    return Date.now() - this.lastRequestAt >= this.deferral.quietMs;
  }

  /** Slack is sending requests: deferred work waits until they stop (see kickAfterBurst). */
  noteRequest = (): void => {
    // After a pause, this request starts a new burst, with a new maxMs of holding back.
    if (this.slackIsQuiet()) this.holdingSince = undefined;
    this.lastRequestAt = Date.now();
  };

  /**
   * For work nobody is waiting on (a checklist re-rendered after a tick, a page after its
   * acknowledgement): runs once Slack has paused its requests (see DEFAULT_DEFERRAL), and at
   * most maxMs after the first such kick. A burst of 200 clicks is answered first, and the 50
   * messages it changed are rendered once, after it, instead of competing with its answers.
   */
  kickAfterBurst = (): void => {
    if (this.stopped) return;
    const now = Date.now();
    this.deferredSince ??= now;
    this.holdingSince ??= now;
    if (this.deferTimer === undefined) this.armDeferred();
  };

  private armDeferred(): void {
    const { quietMs, maxMs } = this.deferral;
    const due = () => Math.min(Math.max(this.lastRequestAt + quietMs, Date.now()), this.deferredSince! + maxMs);
    // One timer that re-arms itself while requests keep arriving, not one per request.
    this.deferTimer = setTimeout(() => {
      this.deferTimer = undefined;
      if (due() > Date.now()) return this.armDeferred();
      this.deferredSince = undefined;
      this.kick();
    }, due() - Date.now());
  }

  /**
   * Whether this drain leaves the deferrable kinds for later: requests are arriving and this
   * burst has not held work back for maxMs yet (counted from its first deferral, however it
   * came). When it does, a deferred kick brings them back.
   */
  private holdsDeferrable(): boolean {
    if (this.deferrableKinds.length === 0 || this.slackIsQuiet()) {
      this.holdingSince = undefined;
      return false;
    }
    const now = Date.now();
    this.holdingSince ??= now;
    if (now >= this.holdingSince + this.deferral.maxMs) return false;
    this.kickAfterBurst();
    return true;
  }

  /**
   * Work claimed but never finished by an instance that stopped is owed again: at start on an
   * exclusive database all of it; otherwise (and on every scheduler tick) only work whose lease
   * ran out, so nothing another live instance holds is taken from it.
   */
  async recover(atStart = false): Promise<number> {
    const count = await this.deps.outbox.takeOver(this.deps.clock(), atStart && this.deps.exclusive === true);
    this.takenOver += count;
    if (count) this.deps.log.warn({ count, atStart }, 'taking over work an instance left unfinished');
    return count;
  }

  /** What this instance holds now, for /healthz. */
  work(): { instance: string; running: number; leaseSeconds: number; takenOver: number } {
    return {
      instance: this.leaseToken.slice(0, 8),
      running: this.inFlight.size,
      leaseSeconds: this.leaseMs / 1000,
      takenOver: this.takenOver,
    };
  }

  /** Keeps the claim on what this instance runs, every third of the lease. */
  private armRenewal(): void {
    if (this.renewTimer !== undefined || this.inFlight.size === 0 || this.stopped) return;
    this.renewTimer = setTimeout(() => {
      this.renewTimer = undefined;
      const ids = [...this.inFlight.keys()];
      this.deps.outbox
        .renew(this.leaseToken, ids, this.deps.clock() + this.leaseMs)
        .then((held) => {
          if (held < ids.length)
            this.deps.log.warn({ held, running: ids.length }, 'another instance took over work this one was still running');
        })
        .catch((error: unknown) => this.deps.log.error({ err: error }, 'could not renew the lease on running work'))
        .finally(() => this.armRenewal());
    }, this.leaseMs / 3);
    this.renewTimer.unref();
  }

  /** From timers and immediates: a failing drain (say, a busy database) is logged, not thrown. */
  private safeDrain(): void {
    this.drain().catch((error: unknown) => {
      this.deps.log.error({ err: error }, 'outbox drain failed; the scheduler tick will try again');
    });
  }

  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const draining = (this.draining = this.drainRounds().finally(() => {
      this.draining = undefined;
    }));
    return draining;
  }

  private async drainRounds(): Promise<void> {
    // A kick that lands while the timer is armed below asks for another round, too: without
    // this, a job finishing then left what it unblocked to the next scheduler tick.
    do {
      await this.drainRound();
      if (this.stopped) return;
      await this.arm();
    } while (this.again);
  }

  private async drainRound(): Promise<void> {
    do {
      this.again = false;
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room <= 0) break;
      const held = this.holdsDeferrable() ? this.deferrableKinds : undefined;
      let backgroundRoom = MAX_BACKGROUND_IN_FLIGHT - this.backgroundInFlight;
      const runnable = await this.deps.outbox.runnable(this.deps.clock(), room, held);
      // Stopping while the database answered: nothing more is claimed.
      if (this.stopped) return;
      const due = runnable
        .filter((job) => !this.inFlight.has(job.id))
        .filter((job) => job.priority < Priority.routine || backgroundRoom-- > 0);
      const claimed = await this.deps.outbox.claimAll(
        due.map((job) => job.id),
        { token: this.leaseToken, until: this.deps.clock() + this.leaseMs },
      );
      for (const job of due) {
        if (!claimed.has(job.id)) continue;
        const background = job.priority >= Priority.routine;
        if (background) this.backgroundInFlight++;
        const run = this.run(job).finally(() => {
          this.inFlight.delete(job.id);
          if (background) this.backgroundInFlight--;
          this.kick();
        });
        this.inFlight.set(job.id, run);
      }
      this.armRenewal();
      // A job started above may drain again before its first await, which asks for one more round.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by that re-entrant drain, which the type checker does not see
    } while (this.again);
  }

  /**
   * Wakes the worker when the next deadline falls due, so escalations fire on time to the
   * millisecond rather than on the next scheduler tick (which remains the safety net).
   */
  private async arm(): Promise<void> {
    const now = this.deps.clock();
    const next = await this.deps.outbox.nextRunAfter(now);
    if (next === this.armedFor) return;
    clearTimeout(this.timer);
    this.armedFor = next;
    if (next === undefined) return;
    this.timer = setTimeout(
      () => {
        this.armedFor = undefined;
        this.safeDrain();
      },
      Math.min(next - now, 2 ** 31 - 1),
    );
    this.timer.unref();
  }

  private async run(job: OutboxRow): Promise<void> {
    const { outbox, retry, clock, log } = this.deps;
    const kind = this.kinds.get(job.kind);
    const jobLog = log.child({ job: job.id, kind: job.kind, crisis: job.crisisId });
    if (!kind) {
      await outbox.fail(job.id, this.leaseToken, clock(), `no handler for ${job.kind}`);
      jobLog.error('job kind has no handler');
      return;
    }
    try {
      const finalize = await kind.execute(job);
      const ours = await this.completions.run(async (tx) => {
        // Decided first: a job another instance took over records nothing more from this run.
        if (!(await outbox.complete(tx, job.id, clock(), this.leaseToken))) return false;
        await finalize?.(tx);
        return true;
      });
      if (!ours) {
        jobLog.warn('done after another instance had taken the job over; its result is left to that instance');
        return;
      }
      jobLog.debug('job done');
    } catch (error) {
      const reason = error instanceof PayloadError ? error.message : retry.describe(error);
      const retryAfter = retry.retryAfterMs?.(error);
      if (retryAfter !== undefined) {
        // Not sent: refused over a rate limit, held for a channel the bot is out of, or stopped
        // while waiting its turn. Slack did nothing with that call, so the run is not counted as
        // an attempt (what a job did before it is recorded, or safe to do again), and when to
        // try again is said, not guessed.
        await outbox.retryAt(job.id, this.leaseToken, clock() + retryAfter, reason, { notAnAttempt: true });
        jobLog.warn({ reason, retryInMs: retryAfter }, 'not sent, will try again without counting an attempt');
        return;
      }
      const attempts = job.attempts + 1;
      const transient = retry.transient(error);
      // A channel and a page are never given up while Slack is merely down or rate limiting.
      const limit =
        error instanceof PayloadError
          ? 1
          : transient
            ? kind.retry === 'until-done'
              ? Infinity
              : MAX_TRANSIENT_ATTEMPTS
            : MAX_PERMANENT_ATTEMPTS;
      if (attempts >= limit) {
        const dependents = await outbox.fail(job.id, this.leaseToken, clock(), reason);
        jobLog.error({ attempts, reason, dependents }, 'job failed for good');
      } else {
        const delay = backoffMs(attempts);
        await outbox.retryAt(job.id, this.leaseToken, clock() + delay, reason);
        jobLog.warn({ attempts, reason, retryInMs: delay }, 'job failed, will retry');
      }
    }
  }

  /** Resolves when nothing is running: for tests and a clean shutdown. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.draining) await this.draining.catch(() => undefined);
      else if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
      else if (!this.stopped && (this.kickPending || this.deferredSince !== undefined))
        await new Promise((resolve) => setTimeout(resolve, 1));
      else return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.deferTimer);
    this.deferTimer = undefined;
    this.deferredSince = undefined;
    await this.idle();
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }
}
