import { isSeverity, type Severity } from '../config/severity.js';
import { MAX_TITLE, MAX_UPDATE, cleanLine, cleanProse, typedText } from './text.js';
import { parseQa } from './learning.js';
import { parsePostUrl } from './responses.js';

/** What is wrong with what was typed after `/crisis`; the caller is told in the plan's language. */
export type CommandProblem =
  | { readonly code: 'update_empty' }
  | { readonly code: 'update_too_long'; readonly length: number; readonly max: number }
  | { readonly code: 'severity_usage' }
  | { readonly code: 'close_summary_too_long'; readonly length: number; readonly max: number }
  | { readonly code: 'unknown_severity'; readonly word: string }
  | { readonly code: 'unknown_type'; readonly type: string; readonly known: readonly string[] }
  | { readonly code: 'title_missing' }
  | { readonly code: 'title_too_long'; readonly length: number; readonly max: number }
  | { readonly code: 'retitle_usage' }
  | { readonly code: 'type_usage'; readonly known: readonly string[] }
  | { readonly code: 'lead_usage' }
  | { readonly code: 'respond_usage' }
  | { readonly code: 'qa_usage' }
  | { readonly code: 'lesson_usage' }
  | { readonly code: 'action_usage' }
  | { readonly code: 'action_bad_date'; readonly date: string }
  | { readonly code: 'call_usage' }
  | { readonly code: 'drill_usage' }
  | { readonly code: 'text_too_long'; readonly length: number; readonly max: number };

export type CrisisCommand =
  | { kind: 'open-modal' }
  | { kind: 'open'; severity: Severity; type: string; title: string }
  | { kind: 'status' }
  | { kind: 'update'; text: string }
  | { kind: 'escalate' }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'close'; summary: string | undefined }
  | { kind: 'list' }
  | { kind: 'title'; title: string }
  | { kind: 'type'; type: string }
  | { kind: 'lead'; userId: string }
  | { kind: 'statement-modal' }
  | { kind: 'statement'; text: string }
  | { kind: 'freeze' }
  | { kind: 'respond'; url: string; note: string | undefined }
  | { kind: 'qa'; question: string; answer: string }
  | { kind: 'qa-publish' }
  | { kind: 'lesson'; text: string; planChange: boolean }
  | { kind: 'action'; ownerId: string; text: string; dueOn: string | undefined }
  | { kind: 'call'; userId: string }
  | { kind: 'chart' }
  | { kind: 'plan' }
  | { kind: 'drill'; scenario: string | undefined }
  | { kind: 'help' }
  | { kind: 'invalid'; problem: CommandProblem };

const invalid = (problem: CommandProblem): CrisisCommand => ({ kind: 'invalid', problem });

/** What a verb makes of the words after it; `open` and `type` check them against the plan's crisis types. */
type VerbParser = (args: string, crisisTypes: readonly string[]) => CrisisCommand;

/**
 * Verbs read from the text as Slack sent it (references and entities): their argument is a
 * mention, <@U…|name>, which typedText would turn into a name that could be anyone.
 */
const REFERENCE_VERBS = {
  lead: parseLead,
  action: parseAction,
  call: parseCall,
} satisfies Record<string, VerbParser>;

/** Every other verb, read from the text as it was typed (entities decoded, references as they showed). */
const TYPED_VERBS = {
  open: (args, crisisTypes) => parseOpen(args ? args.split(/\s+/) : [], crisisTypes),
  status: () => ({ kind: 'status' }),
  list: () => ({ kind: 'list' }),
  escalate: () => ({ kind: 'escalate' }),
  update: parseUpdate,
  severity: parseSeverity,
  close: parseClose,
  title: parseTitle,
  freeze: () => ({ kind: 'freeze' }),
  statement: parseStatement,
  type: parseType,
  respond: parseRespond,
  chart: () => ({ kind: 'chart' }),
  qa: parseQaCommand,
  lesson: parseLesson,
  plan: () => ({ kind: 'plan' }),
  drill: (args) => (/\s/.test(args) ? invalid({ code: 'drill_usage' }) : { kind: 'drill', scenario: args.toLowerCase() || undefined }),
} satisfies Record<string, VerbParser>;

