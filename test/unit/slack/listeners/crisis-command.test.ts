import { Writable } from 'node:stream';
import type { App, RespondArguments } from '@slack/bolt';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import { CallbackId } from '../../../../src/slack/ids.js';
import { registerCrisisCommand, type CrisisCommandDeps } from '../../../../src/slack/listeners/commands/crisis.js';
import { renderRefusal, renderSomethingWentWrong } from '../../../../src/slack/views/answers.js';
import { renderHelp } from '../../../../src/slack/views/help.js';
import { T0, crisisRow, examplePlan, viewContext } from '../../support.js';

/**
 * `/crisis` with only the slice of the listener deps it declares, Bolt's arguments recorded:
 * the paths the end-to-end tests cannot reach (Slack refusing to open a form, a bug in a service).
 */

let plan: Plan;
beforeAll(() => {
  plan = examplePlan();
});

/** A service nobody should call in the case at hand: any use of it fails the test. */
const untouched = <K extends keyof CrisisCommandDeps>(name: K): CrisisCommandDeps[K] =>
  new Proxy(
    {},
    {
      get: (_, key) => () => {
        throw new Error(`${name}.${String(key)} was not expected`);
      },
    },
  ) as CrisisCommandDeps[K];

interface Run {
  /** Bolt's calls, in order: what was acked, opened and responded. */
  calls: (
    ['ack', RespondArguments | undefined] | ['open', { trigger_id: string; view: { callback_id?: string } }] | ['respond', RespondArguments]
  )[];
  logs: { level: number; msg: string; command?: string }[];
}

/** Registers the command with `over` on top of untouched services, and runs it once with `text` in `channel`. */
async function crisis(
  text: string,
  over: Partial<CrisisCommandDeps> = {},
  opts: { channel?: string; openFails?: boolean } = {},
): Promise<Run> {
  const run: Run = { calls: [], logs: [] };
  const log = pino(
    { level: 'debug' },
    new Writable({ write: (chunk, _enc, done) => (run.logs.push(JSON.parse(String(chunk)) as Run['logs'][number]), done()) }),
  );
  const deps: CrisisCommandDeps = {
    service: untouched('service'),
    escalation: untouched('escalation'),
    amend: untouched('amend'),
    statements: untouched('statements'),
    responses: untouched('responses'),
    learning: untouched('learning'),
    phone: untouched('phone'),
    planService: untouched('planService'),
    planCheck: untouched('planCheck'),
    plan,
    view: viewContext(plan),
    log,
    clock: () => T0,
    slackWaits: () => [],
    rosterUnmatched: () => [],
    ...over,
  };
  let handler: ((args: unknown) => Promise<void>) | undefined;
  registerCrisisCommand({ command: (_name: string, fn: typeof handler) => void (handler = fn) } as unknown as App, deps);
  const client = {
    views: {
      open: (args: { trigger_id: string; view: { callback_id?: string } }) => {
        run.calls.push(['open', args]);
        return opts.openFails ? Promise.reject(new Error('expired_trigger_id')) : Promise.resolve({ ok: true });
      },
    },
  };
  await handler!({
    command: { text, trigger_id: 'T.1', user_id: 'U0ANNA', user_name: 'anna', channel_id: opts.channel ?? 'C0GENERAL' },
    ack: (answer?: RespondArguments) => Promise.resolve(void run.calls.push(['ack', answer])),
    respond: (answer: RespondArguments) => Promise.resolve(void run.calls.push(['respond', answer])),
    client,
  });
  return run;
}

const inChannel = (channelId: string) => ({
  service: {
    ...untouched('service'),
    crisisInChannel: (id: string) => Promise.resolve(id === channelId ? crisisRow({ id: 7, channelId }) : undefined),
  } as unknown as CrisisCommandDeps['service'],
});

describe('/crisis, one slice of the deps', () => {
  it('help: the usage, to the caller alone, in the ack', async () => {
    const { calls } = await crisis('help');
    expect(calls).toEqual([['ack', { response_type: 'ephemeral', text: renderHelp(viewContext(plan), Object.keys(plan.checklists)) }]]);
  });

  it('open alone: acked first, then the form opens on the trigger', async () => {
    const { calls } = await crisis('open');
    expect(calls.map(([kind]) => kind)).toEqual(['ack', 'open']);
    expect(calls[0]).toEqual(['ack', undefined]);
    expect(calls[1]).toMatchObject(['open', { trigger_id: 'T.1', view: { callback_id: CallbackId.openModal } }]);
  });

  it('open alone, when Slack will not open the form: logged, and the caller told after the ack', async () => {
    const { calls, logs } = await crisis('open', {}, { openFails: true });
    expect(calls.map(([kind]) => kind)).toEqual(['ack', 'open', 'respond']);
    expect(calls[2]).toEqual(['respond', { response_type: 'ephemeral', text: renderRefusal(viewContext(plan), { code: 'form_failed' }) }]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: 'could not open the crisis form' }));
  });

  it('statement alone outside a crisis channel: refused in the ack, naming the verb; no form', async () => {
    const { calls } = await crisis('statement', inChannel('C0CRISIS'), { channel: 'C0GENERAL' });
    expect(calls).toEqual([
      ['ack', { response_type: 'ephemeral', text: renderRefusal(viewContext(plan), { code: 'not_in_crisis_channel', verb: 'statement' }) }],
    ]);
  });

  it('statement alone in a crisis channel, when Slack will not open the form: told how to draft without it', async () => {
    const { calls, logs } = await crisis('statement', inChannel('C0CRISIS'), { channel: 'C0CRISIS', openFails: true });
    expect(calls.map(([kind]) => kind)).toEqual(['ack', 'open', 'respond']);
    expect(calls[1]).toMatchObject(['open', { view: { callback_id: CallbackId.statementModal } }]);
    expect(calls[2]).toEqual([
      'respond',
      { response_type: 'ephemeral', text: renderRefusal(viewContext(plan), { code: 'statement_empty' }) },
    ]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: 'could not open the statement form' }));
  });

  it('a service that fails unexpectedly: logged with the command, and a generic line for the caller', async () => {
    const service = {
      ...inChannel('C0CRISIS').service,
      postUpdate: () => Promise.reject(new Error('disk I/O error')),
    } as unknown as CrisisCommandDeps['service'];
    const { calls, logs } = await crisis('update Holding statement is out', { service }, { channel: 'C0CRISIS' });
    expect(calls).toEqual([['ack', { response_type: 'ephemeral', text: renderSomethingWentWrong(viewContext(plan)) }]]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'listener failed', command: 'update' }));
  });
});
