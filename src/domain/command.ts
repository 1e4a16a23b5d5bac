import { SEVERITIES, type Severity } from '../config/plan-schema.js';
import { MAX_TITLE, MAX_UPDATE, cleanLine, cleanProse } from './text.js';

export type CrisisCommand =
  | { kind: 'open-modal' }
  | { kind: 'open'; severity: Severity; type: string; title: string }
  | { kind: 'status' }
  | { kind: 'update'; text: string }
  | { kind: 'escalate' }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'close'; summary: string | undefined }
  | { kind: 'list' }
  | { kind: 'help' }
  | { kind: 'invalid'; reason: string };

const isSeverity = (word: string): word is Severity => (SEVERITIES as readonly string[]).includes(word);

/**
 * Parses the text after `/crisis`. Anything that is not a known verb is `help`; a known verb
 * with bad arguments is `invalid` with a one-line reason for the caller.
 */
export function parseCommand(raw: string, crisisTypes: readonly string[]): CrisisCommand {
  const text = raw.trim();
  const [verb = '', ...rest] = text.split(/\s+/);
  const args = text.slice(verb.length).trim();
  switch (verb.toLowerCase()) {
    case 'open':
      return parseOpen(rest, crisisTypes);
    case 'status':
      return { kind: 'status' };
    case 'list':
      return { kind: 'list' };
    case 'escalate':
      return { kind: 'escalate' };
    case 'update': {
      const update = cleanProse(args);
      if (!update) return { kind: 'invalid', reason: 'Say what changed: `/crisis update <text>`.' };
      if (update.length > MAX_UPDATE) {
        return { kind: 'invalid', reason: `That update is ${update.length} characters; keep it under ${MAX_UPDATE}.` };
      }
      return { kind: 'update', text: update };
    }
    case 'severity': {
      const word = args.toLowerCase();
      if (!isSeverity(word)) return { kind: 'invalid', reason: 'Usage: `/crisis severity sev1|sev2|sev3`.' };
      return { kind: 'severity', severity: word };
    }
    case 'close': {
      const summary = cleanProse(args);
      if (summary.length > MAX_UPDATE) {
        return { kind: 'invalid', reason: `That summary is ${summary.length} characters; keep it under ${MAX_UPDATE}.` };
      }
      return { kind: 'close', summary: summary || undefined };
    }
    default:
      return { kind: 'help' };
  }
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
    else if (/^sev\d$/i.test(word)) return { kind: 'invalid', reason: `Unknown severity "${word}": use sev1, sev2 or sev3.` };
    else if (lower.startsWith('type:')) {
      type = lower.slice('type:'.length);
      if (!crisisTypes.includes(type)) {
        return { kind: 'invalid', reason: `Unknown crisis type "${type}": the plan has ${crisisTypes.join(', ')}.` };
      }
    } else break;
  }
  return validateOpen(severity, type, words.slice(i).join(' '));
}

/** Shared by the slash command and the modal, so both accept exactly the same titles. */
export function validateOpen(severity: Severity, type: string, rawTitle: string): CrisisCommand {
  const title = cleanLine(rawTitle);
  if (!title) return { kind: 'invalid', reason: 'Give the crisis a title: `/crisis open [sev1|sev2|sev3] [type:<name>] <title>`.' };
  if (title.length > MAX_TITLE) {
    return { kind: 'invalid', reason: `That title is ${title.length} characters; keep it under ${MAX_TITLE}.` };
  }
  return { kind: 'open', severity, type, title };
}
