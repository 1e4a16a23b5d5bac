import type { ChartSpec } from '../../chart/spec.js';
import type { Alert, TriageDigest } from '../../domain/alerts.js';
import type { ChartData } from '../../domain/chart.js';
import type { ChecklistItem, Crisis, CrisisMessage, CrisisSnapshot, Inform, Page, StatusUpdate } from '../../domain/crisis.js';
import type { AccountFreeze } from '../../domain/freeze.js';
import type { HeldPost } from '../../domain/held-posts.js';
import type { FollowUp, QaEntry } from '../../domain/learning.js';
import type { Notice } from '../../domain/notices.js';
import type { PlanReview } from '../../domain/plan-review.js';
import type { PersonHome } from '../../domain/home.js';
import type { HomeView } from '@slack/types';
import type { Evidence, ResponseItem } from '../../domain/responses.js';
import type { StatementRecord, StatementVersion } from '../../domain/statements.js';
import type { DebriefVersion } from '../../store/debrief-repo.js';
import type { RenderedMessage } from './slack.js';

/** The summary as of now: the crisis with everyone called, and the alert that opened it. */
export interface SummaryInput {
  readonly snap: CrisisSnapshot;
  /** The alert that opened the crisis, if one did. */
  readonly alert?: { readonly title: string; readonly source: string } | undefined;
}

export interface TriageReminderInput {
  readonly title: string;
  readonly undecided: number;
  readonly waitedMs: number;
  readonly permalink: string | undefined;
}

/**
 * Everything the jobs post, rendered in the team's language and time zone. Implemented by the
 * Slack views (slack/views/index.ts): a job says what to show, the views how.
 */
export interface JobViews {
  summary(input: SummaryInput): RenderedMessage;
  /** The channel's topic: plain text. */
  topic(crisis: Crisis): string;
  /** The checklist, in as many messages as Slack's limits need. */
  checklist(title: string, items: readonly ChecklistItem[], closed: boolean): RenderedMessage[];
  /** `firstPublishedAt`: when the crisis's first statement was published, if it was. */
  page(crisis: Crisis, page: Page, firstPublishedAt: number | undefined): RenderedMessage;
  /** The text message after an unanswered call: plain text, the channel as a link that opens Slack. */
  phoneText(crisis: Crisis): string;
  inform(crisis: Crisis, inform: Inform): RenderedMessage;
  chase(crisis: Crisis, page: Page, now: number): RenderedMessage;
  notice(notice: Notice): RenderedMessage;
  reminderDm(crisis: Crisis, notice: Notice): RenderedMessage;
  /** A notice filed by a version that stored its words, not its facts. */
  legacyNotice(text: string): RenderedMessage;
  update(update: StatusUpdate): RenderedMessage;
  /** `/crisis status` as someone shared it with the channel. */
  shared(by: string, text: string): RenderedMessage;
  /** `open`: the crisis open now, which an undecided alert may be added to. */
  triage(alert: Alert, crisis: Crisis | undefined, open?: Crisis): RenderedMessage;
  triageReminder(reminder: TriageReminderInput): RenderedMessage;
  digest(digest: TriageDigest, alerts: readonly Alert[], crisisOf: (alert: Alert) => Crisis | undefined): RenderedMessage;
  statement(crisis: Crisis, record: StatementRecord): RenderedMessage;
  approvalRequest(crisis: Crisis, record: StatementRecord, reminder: boolean, now: number): RenderedMessage;
  changesRequested(crisis: Crisis, record: StatementRecord, version: StatementVersion): RenderedMessage;
  freezeRequest(crisis: Crisis, freeze: AccountFreeze, reminder: boolean, now: number, viaScheduler: boolean): RenderedMessage;
  freezeBoard(crisis: Crisis, freezes: readonly AccountFreeze[], held: readonly HeldPost[]): RenderedMessage;
  freezeResume(crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]): RenderedMessage;
  heldList(crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]): RenderedMessage;
  restoreReport(crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]): RenderedMessage;
  holdProblem(crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]): RenderedMessage;
  /** To the owners: posts scheduled since the freeze began, caught and held back too. */
  heldCaught(crisis: Crisis, freeze: AccountFreeze, caught: readonly HeldPost[]): RenderedMessage;
  /** Hootsuite refused the bot's refresh token (`refusal`, in Hootsuite's words). */
  schedulerRefused(refusal: string): RenderedMessage;
  /** The debrief in the channel; `revised`: a later version, edited into the same message. */
  debriefMessage(title: string, markdown: string, revised?: DebriefVersion): RenderedMessage;
  /** The comment shared with a later version of the debrief: what changed. */
  debriefRevised(version: DebriefVersion): string;
  /** The uploaded debrief's title: plain text. */
  debriefFileTitle(title: string): string;
  handoff(alert: Alert, by: string): RenderedMessage;
  chartSpec(crisis: Crisis, data: ChartData): ChartSpec;
  /** The uploaded chart's title: plain text. */
  chartTitle(title: string): string;
  response(crisis: Crisis, item: ResponseItem, evidence: readonly Evidence[]): RenderedMessage;
  responseReminder(item: ResponseItem, now: number): RenderedMessage;
  /** The queue's board: counts by state, the oldest unanswered, who has what; `elsewhere` holds the posts. */
  queueBoard(crisis: Crisis, items: readonly ResponseItem[], elsewhere: string | undefined, now: number): RenderedMessage;
  /** One reminder for the posts still without an answer, with a link to the board. */
  queueReminder(crisis: Crisis, items: readonly ResponseItem[], board: CrisisMessage | undefined, now: number): RenderedMessage;
  responseEscalation(crisis: Crisis, item: ResponseItem): RenderedMessage;
  /** The internal Q&A: the first page is the message in the staff channel, the rest its thread. */
  qaPages(crisis: Crisis, entries: readonly QaEntry[], now: number): RenderedMessage[];
  feedbackRequest(crisis: Crisis): RenderedMessage;
  action(crisis: Crisis, action: FollowUp): RenderedMessage;
  actionReminder(crisis: Crisis, action: FollowUp, now: number): RenderedMessage;
  /** To the plan's owner: confirm the roster and contacts (`last`: their last confirmation). */
  planReview(last: PlanReview | undefined, askedAt: number): RenderedMessage;
  /** A person's Home tab: their part in the open crises. */
  home(home: PersonHome): HomeView;
}
