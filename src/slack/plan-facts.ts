import type { WebClient } from '@slack/web-api';
import type { UnresolvedPlan } from '../config/plan.js';
import { wholeNight, type PersonFacts } from '../domain/plan-check.js';
import { slackDirectory } from './directory.js';
import { slackError } from './errors.js';

type PlanMember = UnresolvedPlan['roster'][number];

/** dnd.teamInfo answers for at most this many people a call. */
const DND_BATCH = 50;
/** users.info (Tier 4) asked this many at a time: a roster of 80 is read in a few seconds. */
const AT_ONCE = 5;

export interface SlackFactsOptions {
  readonly members: readonly PlanMember[];
  /** The Slack user already matched to a member given by email (the running bot's directory). */
  readonly matched?: (member: PlanMember) => string | undefined;
  /** Whether the bot is still matching this member's email: not asked again here. */
  readonly matching?: (member: PlanMember) => boolean;
  readonly timeZone: string;
}

/**
 * What Slack says of each roster member now: their user (by id, or found by email), whether it
 * is deactivated (users.lookupByEmail does not find those: Slack documents users_not_found), and
 * whether Do Not Disturb covers their whole night. By member name.
 */
export async function slackFacts(client: WebClient, o: SlackFactsOptions): Promise<Map<string, PersonFacts>> {
  const facts = new Map<string, PersonFacts>();
  const blank = { emailUnknown: false, matching: false, deactivated: false, userUnknown: false, nightDnd: undefined };
  await eachAtOnce(o.members, async (m) => {
    let slackId = m.slackId ?? o.matched?.(m);
    if (slackId === undefined && o.matching?.(m)) return void facts.set(m.name, { ...blank, slackId, matching: true });
    if (slackId === undefined) {
      slackId = await slackDirectory(client).byEmail(m.email!);
      if (slackId === undefined) return void facts.set(m.name, { ...blank, slackId, emailUnknown: true });
    }
    const user = await userInfo(client, slackId);
    facts.set(m.name, { ...blank, slackId, userUnknown: user === undefined, deactivated: user?.deleted === true });
  });
  const active = o.members.flatMap((m) => {
    const f = facts.get(m.name);
    return f?.slackId !== undefined && !f.deactivated && !f.userUnknown ? [f.slackId] : [];
  });
  const ids = [...new Set(active)];
  for (let from = 0; from < ids.length; from += DND_BATCH) {
    const answer = await client.dnd.teamInfo({ users: ids.slice(from, from + DND_BATCH).join(',') });
    const users = (answer.users ?? {}) as Record<string, { dnd_enabled?: boolean; next_dnd_start_ts?: number; next_dnd_end_ts?: number }>;
    for (const [name, f] of facts) {
      const dnd = f.slackId === undefined ? undefined : users[f.slackId];
      if (!dnd?.dnd_enabled || dnd.next_dnd_start_ts === undefined || dnd.next_dnd_end_ts === undefined) continue;
      const from = dnd.next_dnd_start_ts * 1000;
      const to = dnd.next_dnd_end_ts * 1000;
      if (wholeNight(from, to, o.timeZone)) facts.set(name, { ...f, nightDnd: { from, to } });
    }
  }
  return facts;
}

async function userInfo(client: WebClient, user: string): Promise<{ deleted: boolean } | undefined> {
  try {
    const answer = await client.users.info({ user });
    return { deleted: answer.user?.deleted === true };
  } catch (error) {
    if (slackError(error) === 'user_not_found') return undefined;
    throw error;
  }
}

/** `work` for every item, at most AT_ONCE at a time. */
async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
}
