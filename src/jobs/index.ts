import type { Outbox } from '../outbox/outbox.js';
import type { WorkerKind } from '../outbox/worker.js';
import { createChannel, invite, renameChannel, setTopic } from './channel.js';
import { postNotice, postShare, postUpdate } from './channel-posts.js';
import type { JobContext } from './context.js';
import { pinSummary, postChecklist, postSummary, refreshSummary, refreshChecklist } from './crisis-messages.js';
import { escalationDeadline, itemDue, updateCadence } from './deadlines.js';
import { postDebrief, uploadDebrief, uploadDebriefVersion } from './debrief.js';
import { learnName } from './people.js';
import { askFreeze, freezeDue, postFreezeBoard, refreshFreezeBoard, refreshFreezeRequest, tellResume } from './freeze.js';
import {
  holdPosts,
  postHeldList,
  refreshHeldList,
  reportRestore,
  restorePost,
  tellHoldProblem,
  tellSchedulerRefused,
  lookAgain,
  tellHeldCaught,
  unschedulePost,
} from './hootsuite.js';
import { handToCustomerService } from './handoff.js';
import { uploadChart } from './chart.js';
import {
  escalateResponse,
  postQueueBoard,
  postResponse,
  queueDue,
  refreshQueueBoard,
  refreshResponse,
  remindQueue,
  remindResponse,
  responseDue,
} from './responses.js';
import { actionDue, askFeedback, postQa, postQaPart, publishQa, refreshAction, remindAction, sendAction } from './learning.js';
import {
  approvalDue,
  askApproval,
  postStatement,
  refreshStatement,
  tellAuthor,
  publishStatement,
  checkStatementSend,
} from './statements.js';
import { askPlanReview, planReviewDue } from './plan-review.js';
import { publishHome, refreshHomes } from './home.js';
import { drillStep } from './drills.js';
import { chasePage, refreshPage, sendInform, sendPage } from './pages.js';
import { checkCall, checkDnd, phoneDue, placeCall, sendText } from './phone.js';
import { postDigest, postTriage, postTriageReminder, refreshDigest, refreshTriage, triageDue } from './triage.js';

/**
 * Every job kind the outbox runs: the registry. A new kind is declared in one file (see
 * context.ts's defineJob) and registered here, once; services can file only what is registered
 * (JobOutbox), so a kind left out is a compile error where it is filed.
 */
export const JOB_KINDS = [
  createChannel,
  setTopic,
  invite,
  renameChannel,
  postSummary,
  pinSummary,
  refreshSummary,
  postChecklist,
  refreshChecklist,
  sendPage,
  refreshPage,
  sendInform,
  chasePage,
  phoneDue,
  checkDnd,
  placeCall,
  checkCall,
  sendText,
  postUpdate,
  postNotice,
  postShare,
  postDebrief,
  uploadDebrief,
  uploadDebriefVersion,
  postTriage,
  refreshTriage,
  postDigest,
  refreshDigest,
  triageDue,
  postTriageReminder,
  escalationDeadline,
  updateCadence,
  itemDue,
  learnName,
  postStatement,
  refreshStatement,
  askApproval,
  approvalDue,
  tellAuthor,
  askFreeze,
  holdPosts,
  unschedulePost,
  restorePost,
  postHeldList,
  refreshHeldList,
  reportRestore,
  tellHoldProblem,
  tellSchedulerRefused,
  lookAgain,
  tellHeldCaught,
  publishStatement,
  checkStatementSend,
  handToCustomerService,
  uploadChart,
  postResponse,
  refreshResponse,
  responseDue,
  remindResponse,
  escalateResponse,
  postQueueBoard,
  refreshQueueBoard,
  queueDue,
  remindQueue,
  planReviewDue,
  askPlanReview,
  drillStep,
  publishHome,
  refreshHomes,
  postQa,
  publishQa,
  postQaPart,
  askFeedback,
  sendAction,
  refreshAction,
  actionDue,
  remindAction,
  postFreezeBoard,
  refreshFreezeBoard,
  refreshFreezeRequest,
  freezeDue,
  tellResume,
] as const;

/** A registered job kind, whatever its payload. */
export type RegisteredJob = (typeof JOB_KINDS)[number];

/**
 * The kinds that show a change in a message that exists (or the topic): filed only by the one
 * change hook (services/changes.ts), which coalesces them and knows which message shows what.
 */
export const RENDER_KINDS = [
  setTopic,
  refreshSummary,
  refreshChecklist,
  refreshPage,
  refreshTriage,
  refreshDigest,
  refreshStatement,
  refreshFreezeBoard,
  refreshFreezeRequest,
  refreshHeldList,
  refreshResponse,
  refreshQueueBoard,
  refreshAction,
  publishQa,
  refreshHomes,
] as const;
export type RenderJob = (typeof RENDER_KINDS)[number];

/** The outbox as services file into it: registered kinds, re-renders excepted (they go through Changes). */
export type JobOutbox = Outbox<Exclude<RegisteredJob, RenderJob>>;
/** The outbox as the change hook files into it: re-renders only. */
export type RenderOutbox = Outbox<RenderJob>;

/** The kinds with their context, as the worker runs them. */
export const workerKinds = (ctx: JobContext): WorkerKind[] => JOB_KINDS.map((kind) => kind.bind(ctx));

/** Kinds that wait for a time rather than deliver something: not a backlog while they wait. */
export const DEADLINE_KINDS: readonly string[] = JOB_KINDS.filter((k) => k.deadline).map((k) => k.kind);
