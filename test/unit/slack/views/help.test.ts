import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../../src/slack/views/help.js';
import { examplePlanNow, viewContext } from '../../support.js';

describe('renderHelp', () => {
  it('lists every verb of the command and the plan types', () => {
    const text = renderHelp(viewContext(examplePlanNow()), ['default', 'data-breach']);
    for (const usage of [
      '/crisis open`',
      '/crisis open [sev1|sev2|sev3] [type:&lt;name&gt;] &lt;title&gt;',
      '/crisis status',
      '/crisis update &lt;text&gt;',
      '/crisis escalate',
      '/crisis close [summary]',
      '/crisis list',
    ]) {
      expect(text).toContain(usage);
    }
    expect(text).toContain('Crisis types: default, data-breach');
  });
});
