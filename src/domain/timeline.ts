import { z } from 'zod';
import { SEVERITIES } from '../config/severity.js';
import { CALL_OUTCOMES } from './phone-attempt.js';

const severity = z.enum(SEVERITIES);
const count = z.number().int().nonnegative();
const millis = z.number().nonnegative();

/** Why a stage was paged before its turn. */
export const escalationCauseSchema = z.discriminatedUnion('kind', [
  /** Nobody in `stage` acknowledged within its timeout. */
  z.object({ kind: z.literal('deadline'), stage: count, timeoutMs: millis }),
  /** Someone typed `/crisis escalate` (the entry's actor). */
  z.object({ kind: z.literal('manual') }),
  /** The severity was raised to one that starts at a later stage. */
  z.object({ kind: z.literal('severity'), severity }),
]);
export type EscalationCause = z.infer<typeof escalationCauseSchema>;

/**
 * What happened in a crisis, as facts: the timeline of the debrief is rendered from these in
 * the plan's language. People who act are the entry's actor; members paged are kept by their
 * roster name at the time, because the debrief file cannot show a Slack mention.
 */
export const timelineEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened'), severity, type: z.string() }),
  z.object({ kind: z.literal('paged'), member: z.string(), stage: count }),
  z.object({
    kind: z.literal('acknowledged'),
    member: z.string(),
    stage: count,
    afterMs: millis,
    afterClose: z.boolean(),
    /** By the key 1 on a call, or a reply of 1 to a text; absent: the Slack button. */
    via: z.enum(['phone', 'text']).optional(),
  }),
  /** `url`: the public response a hand tick of the first-response item gave. */
  z.object({ kind: z.literal('item_done'), item: z.string(), url: z.string().optional() }),
  z.object({ kind: z.literal('item_undone'), item: z.string() }),
  z.object({ kind: z.literal('update') }),
  z.object({ kind: z.literal('closed') }),
  /** The last stage's deadline passed unanswered. */
  z.object({ kind: z.literal('unanswered'), stage: count, timeoutMs: millis }),
  z.object({ kind: z.literal('escalated'), to: count, paged: z.array(z.string()), cause: escalationCauseSchema }),
  z.object({ kind: z.literal('severity'), from: severity, to: severity }),
  z.object({ kind: z.literal('update_overdue'), sinceMs: millis }),
  z.object({ kind: z.literal('item_overdue'), item: z.string() }),
  z.object({ kind: z.literal('channel'), name: z.string() }),
  z.object({ kind: z.literal('invite_failed'), users: z.array(z.object({ user: z.string(), reason: z.string() })) }),
  z.object({
    kind: z.literal('alert'),
    /** Opened at once (severity at or above open_at), from a triage decision, or added to this crisis from triage. */
    how: z.enum(['at_once', 'triage', 'added']),
    title: z.string(),
    source: z.string(),
    severity,
    url: z.string().nullable(),
  }),
  z.object({ kind: z.literal('alert_resolved'), title: z.string(), source: z.string() }),
  z.object({ kind: z.literal('alert_seen'), title: z.string(), count }),
  /** Told of the crisis, no acknowledgement expected (a stage's `inform`, a lead at opening). */
  z.object({ kind: z.literal('informed'), member: z.string(), stage: count }),
  /** Reminded once, still not having acknowledged when their stage's time ran out. */
  z.object({ kind: z.literal('chased'), member: z.string(), stage: count }),
  /** A call to someone's phone about their page: after their stage's phone_after, again, at once under Do Not Disturb, or asked for. */
  z.object({ kind: z.literal('called'), member: z.string(), attempt: count, cause: z.enum(['timer', 'dnd', 'manual']) }),
  z.object({ kind: z.literal('call_ended'), member: z.string(), attempt: count, outcome: z.enum(CALL_OUTCOMES) }),
  z.object({ kind: z.literal('texted'), member: z.string() }),
  /** Twilio would not place it (a number it cannot reach, the account refused): `reason` in its words. */
  z.object({ kind: z.literal('phone_refused'), member: z.string(), what: z.enum(['call', 'text']), reason: z.string() }),
  z.object({ kind: z.literal('retitled'), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal('type_changed'), from: z.string(), to: z.string(), added: count }),
  z.object({ kind: z.literal('lead'), leadId: z.string() }),
  /** A statement's version `version` was drafted (1) or edited (2, 3 …); the actor wrote it. */
  z.object({ kind: z.literal('statement_drafted'), statement: count, version: count }),
  z.object({ kind: z.literal('statement_approved'), statement: count, version: count }),
  z.object({ kind: z.literal('statement_changes'), statement: count, version: count, reason: z.string() }),
  z.object({ kind: z.literal('account_frozen'), account: z.string() }),
  /** The bot held back what was scheduled on the account in its scheduler (kept in full). */
  z.object({ kind: z.literal('posts_held'), account: z.string(), count }),
  z.object({ kind: z.literal('posts_resumed'), account: z.string(), restored: count, failed: count }),
  z.object({ kind: z.literal('qa_published'), count }),
  z.object({ kind: z.literal('statement_published'), statement: count, version: count, platform: z.string(), url: z.string() }),
]);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** An entry written before events were stored as facts: its words are kept as they were. */
export interface LegacyEvent {
  readonly kind: 'legacy';
  readonly text: string;
}

/** Facts this version cannot read (written by a newer one, say): shown by their kind. */
export interface UnreadableEvent {
  readonly kind: 'unreadable';
  readonly stored: string;
}

export interface TimelineEntry {
  readonly id: number;
  readonly at: number;
  /** Who did it; null when the bot did it on its own (a deadline, an alert). */
  readonly actorId: string | null;
  readonly event: TimelineEvent | LegacyEvent | UnreadableEvent;
}
