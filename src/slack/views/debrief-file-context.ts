import { reachOf, type ChartReading, type Reach } from '../../domain/chart.js';
import type { CrisisSnapshot } from '../../domain/crisis.js';
import { debriefFacts, type DebriefFacts } from '../../domain/debrief.js';
import { stageName } from '../../domain/escalation.js';
import { personName } from '../../domain/roster.js';
import type { Messages } from '../../i18n/messages.js';
import type { ViewContext } from './context.js';

/** Markdown's own markup in people's text, escaped so a title cannot make a table or a link. */
export const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1');
const md = escapeMarkdown;

/** What every section of the file is written with: the team's words, the crisis, and how people, stages and times show. */
export interface DebriefFileContext {
  readonly v: ViewContext;
  readonly m: Messages;
  readonly snap: CrisisSnapshot;
  readonly facts: DebriefFacts;
  /** How big it got, from the listening readings while it ran; none without a reading. */
  readonly reach: Reach | undefined;
  readonly now: number;
  /** A person by roster name; the bot, or nobody, as the bot. */
  readonly name: (id: string | null) => string;
  /** A stage's number with its name from the plan, if it still has one. */
  readonly stage: (n: number) => string;
  readonly at: (millis: number) => string;
  /** People's text with Markdown's markup escaped (escapeMarkdown). */
  readonly md: (text: string) => string;
}

/** How this crisis's people, stages and times are written in its debrief file. */
export function fileContext(v: ViewContext, snap: CrisisSnapshot, now: number, readings: readonly ChartReading[] = []): DebriefFileContext {
  const { m, plan } = v;
  const name = (id: string | null) => (id === null || id === v.botUserId ? m.t('common.theBot') : personName(plan, snap.people, id));
  const stage = (n: number) => {
    const name = stageName(plan, n);
    return name === undefined ? String(n) : `${n} (${md(name)})`;
  };
  return {
    v,
    m,
    snap,
    facts: debriefFacts(snap, now),
    reach: reachOf(snap, readings, now),
    now,
    name,
    stage,
    at: (millis) => m.stamp(millis),
    md,
  };
}
