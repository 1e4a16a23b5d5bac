import { describe, expect, it } from 'vitest';
import { COMMAND_VERBS, parseCommand, validateOpen, type CommandProblem } from '../../../src/domain/command.js';
import { MAX_TITLE, MAX_UPDATE } from '../../../src/domain/text.js';

const TYPES = ['default', 'data-breach'] as const;
const parse = (text: string) => parseCommand(text, TYPES);

/** What is wrong with `text`; the caller's words for it are tested with the views (answers). */
function problem(text: string): CommandProblem {
  const result = parse(text);
  if (result.kind !== 'invalid') throw new Error(`expected ${text} to be invalid, got ${result.kind}`);
  return result.problem;
}

describe('parseCommand: open', () => {
  it('opens the modal when no title is given', () => {
    expect(parse('open')).toEqual({ kind: 'open-modal' });
    expect(parse('  open  ')).toEqual({ kind: 'open-modal' });
  });

  it('opens at once with the default severity sev2 and type default', () => {
    expect(parse('open Boycott call trending on Instagram')).toEqual({
      kind: 'open',
      severity: 'sev2',
      type: 'default',
      title: 'Boycott call trending on Instagram',
    });
  });

  it('takes the severity and type in any order, case-insensitively', () => {
    const expected = { kind: 'open', severity: 'sev1', type: 'data-breach', title: 'Customer data leaked' };
    expect(parse('open sev1 type:data-breach Customer data leaked')).toEqual(expected);
    expect(parse('open type:data-breach sev1 Customer data leaked')).toEqual(expected);
    expect(parse('OPEN SEV1 Type:Data-Breach Customer data leaked')).toEqual(expected);
  });

  it('keeps words after the title as title, even option-like ones', () => {
    expect(parse('open sev3 Outage sev1 type:data-breach')).toEqual({
      kind: 'open',
      severity: 'sev3',
      type: 'default',
      title: 'Outage sev1 type:data-breach',
    });
  });

  it('accepts each severity', () => {
    for (const sev of ['sev1', 'sev2', 'sev3'] as const) {
      expect(parse(`open ${sev} Title`)).toMatchObject({ kind: 'open', severity: sev });
    }
  });

  it('refuses an unknown severity, naming it', () => {
    expect(problem('open sev4 Something happened')).toEqual({ code: 'unknown_severity', word: 'sev4' });
  });

  it('refuses an unknown type, listing the plan types', () => {
    expect(problem('open type:volcano Something happened')).toEqual({ code: 'unknown_type', type: 'volcano', known: TYPES });
  });

  it('refuses an empty title', () => {
    expect(problem('open sev1')).toEqual({ code: 'title_missing' });
    expect(problem('open sev1 type:default')).toEqual({ code: 'title_missing' });
    expect(problem('open \u0007\u0000')).toEqual({ code: 'title_missing' });
  });

  it('refuses a title that is too long', () => {
    expect(problem(`open ${'x'.repeat(5000)}`)).toEqual({ code: 'title_too_long', length: 5000, max: MAX_TITLE });
    expect(parse(`open ${'x'.repeat(MAX_TITLE)}`)).toMatchObject({ kind: 'open' });
    expect(parse(`open ${'x'.repeat(MAX_TITLE + 1)}`).kind).toBe('invalid');
  });

  it('strips control characters and collapses whitespace in titles', () => {
    const result = parse('open Bell\u0007 and\u0000null \u202eRTL\u200b zero  width\ttab');
    expect(result).toMatchObject({ kind: 'open', title: 'Bell and null RTL zero width tab' });
    // eslint-disable-next-line no-control-regex -- the test checks that no control character is left
    expect((result as { title: string }).title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
  });
});

describe('validateOpen', () => {
  it('cleans the title the modal gives, like the command', () => {
    expect(validateOpen('sev1', 'default', '  Line\nbreak  ')).toEqual({
      kind: 'open',
      severity: 'sev1',
      type: 'default',
      title: 'Line break',
    });
    expect(validateOpen('sev1', 'default', '   ').kind).toBe('invalid');
  });
});

describe('parseCommand: other verbs', () => {
  it('status, list, escalate', () => {
    expect(parse('status')).toEqual({ kind: 'status' });
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('escalate')).toEqual({ kind: 'escalate' });
    expect(parse('  STATUS ')).toEqual({ kind: 'status' });
  });

  it('update keeps the text, line breaks included', () => {
    expect(parse('update Holding statement is out')).toEqual({ kind: 'update', text: 'Holding statement is out' });
    expect(parse('update First line\nsecond  line\u0007')).toEqual({ kind: 'update', text: 'First line\nsecond line' });
  });

  it('update refuses empty or over-long text', () => {
    expect(problem('update')).toEqual({ code: 'update_empty' });
    expect(problem('update   ')).toEqual({ code: 'update_empty' });
    expect(problem(`update ${'y'.repeat(MAX_UPDATE + 1)}`)).toEqual({ code: 'update_too_long', length: MAX_UPDATE + 1, max: MAX_UPDATE });
  });

  it('close takes an optional summary', () => {
    expect(parse('close')).toEqual({ kind: 'close', summary: undefined });
    expect(parse('close   ')).toEqual({ kind: 'close', summary: undefined });
    expect(parse('close Statement published, calm again')).toEqual({ kind: 'close', summary: 'Statement published, calm again' });
    expect(problem(`close ${'z'.repeat(MAX_UPDATE + 1)}`)).toEqual({
      code: 'close_summary_too_long',
      length: MAX_UPDATE + 1,
      max: MAX_UPDATE,
    });
  });

  it('severity takes one of the three severities', () => {
    expect(parse('severity sev1')).toEqual({ kind: 'severity', severity: 'sev1' });
    expect(parse('severity SEV3')).toEqual({ kind: 'severity', severity: 'sev3' });
    expect(parse('severity sev4').kind).toBe('invalid');
    expect(parse('severity').kind).toBe('invalid');
  });

  it('answers help for help, nothing, and unknown verbs', () => {
    for (const text of ['help', '', '   ', 'opne sev1 typo', 'delete everything', 'statuses']) {
      expect(parse(text)).toEqual({ kind: 'help' });
    }
  });

  it('title, type and lead amend a crisis; each says how to use it when it cannot', () => {
    expect(parse('title Boycott call after the viral video')).toEqual({ kind: 'title', title: 'Boycott call after the viral video' });
    expect(parse('title')).toEqual({ kind: 'invalid', problem: { code: 'retitle_usage' } });
    expect(parse(`title ${'x'.repeat(MAX_TITLE + 1)}`)).toEqual({
      kind: 'invalid',
      problem: { code: 'title_too_long', length: MAX_TITLE + 1, max: MAX_TITLE },
    });
    expect(parse('type Data-Breach')).toEqual({ kind: 'type', type: 'data-breach' });
    expect(parse('type')).toEqual({ kind: 'invalid', problem: { code: 'type_usage', known: TYPES } });
    expect(parse('type volcano')).toEqual({ kind: 'invalid', problem: { code: 'unknown_type', type: 'volcano', known: TYPES } });
    expect(parse('lead <@U0OMAR|omar>')).toEqual({ kind: 'lead', userId: 'U0OMAR' });
    expect(parse('lead <@W0ANNA>')).toEqual({ kind: 'lead', userId: 'W0ANNA' });
    for (const text of ['lead', 'lead omar', 'lead @omar', 'lead <@U0OMAR|omar> <@U0ANNA|anna>', 'lead <#C0GENERAL|general>']) {
      expect(parse(text), text).toEqual({ kind: 'invalid', problem: { code: 'lead_usage' } });
    }
  });

  it('reads what was typed as it was meant: references as they showed, entities as characters', () => {
    expect(parse('open Q&amp;A leak &lt;draft&gt; in <#C0GENERAL|general>')).toMatchObject({
      kind: 'open',
      title: 'Q&A leak <draft> in #general',
    });
    expect(parse('update Call <@U0OMAR|omar> now, see <https://example.com/post|the post>')).toEqual({
      kind: 'update',
      text: 'Call @omar now, see https://example.com/post',
    });
    expect(parse('title <!here> outage')).toEqual({ kind: 'title', title: '@here outage' });
  });
});

