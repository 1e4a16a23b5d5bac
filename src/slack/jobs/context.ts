import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Plan } from '../../config/plan.js';
import type { CrisisRepo } from '../../store/crisis-repo.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { CrisisRow } from '../../store/schema.js';

export interface JobContext {
  client: WebClient;
  plan: Plan;
  repo: CrisisRepo;
  outbox: OutboxRepo;
  clock: () => number;
  botUserId: string;
  log: Logger;
}

export function crisisOf(ctx: JobContext, crisisId: number | null): CrisisRow {
  const crisis = crisisId === null ? undefined : ctx.repo.byId(crisisId);
  if (!crisis) throw new Error(`crisis ${crisisId} not found`);
  return crisis;
}

/** For jobs that wait on the channel job: it is done, so the id is there. */
export function channelOf(crisis: CrisisRow): string {
  if (!crisis.channelId) throw new Error(`crisis ${crisis.id} has no channel yet`);
  return crisis.channelId;
}