export type CommandVerb = keyof typeof REFERENCE_VERBS | keyof typeof TYPED_VERBS;

/** Every verb `/crisis` knows; anything else is help. The manifest's usage hint names each. */
export const COMMAND_VERBS = [...Object.keys(REFERENCE_VERBS), ...Object.keys(TYPED_VERBS)] as CommandVerb[];

/** The parser of `verb` in `table`, if it is one of its own keys (not `constructor` or `__proto__`). */
const parserOf = (table: Record<string, VerbParser>, verb: string): VerbParser | undefined =>
  Object.hasOwn(table, verb) ? table[verb] : undefined;

/**
 * Parses the text after `/crisis`. Anything that is not a known verb is `help`; a known verb
 * with bad arguments is `invalid`, with the problem for the caller.
 */
export function parseCommand(raw: string, crisisTypes: readonly string[]): CrisisCommand {
  const [rawVerb = ''] = raw.trim().split(/\s+/);
  const byReference = parserOf(REFERENCE_VERBS, rawVerb.toLowerCase());
  if (byReference) return byReference(raw.trim().slice(rawVerb.length).trim(), crisisTypes);
  const text = typedText(raw).trim();
  const [verb = ''] = text.split(/\s+/);
  const typed = parserOf(TYPED_VERBS, verb.toLowerCase());
  return typed ? typed(text.slice(verb.length).trim(), crisisTypes) : { kind: 'help' };
}

function parseUpdate(args: string): CrisisCommand {
  const update = cleanProse(args);
  if (!update) return invalid({ code: 'update_empty' });
  if (update.length > MAX_UPDATE) return invalid({ code: 'update_too_long', length: update.length, max: MAX_UPDATE });
  return { kind: 'update', text: update };
}

function parseSeverity(args: string): CrisisCommand {
  const word = args.toLowerCase();
  if (!isSeverity(word)) return invalid({ code: 'severity_usage' });
  return { kind: 'severity', severity: word };
}

function parseClose(args: string): CrisisCommand {
  const summary = cleanProse(args);
  if (summary.length > MAX_UPDATE) return invalid({ code: 'close_summary_too_long', length: summary.length, max: MAX_UPDATE });
  return { kind: 'close', summary: summary || undefined };
}

/** A new title obeys the rules of an opening title; without one, the usage of `title`. */
function parseTitle(args: string): CrisisCommand {
  if (!args) return invalid({ code: 'retitle_usage' });
  const open = validateOpen('sev2', 'default', args);
  if (open.kind === 'open') return { kind: 'title', title: open.title };
  return open.kind === 'invalid' && open.problem.code === 'title_missing' ? invalid({ code: 'retitle_usage' }) : open;
}

/** `statement` alone opens the form; with text, a draft at once. */
function parseStatement(args: string): CrisisCommand {
  const statement = cleanProse(args);
  return statement ? { kind: 'statement', text: statement } : { kind: 'statement-modal' };
}

function parseType(args: string, crisisTypes: readonly string[]): CrisisCommand {
  const type = args.toLowerCase();
  if (!type) return invalid({ code: 'type_usage', known: crisisTypes });
  if (!crisisTypes.includes(type)) return invalid({ code: 'unknown_type', type, known: crisisTypes });
  return { kind: 'type', type };
}

/** `qa <question> | <answer>`, or `qa publish`. */
function parseQaCommand(args: string): CrisisCommand {
  if (args.toLowerCase() === 'publish') return { kind: 'qa-publish' };
  const qa = parseQa(cleanProse(typedText(args)));
  if (!qa) return invalid({ code: 'qa_usage' });
  return tooLong(qa.question.length + qa.answer.length, MAX_UPDATE) ?? { kind: 'qa', ...qa };
}

