import type { CrisisMessage } from '../../domain/crisis.js';
import type { Tx } from '../../store/db.js';
import type { PostCopy } from '../../store/held-post-repo.js';
import type { Placed } from './phone.js';

// What jobs hand back to the services, inside the transaction that completes the job (a job's
// `run` returns it as its Finalize). Jobs file no work themselves: what follows from a fact or a
// deadline is the services' decision. Implemented in services/ and wired in bot.ts.

/** What Slack did, as the job that called it learnt. */
export interface SlackFacts {
  /** Pages sent before the channel existed get its link; so does the alert that opened it. */
  channelCreated(tx: Tx, crisisId: number, channelId: string, name: string): Promise<void>;
  /** An owner's freeze request DM was posted or updated, with or without the channel's link. */
  freezeAsked(tx: Tx, freezeId: number, user: string, channel: string, ts: string, withLink: boolean): Promise<void>;
  /** A page's DM was posted or updated, with or without the channel's link. */
  pageDelivered(tx: Tx, pageId: number, channel: string, ts: string, withLink: boolean): Promise<void>;
  messagePosted(tx: Tx, message: CrisisMessage): Promise<void>;
  /** A version of the debrief is shared in `target` as `fileId` (the next version replaces it). */
  debriefFileShared(tx: Tx, crisisId: number, version: number, target: 'crisis' | 'archive', fileId: string): Promise<void>;
  /** A queued post's message is out, showing the item at `version` (see itemVersion). */
  responsePosted(tx: Tx, responseId: number, channel: string, ts: string, version: string): Promise<void>;
  triagePosted(tx: Tx, alertId: number, channel: string, ts: string): Promise<void>;
  digestPosted(tx: Tx, digestId: number, channel: string, ts: string): Promise<void>;
  /** The hand-off is in the customer-service channel, at `link`. */
  handedOver(tx: Tx, alertId: number, link: string, now: number): Promise<void>;
  invitesRefused(tx: Tx, crisisId: number, refused: readonly { user: string; reason: string }[]): Promise<void>;
  /** The Q&A has outgrown its message: these parts belong in its thread. */
  qaPartsMissing(tx: Tx, crisisId: number, parts: readonly number[], now: number): Promise<void>;
}

/** What the scheduler did with a held account's posts (the freeze through Hootsuite). */
export interface SchedulerFacts {
  /** The scheduler would not list the posts: nothing is held back, and the owners pause by hand. */
  listRefused(tx: Tx, freezeId: number, failure: string, now: number): Promise<void>;
  /** The list: a copy of each post is kept, and each is then unscheduled on its own. */
  /** `unlisted`: the scheduler answered only in part; its words for what it could not list. */
  saved(tx: Tx, freezeId: number, posts: readonly PostCopy[], now: number, unlisted?: readonly string[]): Promise<void>;
  /** A later look (round `round`) listed the account again: posts not kept yet are held back too, and the next look is filed. */
  looked(tx: Tx, freezeId: number, posts: readonly PostCopy[], round: number, now: number): Promise<void>;
  unscheduled(tx: Tx, heldId: number, outcome: 'held' | 'gone' | { refused: string }, now: number): Promise<void>;
  /** `pending`: Hootsuite took it, to wait for approval there. */
  restored(
    tx: Tx,
    heldId: number,
    outcome: { newId: string; at: number; pending: boolean } | { failure: string },
    now: number,
  ): Promise<void>;
}

/** What the scheduler did with an approved statement the bot sent (Publish). */
export interface PublishFacts {
  /**
   * The scheduler has it: sent (the publication, with its link), or waiting there (approval, a
   * time); `round`: how many times it was looked at already (0 when just sent).
   */
  sendMade(
    tx: Tx,
    sendId: number,
    made: { messageId: string; state: string; url: string | undefined; round: number },
    now: number,
  ): Promise<void>;
  /** Not sent: the scheduler refused, or the text no longer matched the approval (`reason` for people). */
  sendFailed(tx: Tx, sendId: number, reason: string, now: number): Promise<void>;
}

/** What the phone network did with a call or a text the services decided. */
export interface PhoneFacts {
  /** Slack holds the person's notifications back: their call need not wait for phone_after. */
  dndPaused(tx: Tx, pageId: number): Promise<void>;
  placed(tx: Tx, attemptId: number, placed: Placed): Promise<void>;
  /** The call is over, as the network has it now (its status callback may never have reached the bot). */
  callOver(tx: Tx, attemptId: number, status: string, answeredBy: string | null): Promise<void>;
  /** Twilio refused it for good (a number it cannot dial, the account): `reason` in its words. */
  refused(tx: Tx, attemptId: number, reason: string): Promise<void>;
  /** Not placed: the page was answered while it waited, or no Twilio account is configured now. */
  notPlaced(tx: Tx, attemptId: number, why: 'answered' | 'no_account'): Promise<void>;
}

/** A deadline has come; whether anything follows, and what, is decided then. */
export interface Deadlines {
  /** Nobody in `stage` has acknowledged: the next stage, or the last stage's call to phone. */
  escalation(tx: Tx, crisisId: number, stage: number): Promise<void>;
  /** A status update is due: a reminder if none came, and the next check. */
  statusUpdate(tx: Tx, crisisId: number): Promise<void>;
  /** A checklist item's due time: a reminder if it is not done. */
  item(tx: Tx, itemId: number): Promise<void>;
  /** A triage message (an alert, or a digest) still undecided is reminded once. */
  triage(tx: Tx, target: { alertId: number } | { digestId: number }): Promise<void>;
  /** Approvers still waited on are reminded, once. */
  approval(tx: Tx, versionId: number): Promise<void>;
  /** Owners who have not paused are asked again, once. */
  freeze(tx: Tx, crisisId: number): Promise<void>;
  /** A queued post still open is reminded, once (jobs filed before the digest). */
  response(tx: Tx, responseId: number): Promise<void>;
  /** Posts still open after the plan's remind_after are named in one digest, each once. */
  queue(tx: Tx, crisisId: number): Promise<void>;
  /** A page's phone_after (or the wait before calling again) ran out: call `attempt`, if still unanswered. */
  phone(tx: Tx, pageId: number, attempt: number): Promise<void>;
  /** A follow-up action not done: its owner is reminded, and again a week on. */
  action(tx: Tx, actionId: number, now: number): Promise<void>;
  /** The plan's review, due at `at`: its owner is asked to confirm, unless they did since. */
  planReview(tx: Tx, at: number, now: number): Promise<void>;
  /** Step `index` of a drill's script is due: it plays, unless the drill ended. */
  drillStep(tx: Tx, crisisId: number, index: number, now: number): Promise<void>;
}
