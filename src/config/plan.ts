import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ConfigError } from './errors.js';
import type { Severity } from './severity.js';
import type { DoneWhen } from './done-when.js';
import { machineTimeZone } from './time-zone.js';
import type { Language } from '../i18n/languages.js';
import { planSchema, type RawPlan } from './plan-schema.js';
import { e164 } from './phone.js';
import { Messages } from '../i18n/messages.js';

export interface RosterMember {
  readonly name: string;
  /** Known for every member on a live plan's roster (see livePlan). */
  readonly slackId: string;
  readonly email: string | undefined;
  readonly roles: readonly string[];
  /** As the plan gives it; in international form (checked) where a stage may call them: see config/phone. */
  readonly phone: string | undefined;
}

export interface Stage {
  /** 1-based, as people count stages. */
  readonly number: number;
  readonly name: string;
  readonly page: readonly string[];
  /** Told when the stage is paged (a DM, invited), with no acknowledgement expected. */
  readonly inform: readonly string[];
  readonly ackTimeoutMs: number;
  /** Whoever the stage paged and has not acknowledged this long after is called (0: at once). */
  readonly phoneAfterMs: number | undefined;
}

export interface ChecklistTemplateItem {
  readonly text: string;
  readonly role: string | undefined;
  readonly dueMs: number | undefined;
  readonly doneWhen: DoneWhen | undefined;
}

export type Mandate = 'close' | 'escalate' | 'severity' | 'approve' | 'publish';

export interface PlanStatement {
  readonly id: string;
  readonly title: string;
  /** With `{title}` and `{company}` to fill in. */
  readonly text: string;
}

export interface Plan {
  /** Every message, button, modal and debrief speaks it. */
  readonly language: Language;
  /** IANA zone for the channel date, the debrief, reminders and status. */
  readonly timeZone: string;
  readonly channelPrefix: string;
  readonly debriefChannel: string | undefined;
  readonly roster: readonly RosterMember[];
  readonly stages: readonly Stage[];
  readonly startStage: Readonly<Record<Severity, number>>;
  /** What each severity means, for the summary. */
  readonly severityDescriptions: Readonly<Partial<Record<Severity, string>>>;
  /** The social-media policy, linked in the summary. */
  readonly policyUrl: string | undefined;
  readonly mandates: Readonly<Partial<Record<Mandate, readonly string[]>>>;
  readonly alerts:
    | {
        readonly channel: string;
        readonly openAt: Severity;
        /** Mentioned on every triage message (roles or roster names); none: stage 1. */
        readonly notify: readonly string[] | undefined;
        /** A triage message still undecided this long is reminded once. */
        readonly remindAfterMs: number;
      }
    | undefined;
  readonly thresholds: { readonly volumeRatio: number; readonly negativeShare: number };
  /** How often a status update is expected; a reminder goes out when one is overdue. */
  readonly statusUpdateEveryMs: number | undefined;
  /** How often Hootsuite is looked at again: held accounts (posts scheduled since), sent statements waiting for approval. */
  readonly hootsuiteRecheckMs: number;
  /** The target for the first public response (a statement published), from opening. */
  readonly firstResponseWithinMs: number;
  readonly checklists: Readonly<Record<string, readonly ChecklistTemplateItem[]>>;
  /** Pre-approved holding statements to start a draft from. */
  readonly statements: readonly PlanStatement[];
  /** Whether the author of a draft may approve it (off: four eyes). */
  readonly statementsSelfApprove: boolean;
  readonly company: string | undefined;
  /** The brand's public accounts: their owners are asked to pause scheduled posts at opening. */
  readonly accounts: readonly PlanAccount[];
  /** Where the internal Q&A is published and kept up to date. */
  readonly staffChannel: string | undefined;
  /** Where Customer service hands alerts over. */
  readonly customerServiceChannel: string | undefined;
  /** The only grounds on which a public post may be removed (criticism is not one). */
  readonly removalReasons: readonly string[];
  /** A response-queue item not handled this long after it was added is reminded, once. */
  readonly responseRemindAfterMs: number;
  /** Where queue items are posted; without it, in the thread of the queue's board in the crisis channel. */
  readonly responseQueueChannel: string | undefined;
  /** An unanswered call is repeated after `callAgainAfterMs`, `calls` times in all. */
  readonly phone: { readonly callAgainAfterMs: number; readonly calls: number };
  /** Who keeps the plan true (a role or roster name): confirms the roster, and the plan changes lessons ask for. */
  readonly owner: string | undefined;
  /** How often the owner is asked to confirm the roster and contacts. */
  readonly reviewEveryMs: number | undefined;
  /** Scripted drills: what plays the public, step by step. */
  readonly drills: readonly DrillScenario[];
}

