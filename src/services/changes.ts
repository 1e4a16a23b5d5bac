import { setTopic } from '../jobs/channel.js';
import { refreshSummary, refreshChecklist } from '../jobs/crisis-messages.js';
import { refreshPage } from '../jobs/pages.js';
import { refreshDigest, refreshTriage } from '../jobs/triage.js';
import type { Alert } from '../domain/alerts.js';
import type { JobOutbox } from '../jobs/index.js';
import type { Tx } from '../store/db.js';

/** What changed, as the messages that show it: each one named is re-rendered from the database. */
export interface CrisisChange {
  /** The checklist's messages (ticks, close). */
  readonly checklist?: boolean;
  /** The summary at the top of the channel (severity, stage). */
  readonly summary?: boolean;
  /** The channel topic (severity, title). */
  readonly topic?: boolean;
  /** These pages' direct messages (an acknowledgement, the channel's link). */
  readonly pages?: readonly number[];
  /** These alerts' triage messages (a decision, a duplicate, the crisis channel). */
  readonly triage?: readonly number[];
  /** These digests, the messages of alerts grouped during a storm. */
  readonly digests?: readonly number[];
}

/** The messages alerts are shown in: their own, or the digest they were grouped into. */
export function triageMessages(alerts: readonly Alert[]): Pick<CrisisChange, 'triage' | 'digests'> {
  return {
    triage: alerts.filter((a) => a.digestId === null).map((a) => a.id),
    digests: [...new Set(alerts.flatMap((a) => (a.digestId === null ? [] : [a.digestId])))],
  };
}

/**
 * The one place that knows which messages show what: services say what changed, inside their
 * transaction, and this files the re-renders. Each is coalesced (one waiting render per message
 * shows every change before it), and re-renders of a click's message wait for the burst to pass.
 */
export class Changes {
  constructor(private readonly outbox: JobOutbox) {}

  /**
   * What changed, inside the transaction that changed it. `crisisId` is the crisis the messages
   * belong to, or null for triage messages of alerts behind no crisis.
   */
  report(tx: Tx, crisisId: number | null, change: CrisisChange, now: number): void {
    const { outbox } = this;
    const at = { crisisId, runAt: now };
    if (change.checklist) outbox.enqueue(tx, refreshChecklist, at);
    if (change.summary) outbox.enqueue(tx, refreshSummary, at);
    if (change.topic) outbox.enqueue(tx, setTopic, at);
    for (const pageId of change.pages ?? []) outbox.enqueue(tx, refreshPage, { ...at, payload: { pageId } });
    for (const alertId of change.triage ?? []) outbox.enqueue(tx, refreshTriage, { ...at, payload: { alertId } });
    for (const digestId of change.digests ?? []) outbox.enqueue(tx, refreshDigest, { ...at, payload: { digestId } });
  }
}