describe('parseCommand: answering, briefing, learning', () => {
  it('respond takes a link (as typed or as Slack escapes it) and an optional note', () => {
    expect(parse('respond <https://x.com/a/status/1?s=20&amp;t=9> Angry reporter')).toEqual({
      kind: 'respond',
      url: 'https://x.com/a/status/1?s=20&t=9',
      note: 'Angry reporter',
    });
    expect(parse('respond https://forum.example.org/t/1')).toEqual({
      kind: 'respond',
      url: 'https://forum.example.org/t/1',
      note: undefined,
    });
    expect(parse('respond')).toEqual({ kind: 'invalid', problem: { code: 'respond_usage' } });
    expect(parse('respond example dot com')).toEqual({ kind: 'invalid', problem: { code: 'respond_usage' } });
    expect(parse(`respond https://x.com/a ${'n'.repeat(501)}`)).toEqual({
      kind: 'invalid',
      problem: { code: 'text_too_long', length: 501, max: 500 },
    });
  });

  it('qa takes a question and an answer, or publish', () => {
    expect(parse('qa Is it safe? | No: unplug it')).toEqual({ kind: 'qa', question: 'Is it safe?', answer: 'No: unplug it' });
    expect(parse('qa PUBLISH')).toEqual({ kind: 'qa-publish' });
    expect(parse('qa Is it safe?')).toEqual({ kind: 'invalid', problem: { code: 'qa_usage' } });
  });

  it('lesson takes text; action takes a mention, as Slack sends it, and text', () => {
    expect(parse('lesson Pause Instagram first')).toEqual({ kind: 'lesson', text: 'Pause Instagram first', planChange: false });
    // `plan:` marks a change to the crisis plan; the rest is the lesson.
    expect(parse('lesson plan: Add TikTok to the accounts')).toEqual({
      kind: 'lesson',
      text: 'Add TikTok to the accounts',
      planChange: true,
    });
    expect(parse('lesson Plan:Add TikTok')).toEqual({ kind: 'lesson', text: 'Add TikTok', planChange: true });
    expect(parse('lesson   ')).toEqual({ kind: 'invalid', problem: { code: 'lesson_usage' } });
    expect(parse('action <@U0KASIA|kasia> Update the FAQ')).toEqual({
      kind: 'action',
      ownerId: 'U0KASIA',
      text: 'Update the FAQ',
      dueOn: undefined,
    });
    // A due day first, if any; a day the calendar lacks is refused, naming it.
    expect(parse('action <@U0KASIA|kasia> 2026-12-20 Update the FAQ')).toEqual({
      kind: 'action',
      ownerId: 'U0KASIA',
      text: 'Update the FAQ',
      dueOn: '2026-12-20',
    });
    expect(parse('action <@U0KASIA> 2026-02-30 Update the FAQ')).toEqual({
      kind: 'invalid',
      problem: { code: 'action_bad_date', date: '2026-02-30' },
    });
    expect(parse('action <@U0KASIA> 2026-12-20')).toEqual({ kind: 'action', ownerId: 'U0KASIA', text: '2026-12-20', dueOn: undefined });
    expect(parse('action @kasia Update the FAQ')).toEqual({ kind: 'invalid', problem: { code: 'action_usage' } });
    expect(parse('action <@U0KASIA>')).toEqual({ kind: 'invalid', problem: { code: 'action_usage' } });
  });

  it('call takes one mention, as Slack sends it', () => {
    expect(parse('call <@U0OMAR|omar>')).toEqual({ kind: 'call', userId: 'U0OMAR' });
    expect(parse('call <@U0OMAR>')).toEqual({ kind: 'call', userId: 'U0OMAR' });
    expect(parse('call @omar')).toEqual({ kind: 'invalid', problem: { code: 'call_usage' } });
    expect(parse('call')).toEqual({ kind: 'invalid', problem: { code: 'call_usage' } });
  });
});

describe('COMMAND_VERBS', () => {
  it('lists every verb the parser knows, each of which is more than help', () => {
    expect([...COMMAND_VERBS].sort()).toEqual(
      [
        'action',
        'call',
        'chart',
        'close',
        'drill',
        'escalate',
        'freeze',
        'lead',
        'lesson',
        'list',
        'open',
        'plan',
        'qa',
        'respond',
        'severity',
        'statement',
        'status',
        'title',
        'type',
        'update',
      ].sort(),
    );
    for (const verb of COMMAND_VERBS) expect(parse(verb).kind, verb).not.toBe('help');
  });

  it('is not fooled by the names every object has', () => {
    for (const text of ['constructor', '__proto__', 'toString x', 'hasOwnProperty']) expect(parse(text), text).toEqual({ kind: 'help' });
  });
});