/** One step of a drill's script, `atMs` after its start. */
export type DrillStep =
  | { readonly atMs: number; readonly kind: 'reading'; readonly source: string; readonly mentions: number; readonly negative: number }
  | { readonly atMs: number; readonly kind: 'post'; readonly platform: string; readonly author: string; readonly text: string }
  | { readonly atMs: number; readonly kind: 'alert'; readonly title: string; readonly source: string | undefined }
  | { readonly atMs: number; readonly kind: 'inject'; readonly text: string };

export interface DrillScenario {
  readonly id: string;
  readonly title: string;
  /** A crisis type of the plan: its checklist is the drill's. */
  readonly type: string;
  readonly severity: Severity;
  readonly script: readonly DrillStep[];
}

export interface PlanAccount {
  readonly name: string;
  readonly handle: string | undefined;
  /** A role or roster name. */
  readonly owner: string;
  /** Where its posts are scheduled, when the bot can hold them back itself. */
  readonly scheduler: { readonly kind: 'hootsuite'; readonly profileId: string } | undefined;
  /** Approved statements may be published here through the scheduler. */
  readonly publish: boolean;
}

/** The accounts whose scheduled posts the bot holds back itself through Hootsuite. */
export const hootsuiteAccounts = (plan: Pick<Plan, 'accounts'>): PlanAccount[] =>
  plan.accounts.filter((a) => a.scheduler?.kind === 'hootsuite');

/** A channel the plan names, by the field that names it (as start-up and /healthz say it). */
export interface PlanChannel {
  readonly field: string;
  readonly id: string;
}

/** Every channel the plan names, which the bot must be able to post to. */
export function planChannels(
  plan: Pick<Plan, 'alerts' | 'debriefChannel' | 'staffChannel' | 'customerServiceChannel' | 'responseQueueChannel'>,
): PlanChannel[] {
  const named: (PlanChannel | undefined)[] = [
    plan.alerts && { field: 'alerts.channel', id: plan.alerts.channel },
    plan.debriefChannel === undefined ? undefined : { field: 'debrief_channel', id: plan.debriefChannel },
    plan.staffChannel === undefined ? undefined : { field: 'staff_channel', id: plan.staffChannel },
    plan.customerServiceChannel === undefined ? undefined : { field: 'customer_service_channel', id: plan.customerServiceChannel },
    plan.responseQueueChannel === undefined ? undefined : { field: 'response_queue.channel', id: plan.responseQueueChannel },
  ];
  return named.filter((c): c is PlanChannel => c !== undefined);
}

/** A plan whose members given by email are not looked up yet. */
export type UnresolvedPlan = Omit<Plan, 'roster'> & {
  readonly roster: readonly (Omit<RosterMember, 'slackId'> & { readonly slackId: string | undefined })[];
};

type Path = readonly (string | number)[];

function describePath(path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');
}

/** The line of the deepest node on `path` that exists, so a missing key points at its parent. */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** What is wrong with a plan, each problem one line naming its file, line and field. */
export interface PlanReading {
  /** The plan, when nothing is wrong with it. */
  readonly plan: UnresolvedPlan | undefined;
  readonly problems: readonly string[];
}

/**
 * Reads a plan and finds every problem in it, not only the first: a plan kept in a repository
 * is fixed in one go (`npm run plan:check`). Start-up stops at the first (parsePlan).
 */
