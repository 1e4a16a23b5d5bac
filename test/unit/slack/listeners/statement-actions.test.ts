import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src/config/plan.js';
import type { StatementRecord } from '../../../../src/domain/statements.js';
import { ActionId, CallbackId } from '../../../../src/slack/ids.js';
import { statementHandlers, type StatementActionDeps } from '../../../../src/slack/listeners/actions/statements.js';
import type { ButtonArgs } from '../../../../src/slack/listeners/actions/types.js';
import type { Refusal } from '../../../../src/domain/refusals.js';
import { renderRefusal } from '../../../../src/slack/views/answers.js';
import { T0, examplePlan, versionRow, viewContext } from '../../support.js';

/**
 * The statement's buttons with only the slice of the listener deps they declare: the refusals
 * a stale or forged click gets, which the end-to-end tests do not press.
 */

let plan: Plan;
beforeAll(() => {
  plan = examplePlan();
});

const version = versionRow;

/** Statement 1: version 1 (id 1), then version 2 (id 2), not approved. */
const RECORD: StatementRecord = {
  statement: { id: 1, crisisId: 7, authorId: 'U0ANNA', platforms: ['x'], createdAt: T0, channel: 'C0CRISIS', ts: '1.1' },
  versions: [version({ id: 1, version: 1 }), version({ id: 2, version: 2, text: 'We are looking into it. More within the hour.' })],
  publications: [],
  sends: [],
};

interface Run {
  /** What was acked, opened and answered, in order. */
  calls: [string, unknown][];
  approved: number[];
}

async function press(actionId: string, value: string): Promise<Run> {
  const run: Run = { calls: [], approved: [] };
  const deps: StatementActionDeps = {
    statements: { approve: (id: number) => Promise.resolve(void run.approved.push(id)) } as unknown as StatementActionDeps['statements'],
    statementRepo: {
      record: (id: number) => Promise.resolve(id === RECORD.statement.id ? RECORD : undefined),
      versionById: (id: number) => Promise.resolve(RECORD.versions.find((v) => v.id === id)),
    } as unknown as StatementActionDeps['statementRepo'],
    service: { snapshot: () => Promise.resolve(undefined) } as unknown as StatementActionDeps['service'],
    plan,
    view: viewContext(plan),
    log: pino({ level: 'silent' }),
  };
  const handler = statementHandlers(deps)[actionId]!;
  await handler({
    ack: () => Promise.resolve(void run.calls.push(['ack', undefined])),
    action: { action_id: actionId, value, type: 'button' },
    body: { user: { id: 'U0OMAR', name: 'omar' }, trigger_id: 'T.1' },
    client: {
      views: {
        open: (args: { view: { callback_id?: string } }) => {
          run.calls.push(['open', args.view.callback_id]);
          return Promise.resolve();
        },
      },
    },
    respond: (answer: unknown) => Promise.resolve(void run.calls.push(['respond', answer])),
  } as unknown as ButtonArgs);
  return run;
}

const toPresser = (plan: Plan, refusal: Refusal) => [
  'respond',
  { response_type: 'ephemeral', replace_original: false, text: renderRefusal(viewContext(plan), refusal) },
];

describe("a statement's buttons, one slice of the deps", () => {
  it('Approve with a forged value: acked, decides nothing, tells the presser the button is stale', async () => {
    const run = await press(ActionId.statementApprove, 'x');
    expect(run.approved).toEqual([]);
    expect(run.calls).toEqual([['ack', undefined], toPresser(plan, { code: 'stale_button' })]);
  });

  it('Approve: acked, then the version decided', async () => {
    const run = await press(ActionId.statementApprove, '2');
    expect(run.approved).toEqual([2]);
    expect(run.calls).toEqual([['ack', undefined]]);
  });

  it('Request changes on a version that is no longer current: refused, naming the current version; no form', async () => {
    const run = await press(ActionId.statementChanges, '1');
    expect(run.calls).toEqual([['ack', undefined], toPresser(plan, { code: 'statement_superseded', version: 2 })]);
  });

  it('Request changes on the current version: its form opens, acked first', async () => {
    const run = await press(ActionId.statementChanges, '2');
    expect(run.calls).toEqual([
      ['ack', undefined],
      ['open', CallbackId.statementChanges],
    ]);
  });

  it('Mark published on a version not approved: refused; no form', async () => {
    const run = await press(ActionId.statementPublish, '2');
    expect(run.calls).toEqual([['ack', undefined], toPresser(plan, { code: 'statement_not_approved' })]);
  });

  it('Edit on a statement that is not there: stale; on one that is, its form opens, acked first', async () => {
    expect((await press(ActionId.statementEdit, '99')).calls).toEqual([['ack', undefined], toPresser(plan, { code: 'stale_button' })]);
    expect((await press(ActionId.statementEdit, '1')).calls).toEqual([
      ['ack', undefined],
      ['open', CallbackId.statementEdit],
    ]);
  });
});
