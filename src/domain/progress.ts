import type { CrisisSnapshot } from './crisis.js';

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** From opening to the first acknowledgement, if anyone has acknowledged. */
  readonly timeToFirstAckMs: number | undefined;
  readonly openForMs: number;
}

/** The figures status and the debrief share, so they can never disagree. */
export function progress(snap: CrisisSnapshot, now: number): Progress {
  const done = snap.items.filter((i) => i.doneAt !== null).length;
  const acks = snap.pages.map((p) => p.ackedAt).filter((t): t is number => t !== null);
  const end = snap.crisis.closedAt ?? now;
  return {
    done,
    total: snap.items.length,
    timeToFirstAckMs: acks.length ? Math.min(...acks) - snap.crisis.openedAt : undefined,
    openForMs: end - snap.crisis.openedAt,
  };
}
