import { setTopic } from '../jobs/channel.js';
import { refreshSummary, refreshChecklist } from '../jobs/crisis-messages.js';
import { refreshPage } from '../jobs/pages.js';
import { refreshDigest, refreshTriage } from '../jobs/triage.js';
import { refreshFreezeBoard, refreshFreezeRequest } from '../jobs/freeze.js';
import { refreshHeldList } from '../jobs/hootsuite.js';
import { publishQa, refreshAction } from '../jobs/learning.js';
import { refreshQueueBoard, refreshResponse } from '../jobs/responses.js';
import { refreshStatement } from '../jobs/statements.js';
import { refreshHomes } from '../jobs/home.js';
import type { Alert } from '../domain/alerts.js';
import type { RenderOutbox } from '../jobs/index.js';
import type { Filing } from '../outbox/outbox.js';
import type { Tx } from '../store/db.js';

/** How long the queue's board waits to show a change, gathering those that follow. */
export const BOARD_SETTLE_MS = 2000;
/** How long Homes wait after a change, gathering the changes that follow into one refresh. */
export const HOME_SETTLE_MS = 2000;

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
  /** These owners' freeze request DMs (the channel's link). */
  readonly freezeRequests?: readonly { readonly freezeId: number; readonly userId: string }[];
  /** These alerts' triage messages (a decision, a duplicate, the crisis channel). */
  readonly triage?: readonly number[];
  /** These digests, the messages of alerts grouped during a storm. */
  readonly digests?: readonly number[];
  /** These statements' messages (a new version, a decision, a publication). */
  readonly statements?: readonly number[];
  /** The freeze board in the crisis channel (an account paused, held back, released). */
  readonly freezeBoard?: boolean;
  /** The lists of posts held back for these freezes (a post unscheduled, restored; the resume). */
  readonly heldLists?: readonly number[];
  /** These queued posts' messages (claimed, handled, escalated). */
  readonly responses?: readonly number[];
  /** The response queue's board in the crisis channel (a post added, claimed, handled). */
  readonly queueBoard?: boolean;
  /** These follow-up actions' DMs (done). */
  readonly actions?: readonly number[];
  /** The internal Q&A in the staff channel, and its thread (published again). */
  readonly qa?: boolean;
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
  constructor(private readonly outbox: RenderOutbox) {}

  /** A change only the Home tabs show (a new page, a draft waiting for approval, a new action, a close). */
  async homes(tx: Tx, now: number): Promise<void> {
    await this.outbox.fileAll(tx, [this.homesRefresh(now)]);
  }

  /**
   * Every Home once opened, shortly after a change: one waiting refresh carries every change
   * before it. Filed whether or not anyone has opened a Home (the job finds out), so a click's
   * batch stays writes only.
   */
  private homesRefresh(now: number): Filing {
    return this.outbox.filing(refreshHomes, { crisisId: null, runAt: now + HOME_SETTLE_MS });
  }

  /**
   * What changed, inside the transaction that changed it. `crisisId` is the crisis the messages
   * belong to, or null for triage messages of alerts behind no crisis.
   */
  async report(tx: Tx, crisisId: number | null, change: CrisisChange, now: number): Promise<void> {
    await this.reportAll(tx, [{ crisisId, change, now }]);
  }

  /** Several changes at once (a batch of clicks): their re-renders filed together, in order. */
  async reportAll(tx: Tx, changes: readonly { crisisId: number | null; change: CrisisChange; now: number }[]): Promise<void> {
    const last = changes.at(-1);
    await this.outbox.fileAll(tx, [
      ...changes.flatMap(({ crisisId, change, now }) => this.renders(crisisId, change, now)),
      ...(last ? [this.homesRefresh(last.now)] : []),
    ]);
  }

  private renders(crisisId: number | null, change: CrisisChange, now: number): Filing[] {
    const { outbox } = this;
    const at = { crisisId, runAt: now };
    const filings: Filing[] = [];
    if (change.checklist) filings.push(outbox.filing(refreshChecklist, at));
    if (change.summary) filings.push(outbox.filing(refreshSummary, at));
    if (change.topic) filings.push(outbox.filing(setTopic, at));
    for (const pageId of change.pages ?? []) filings.push(outbox.filing(refreshPage, { ...at, payload: { pageId } }));
    for (const alertId of change.triage ?? []) filings.push(outbox.filing(refreshTriage, { ...at, payload: { alertId } }));
    for (const digestId of change.digests ?? []) filings.push(outbox.filing(refreshDigest, { ...at, payload: { digestId } }));
    for (const statementId of change.statements ?? []) filings.push(outbox.filing(refreshStatement, { ...at, payload: { statementId } }));
    if (change.freezeBoard) filings.push(outbox.filing(refreshFreezeBoard, at));
    for (const { freezeId, userId } of change.freezeRequests ?? [])
      filings.push(outbox.filing(refreshFreezeRequest, { ...at, payload: { freezeId, user: userId } }));
    for (const freezeId of change.heldLists ?? []) filings.push(outbox.filing(refreshHeldList, { ...at, payload: { freezeId } }));
    for (const responseId of change.responses ?? []) filings.push(outbox.filing(refreshResponse, { ...at, payload: { responseId } }));
    // Read at a glance, not to the second: every change of the next moments shows in one update,
    // which spares Slack's chat.update allowance (about 50 a minute) for the messages people click.
    if (change.queueBoard) filings.push(outbox.filing(refreshQueueBoard, { crisisId, runAt: now + BOARD_SETTLE_MS }));
    for (const actionId of change.actions ?? []) filings.push(outbox.filing(refreshAction, { ...at, payload: { actionId } }));
    if (change.qa) filings.push(outbox.filing(publishQa, at));
    return filings;
  }
}
