import { z } from 'zod';
import { SEVERITIES } from '../config/severity.js';
import { escalationCauseSchema } from './timeline.js';

const severity = z.enum(SEVERITIES);
const users = z.array(z.string());
const millis = z.number().nonnegative();
const stage = z.number().int().nonnegative();

/**
 * What the bot tells a crisis channel on its own: who was paged and why, who to call, what is
 * overdue. Services decide these as facts; the view renders them in the plan's language when
 * the notice is posted. People are Slack ids: a channel message mentions them.
 */
export const noticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('escalated'), to: stage, paged: users, cause: escalationCauseSchema, actorId: z.string().nullable() }),
  z.object({ kind: z.literal('last_stage_unanswered'), stage, timeoutMs: millis, waiting: users }),
  z.object({ kind: z.literal('severity_changed'), from: severity, to: severity, by: z.string() }),
  /** An alert from the alerts channel, added to this crisis. */
  z.object({ kind: z.literal('alert_added'), title: z.string(), source: z.string(), url: z.string().nullable(), by: z.string() }),
  z.object({ kind: z.literal('update_overdue'), sinceMs: millis, leads: users }),
  /** `at`: when the reminder was decided, so "due 5 min ago" is true whenever it is posted. */
  z.object({ kind: z.literal('item_overdue'), item: z.string(), role: z.string().nullable(), owners: users, dueAt: millis, at: millis }),
  /** A drill's script playing the world: a listening reading, an alert, an inject for the team. */
  z.object({ kind: z.literal('drill_reading'), source: z.string(), mentions: z.number().int(), negative: z.number().int() }),
  z.object({ kind: z.literal('drill_alert'), title: z.string(), source: z.string().nullable() }),
  z.object({ kind: z.literal('drill_inject'), text: z.string() }),
]);
export type Notice = z.infer<typeof noticeSchema>;