export function readPlan(text: string, file: string): PlanReading {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      plan: undefined,
      problems: doc.errors.map((syntax) => {
        const line = syntax.linePos?.[0].line;
        const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${file}${line ? `:${line}` : ''}: ${reason}`;
      }),
    };
  const problems: string[] = [];
  const report: Report = (path, message, at = path) => {
    const line = lineOf(doc, lines, at);
    const where = path.length ? `${describePath(path)} ` : '';
    problems.push(`${file}${line ? `:${line}` : ''}: ${where}${message}`);
  };

  const parsed = planSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) report(path, `has an unknown key "${key}"`, [...path, key]);
      // zod does not say whether the value was missing or of the wrong type; the document does.
      else if (issue.code === 'invalid_type' && !doc.hasIn(path)) report(path, 'is required');
      else report(path, issue.message);
    }
    return { plan: undefined, problems };
  }
  checkReferences(parsed.data, report);
  return problems.length ? { plan: undefined, problems } : { plan: planFrom(parsed.data), problems };
}

/** The plan, or a ConfigError with its first problem: a bad plan stops start-up naming the field. */
export function parsePlan(text: string, file: string): UnresolvedPlan {
  const { plan, problems } = readPlan(text, file);
  if (!plan) throw new ConfigError(problems[0]);
  return plan;
}

export function loadPlan(file: string): UnresolvedPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`CRISIS_PLAN ${file} cannot be read (${code ?? 'unknown error'})`);
  }
  return parsePlan(text, file);
}

/** Every role or name the plan refers to must exist: a typo here means nobody gets paged. */
function checkReferences(raw: RawPlan, report: Report): void {
  const known = checkRoster(raw, report);
  checkPeopleNamed(raw, known, report);
  checkStartStages(raw, report);
  checkAccounts(raw, known, report);
  checkStatementIds(raw, report);
  checkChecklists(raw, known, report);
  checkPhones(raw, report);
  checkDrills(raw, report);
}

/** Each drill's id once, and its type one the plan has a checklist for. */
function checkDrills(raw: RawPlan, report: Report): void {
  const ids = new Set<string>();
  raw.drills.forEach((d, i) => {
    if (ids.has(d.id)) report(['drills', i, 'id'], `"${d.id}" appears twice in drills`);
    ids.add(d.id);
    if (!Object.hasOwn(raw.checklists, d.type))
      report(['drills', i, 'type'], `"${d.type}" is not a crisis type of the plan (${Object.keys(raw.checklists).join(', ')})`);
  });
}

/**
 * A stage that calls needs a number it can dial for each member it pages: in international
 * form (a missing country code would ring the wrong country, or nobody, at 3 a.m.).
 */
function checkPhones(raw: RawPlan, report: Report): void {
  const calling = raw.stages.filter((s) => s.phone_after !== undefined);
  if (calling.length === 0) return;
  const refs = new Set(calling.flatMap((s) => s.page));
  raw.roster.forEach((m, i) => {
    if (!refs.has(m.name) && !m.roles.some((r) => refs.has(r))) return;
    const stage = calling.find((s) => s.page.includes(m.name) || m.roles.some((r) => s.page.includes(r)))!;
    if (m.phone === undefined) report(['roster', i, 'phone'], `is required: ${m.name} is paged by "${stage.name}", which has phone_after`);
    else if (e164(m.phone) === undefined)
      report(['roster', i, 'phone'], `"${m.phone}" (${m.name}) is not a phone number in international form (E.164, e.g. +46701234567)`);
  });
}

/** Records a problem on the field at `path` (its line: `at`'s, when given) and goes on. */
type Report = (path: Path, message: string, at?: Path) => void;
/** Whether a reference is a role someone on the roster has, or a roster member's name. */
type Known = (ref: string) => boolean;

const notKnown = (ref: string) => `"${ref}" is neither a role nor a roster member`;

/** Each roster name once; what a reference may name (a role or a member). */
function checkRoster(raw: RawPlan, report: Report): Known {
  const names = new Set<string>();
  raw.roster.forEach((m, i) => {
    if (names.has(m.name)) report(['roster', i, 'name'], `"${m.name}" appears twice in the roster`);
    names.add(m.name);
  });
  const roles = new Set(raw.roster.flatMap((m) => m.roles));
  return (ref) => roles.has(ref) || names.has(ref);
}

/** Who each stage pages and informs, who triage notifies, who holds each mandate. */
function checkPeopleNamed(raw: RawPlan, known: Known, report: Report): void {
  const checkRefs = (list: readonly string[] | undefined, path: Path) =>
    list?.forEach((ref, i) => {
      if (!known(ref)) report([...path, i], notKnown(ref));
    });
  raw.stages.forEach((s, i) => {
    checkRefs(s.page, ['stages', i, 'page']);
    checkRefs(s.inform, ['stages', i, 'inform']);
  });
  checkRefs(raw.alerts?.notify, ['alerts', 'notify']);
  for (const mandate of ['close', 'escalate', 'severity', 'approve', 'publish'] as const) {
    checkRefs(raw.mandates[mandate], ['mandates', mandate]);
  }
  if (raw.owner !== undefined && !known(raw.owner)) report(['owner'], notKnown(raw.owner));
  if (raw.review_every !== undefined && raw.owner === undefined)
    report(['review_every'], 'needs owner: the roster member or role reminded to confirm the plan');
}

/** A severity cannot start at a stage the plan does not have. */
function checkStartStages(raw: RawPlan, report: Report): void {
  for (const [sev, value] of Object.entries(raw.severities)) {
    if (value.start_stage !== undefined && value.start_stage > raw.stages.length) {
      report(['severities', sev, 'start_stage'], `is ${value.start_stage} but the plan has ${raw.stages.length} stages`);
    }
  }
}

/** Each account has a known owner and is listed once (by name and handle). */
function checkAccounts(raw: RawPlan, known: Known, report: Report): void {
  const accountNames = new Set<string>();
  raw.accounts.forEach((a, i) => {
    if (!known(a.owner)) report(['accounts', i, 'owner'], notKnown(a.owner));
    const key = `${a.name} ${a.handle ?? ''}`;
    if (accountNames.has(key)) report(['accounts', i, 'name'], `"${a.name}${a.handle ? ` ${a.handle}` : ''}" appears twice in accounts`);
    accountNames.add(key);
  });
}

function checkStatementIds(raw: RawPlan, report: Report): void {
  const statementIds = new Set<string>();
  raw.statements.forEach((s, i) => {
    if (statementIds.has(s.id)) report(['statements', i, 'id'], `"${s.id}" appears twice in statements`);
    statementIds.add(s.id);
  });
}

/** The condition an item ticks on: `done_when`, or the older `first_response: true`. */
export function doneWhenOf(item: RawPlan['checklists'][string][number]): DoneWhen | undefined {
  return item.done_when ?? (item.first_response ? 'first_response' : undefined);
}

/**
 * Each condition ticks at most one item per checklist (the first public response is one item),
 * and only where it can happen: a freeze needs accounts, a Q&A a staff channel. Each role is known.
 */
function checkChecklists(raw: RawPlan, known: Known, report: Report): void {
  const needs: Partial<Record<DoneWhen, string | undefined>> = {
    all_accounts_paused: raw.accounts.length === 0 ? 'needs accounts in the plan to pause' : undefined,
    qa_published: raw.staff_channel === undefined ? 'needs staff_channel, where the Q&A is published' : undefined,
  };
  for (const [type, items] of Object.entries(raw.checklists)) {
    const seen = new Set<DoneWhen>();
    items.forEach((item, i) => {
      if (item.done_when !== undefined && item.first_response && item.done_when !== 'first_response')
        report(['checklists', type, i, 'first_response'], `contradicts done_when: ${item.done_when}; keep one of them`);
      const when = doneWhenOf(item);
      const field = item.done_when !== undefined ? 'done_when' : 'first_response';
      if (when !== undefined && seen.has(when))
        report(['checklists', type, i, field], `${when} is set on more than one item; it ticks one item`);
      if (when !== undefined) seen.add(when);
      const missing = when && needs[when];
      if (missing) report(['checklists', type, i, field], `${when} ${missing}`);
      if (item.role !== undefined && !known(item.role)) report(['checklists', type, i, 'role'], notKnown(item.role));
    });
  }
}

/** The plan as the bot reads it, from a plan whose references were checked; frozen. */
function planFrom(raw: RawPlan): UnresolvedPlan {
  return deepFreeze({
    language: raw.language,
    timeZone: raw.timezone ?? machineTimeZone(),
    channelPrefix: raw.channel_prefix,
    debriefChannel: raw.debrief_channel,
    roster: raw.roster.map((m) => ({
      name: m.name,
      slackId: m.slack_id,
      email: m.email,
      roles: m.roles,
      phone: m.phone,
    })),
    stages: raw.stages.map((s, i) => ({
      number: i + 1,
      name: s.name,
      page: s.page,
      inform: s.inform ?? [],
      ackTimeoutMs: s.ack_timeout,
      phoneAfterMs: s.phone_after,
    })),
    startStage: {
      sev1: raw.severities.sev1?.start_stage ?? 1,
      sev2: raw.severities.sev2?.start_stage ?? 1,
      sev3: raw.severities.sev3?.start_stage ?? 1,
    },
    severityDescriptions: Object.fromEntries(
      Object.entries(raw.severities).flatMap(([sev, value]) => (value.description ? [[sev, value.description]] : [])),
    ),
    policyUrl: raw.policy_url,
    mandates: raw.mandates,
    alerts: raw.alerts && {
      channel: raw.alerts.channel,
      openAt: raw.alerts.open_at,
      notify: raw.alerts.notify,
      remindAfterMs: raw.alerts.remind_after,
    },
    thresholds: { volumeRatio: raw.thresholds.volume_ratio, negativeShare: raw.thresholds.negative_share },
    statusUpdateEveryMs: raw.status_updates?.every,
    hootsuiteRecheckMs: raw.hootsuite_recheck,
    firstResponseWithinMs: raw.first_response_within,
    statements: raw.statements.map((s) => ({ id: s.id, title: s.title, text: s.text })),
    statementsSelfApprove: raw.statements_self_approve,
    company: raw.company,
    accounts: raw.accounts.map((a) => ({
      name: a.name,
      handle: a.handle,
      owner: a.owner,
      scheduler: a.scheduler && a.profile_id !== undefined ? { kind: a.scheduler, profileId: a.profile_id } : undefined,
      publish: a.publish,
    })),
    staffChannel: raw.staff_channel,
    customerServiceChannel: raw.customer_service_channel,
    removalReasons: raw.removal_reasons ?? defaultRemovalReasons(raw.language),
    responseRemindAfterMs: raw.response_queue.remind_after,
    responseQueueChannel: raw.response_queue.channel,
    phone: { callAgainAfterMs: raw.phone.call_again_after, calls: raw.phone.calls },
    owner: raw.owner,
    reviewEveryMs: raw.review_every,
    drills: raw.drills.map((d) => ({ id: d.id, title: d.title, type: d.type, severity: d.severity, script: d.script.map(drillStepOf) })),
    checklists: Object.fromEntries(
      Object.entries(raw.checklists).map(([type, items]) => [
        type,
        items.map((it) => ({ text: it.text, role: it.role, dueMs: it.due, doneWhen: doneWhenOf(it) })),
      ]),
    ),
  });
}

function drillStepOf(s: RawPlan['drills'][number]['script'][number]): DrillStep {
  const atMs = s.at;
  if (s.reading) return { atMs, kind: 'reading', ...s.reading };
  if (s.post) return { atMs, kind: 'post', ...s.post };
  if (s.alert) return { atMs, kind: 'alert', title: s.alert.title, source: s.alert.source };
  return { atMs, kind: 'inject', text: s.inject! };
}

/** The grounds the guides name for removing a post (hate speech, racism …), in the team's language. */
export function defaultRemovalReasons(language: Language): string[] {
  return new Messages(language, 'UTC').t('responses.defaultReasons').split(/\s*,\s*/);
}

/**
 * The plan as the bot runs it: its roster is the members whose Slack user is known by now
 * (RosterDirectory matches the others after start-up), everything else as written.
 */
export function livePlan(plan: UnresolvedPlan, roster: () => readonly RosterMember[]): Plan {
  const { roster: _written, ...rest } = plan;
  return Object.freeze(Object.defineProperty({ ...rest }, 'roster', { get: roster, enumerable: true })) as Plan;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