function parseLesson(args: string): CrisisCommand {
  const lesson = cleanProse(typedText(args));
  if (!lesson) return invalid({ code: 'lesson_usage' });
  // `plan: …`: a lesson that changes the crisis plan, listed as such in the debrief.
  const plan = /^plan:\s*([\s\S]+)$/i.exec(lesson);
  const text = plan ? plan[1]!.trim() : lesson;
  return tooLong(text.length, MAX_UPDATE) ?? { kind: 'lesson', text, planChange: plan !== null };
}

/**
 * `action <@U…|name> [YYYY-MM-DD] text`: the owner by id, as Slack sends a mention; the day it
 * is due, if the text starts with one; the text as typed.
 */
function parseAction(args: string): CrisisCommand {
  const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s+(?:(\d{4}-\d\d-\d\d)\s+)?([\s\S]+)$/.exec(args);
  const text = m ? cleanProse(typedText(m[3]!)) : '';
  if (!m || !text) return invalid({ code: 'action_usage' });
  const dueOn = m[2];
  if (dueOn !== undefined && !isCalendarDay(dueOn)) return invalid({ code: 'action_bad_date', date: dueOn });
  return tooLong(text.length, MAX_NOTE) ?? { kind: 'action', ownerId: m[1]!, text, dueOn };
}

/** A day the calendar has: 2026-02-30 is not one. */
function isCalendarDay(day: string): boolean {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Longest note on a queued post, and longest follow-up action. */
export const MAX_NOTE = 500;

const tooLong = (length: number, max: number): CrisisCommand | undefined =>
  length > max ? invalid({ code: 'text_too_long', length, max }) : undefined;

/** `respond <url> [note]`: Slack sends the link as `<https://…>` (or `<https://…|label>`). */
function parseRespond(args: string): CrisisCommand {
  const [first = '', ...rest] = args.split(/\s+/);
  const raw = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(first)?.[1] ?? first;
  const url = parsePostUrl(raw.replace(/&amp;/g, '&'));
  if (!url) return invalid({ code: 'respond_usage' });
  const note = cleanProse(typedText(rest.join(' ')));
  return tooLong(note.length, MAX_NOTE) ?? { kind: 'respond', url: url.toString(), note: note || undefined };
}

/** Slack sends a mention as <@U123|name> (or <@U123>); a bare name could be anyone. */
function parseLead(args: string): CrisisCommand {
  const userId = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args)?.[1];
  return userId ? { kind: 'lead', userId } : invalid({ code: 'lead_usage' });
}

function parseCall(args: string): CrisisCommand {
  const userId = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args)?.[1];
  return userId ? { kind: 'call', userId } : invalid({ code: 'call_usage' });
}

function parseOpen(words: string[], crisisTypes: readonly string[]): CrisisCommand {
  if (words.length === 0) return { kind: 'open-modal' };
  let severity: Severity = 'sev2';
  let type = 'default';
  let i = 0;
  // Options come first, in any order; the rest is the title, so "open sev1 sev1 outage" works.
  for (; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    if (isSeverity(lower)) severity = lower;
    else if (/^sev\d$/i.test(word)) return invalid({ code: 'unknown_severity', word });
    else if (lower.startsWith('type:')) {
      type = lower.slice('type:'.length);
      if (!crisisTypes.includes(type)) return invalid({ code: 'unknown_type', type, known: crisisTypes });
    } else break;
  }
  return validateOpen(severity, type, words.slice(i).join(' '));
}

/** Shared by the slash command and the modal, so both accept exactly the same titles. */
export function validateOpen(severity: Severity, type: string, rawTitle: string): CrisisCommand {
  const title = cleanLine(rawTitle);
  if (!title) return invalid({ code: 'title_missing' });
  if (title.length > MAX_TITLE) return invalid({ code: 'title_too_long', length: title.length, max: MAX_TITLE });
  return { kind: 'open', severity, type, title };
}
