import type { Alert, TriageDigest } from '../../domain/alerts.js';
import type { ChecklistItem, Crisis, Inform, Page, StatusUpdate } from '../../domain/crisis.js';
import type { Notice } from '../../domain/notices.js';
import { renderChecklist } from './checklist.js';
import type { ViewContext } from './context.js';
import { renderDebriefMessage, renderDebriefRevised } from './debrief.js';
import type { DebriefVersion } from '../../store/debrief-repo.js';
import type { Evidence, ResponseItem } from '../../domain/responses.js';
import type { FollowUp, QaEntry } from '../../domain/learning.js';
import { renderQueueBoard, renderQueueReminder, renderResponse, renderResponseEscalation, renderResponseReminder } from './responses.js';
import { renderAction, renderActionReminder, renderFeedbackRequest, renderQaPages } from './learning.js';
import { renderLegacyNotice, renderNotice, renderReminderDm, renderUpdate } from './notices.js';
import { renderChase, renderInform, renderPage } from './page.js';
import { renderPhoneText } from './phone.js';
import type { JobViews } from '../../jobs/ports/views.js';
import { renderSummary, renderTopic } from './summary.js';
import { chartSpec } from './chart-spec.js';
import type { ChartData } from '../../domain/chart.js';
import { renderHandoff, renderTriage, renderTriageReminder } from './triage.js';
import { renderDigest } from './digest.js';
import { renderFreezeBoard, renderFreezeRequest, renderFreezeResume } from './freeze.js';
import type { AccountFreeze } from '../../domain/freeze.js';
import type { HeldPost } from '../../domain/held-posts.js';
import { renderHeldList, renderHoldProblem, renderSchedulerRefused, renderHeldCaught, renderRestoreReport } from './held-posts.js';
import { renderApprovalRequest, renderChangesRequested, renderStatement } from './statements.js';
import type { StatementRecord, StatementVersion } from '../../domain/statements.js';
import { renderSharedStatus } from './status.js';
import { renderPlanReview } from './plan.js';
import { context } from './blocks.js';
import type { RenderedMessage } from './context.js';
import { renderHome } from './home.js';
import type { PersonHome } from '../../domain/home.js';
import type { PlanReview } from '../../domain/plan-review.js';

/** The views the jobs post (jobs/ports/views), bound to the team's language and time zone. */
export function jobViews(v: ViewContext): JobViews {
  // A direct message about a drill opens with its banner: nobody takes an exercise for the real
  // thing at 3 a.m. (the drill's title says DRILL too, in every message and in the debrief).
  const drilled = (crisis: Crisis, message: RenderedMessage): RenderedMessage =>
    crisis.drill ? { ...message, blocks: [context(v.m.t('drill.banner')), ...message.blocks] } : message;
  return {
    summary: (input) => renderSummary(v, input),
    topic: (crisis: Crisis) => renderTopic(v, crisis),
    checklist: (title: string, items: readonly ChecklistItem[], closed: boolean) => renderChecklist(v, title, items, closed),
    page: (crisis: Crisis, page: Page, firstPublishedAt: number | undefined) =>
      drilled(crisis, renderPage(v, crisis, page, firstPublishedAt)),
    phoneText: (crisis: Crisis) => renderPhoneText(v, crisis),
    inform: (crisis: Crisis, inform: Inform) => drilled(crisis, renderInform(v, crisis, inform)),
    chase: (crisis: Crisis, page: Page, now: number) => drilled(crisis, renderChase(v, crisis, page, now)),
    notice: (notice: Notice) => renderNotice(v, notice),
    reminderDm: (crisis: Crisis, notice: Notice) => drilled(crisis, renderReminderDm(v, crisis, notice)),
    legacyNotice: renderLegacyNotice,
    update: (update: StatusUpdate) => renderUpdate(v, update),
    shared: (by: string, text: string) => renderSharedStatus(v, by, text),
    triage: (alert: Alert, crisis: Crisis | undefined, open?: Crisis) => renderTriage(v, alert, crisis, open),
    triageReminder: (r) => renderTriageReminder(v, r),
    digest: (digest: TriageDigest, alerts: readonly Alert[], crisisOf: (alert: Alert) => Crisis | undefined) =>
      renderDigest(v, digest, alerts, crisisOf),
    statement: (crisis: Crisis, record: StatementRecord) => renderStatement(v, crisis, record),
    approvalRequest: (crisis: Crisis, record: StatementRecord, reminder: boolean, now: number) =>
      drilled(crisis, renderApprovalRequest(v, crisis, record, reminder, now)),
    changesRequested: (crisis: Crisis, record: StatementRecord, version: StatementVersion) =>
      drilled(crisis, renderChangesRequested(v, crisis, record, version)),
    freezeRequest: (crisis: Crisis, freeze: AccountFreeze, reminder: boolean, now: number, viaScheduler: boolean) =>
      drilled(crisis, renderFreezeRequest(v, crisis, freeze, reminder, now, viaScheduler)),
    freezeBoard: (crisis: Crisis, freezes: readonly AccountFreeze[], held: readonly HeldPost[]) =>
      renderFreezeBoard(v, crisis, freezes, held),
    freezeResume: (crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]) => renderFreezeResume(v, crisis, freeze, held),
    heldList: (crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]) => renderHeldList(v, crisis, freeze, held),
    restoreReport: (crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]) => renderRestoreReport(v, crisis, freeze, held),
    holdProblem: (crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]) => renderHoldProblem(v, crisis, freeze, held),
    schedulerRefused: (refusal: string) => renderSchedulerRefused(v, refusal),
    heldCaught: (crisis: Crisis, freeze: AccountFreeze, caught: readonly HeldPost[]) => renderHeldCaught(v, crisis, freeze, caught),
    debriefMessage: (title: string, markdown: string, revised?: DebriefVersion) => renderDebriefMessage(v, title, markdown, revised),
    debriefRevised: (version: DebriefVersion) => renderDebriefRevised(v, version),
    handoff: (alert: Alert, by: string) => renderHandoff(v, alert, by),
    chartSpec: (crisis: Crisis, data: ChartData) => chartSpec(v, crisis, data),
    chartTitle: (title: string) => v.m.t('chart.fileTitle', { title }),
    response: (crisis: Crisis, item: ResponseItem, evidence: readonly Evidence[]) => renderResponse(v, crisis, item, evidence),
    responseReminder: (item: ResponseItem, now: number) => renderResponseReminder(v, item, now),
    responseEscalation: (crisis: Crisis, item: ResponseItem) => renderResponseEscalation(v, crisis, item),
    queueBoard: (crisis, items, elsewhere, now) => renderQueueBoard(v, crisis, items, elsewhere, now),
    queueReminder: (crisis, items, board, now) => renderQueueReminder(v, crisis, items, board, v.plan.responseQueueChannel, now),
    qaPages: (crisis: Crisis, entries: readonly QaEntry[], now: number) => renderQaPages(v, crisis, entries, now),
    feedbackRequest: (crisis: Crisis) => drilled(crisis, renderFeedbackRequest(v, crisis)),
    action: (crisis: Crisis, action: FollowUp) => drilled(crisis, renderAction(v, crisis, action)),
    actionReminder: (crisis: Crisis, action: FollowUp, now: number) => drilled(crisis, renderActionReminder(v, crisis, action, now)),
    planReview: (last: PlanReview | undefined, askedAt: number) => renderPlanReview(v, last, askedAt),
    home: (home: PersonHome) => renderHome(v, home),
    debriefFileTitle: (title: string) => v.m.t('debrief.fileTitle', { title }),
  };
}
