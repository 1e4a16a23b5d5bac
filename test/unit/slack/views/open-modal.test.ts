import type { InputBlock, PlainTextInput, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { MAX_TITLE } from '../../../../src/domain/text.js';
import { CallbackId, OpenModalField } from '../../../../src/slack/ids.js';
import { renderOpenModal } from '../../../../src/slack/views/open-modal.js';
import { examplePlanNow, viewContext } from '../../support.js';

describe('renderOpenModal', () => {
  const view = renderOpenModal(viewContext(examplePlanNow()), ['default', 'data-breach']);
  const inputs = view.blocks as InputBlock[];

  it('is a modal with the open callback id', () => {
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe(CallbackId.openModal);
    expect(view.callback_id).toBe('crisis_open_modal');
  });

  it('has the four fields, with the block and action ids the listener reads', () => {
    expect(inputs.map((b) => [b.type, b.block_id, b.element.action_id])).toEqual([
      ['input', OpenModalField.title.block, OpenModalField.title.action],
      ['input', OpenModalField.severity.block, OpenModalField.severity.action],
      ['input', OpenModalField.type.block, OpenModalField.type.action],
      ['input', OpenModalField.summary.block, OpenModalField.summary.action],
    ]);
    expect(inputs.map((b) => b.label.text)).toEqual(['Title', 'Severity', 'Type', 'What is happening']);
  });

  it('limits the title, offers the severities (sev2 first chosen) and the plan types', () => {
    expect((inputs[0]!.element as PlainTextInput).max_length).toBe(MAX_TITLE);
    const severity = inputs[1]!.element as StaticSelect;
    expect(severity.options!.map((o) => o.value)).toEqual(['sev1', 'sev2', 'sev3']);
    expect(severity.initial_option!.value).toBe('sev2');
    const type = inputs[2]!.element as StaticSelect;
    expect(type.options!.map((o) => o.value)).toEqual(['default', 'data-breach']);
    expect(type.initial_option!.value).toBe('default');
    // Shown in words; the codes stay the values.
    expect(severity.options!.map((o) => o.text.text)).toEqual(['🔴 SEV1 (critical)', '🟠 SEV2 (serious)', '🟡 SEV3 (limited)']);
    expect(type.options!.map((o) => o.text.text)).toEqual(['General', 'Data breach']);
  });

  it('makes only the summary optional', () => {
    expect(inputs.map((b) => b.optional ?? false)).toEqual([false, false, false, true]);
    expect((inputs[3]!.element as PlainTextInput).multiline).toBe(true);
  });
});
