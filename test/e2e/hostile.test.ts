import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { buttonsOf } from '../support/blocks.js';
import { buttonBody, commandBody, payloadBody, signedHeaders, viewSubmissionBody } from '../support/slack-requests.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, USERS, type Harness } from '../support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    env: { ALERT_TOKEN: 'alert-token-never-logged-42' },
    plan: (await import('node:fs')).readFileSync(new URL('../fixtures/plan-alerts.yml', import.meta.url), 'utf8'),
  });
});
afterEach(async () => {
  await h.stop();
});

describe('signed garbage never takes the app down', () => {
  it('broken payload JSON gets 400 and the app keeps answering', async () => {
    const res = await h.post('payload=' + encodeURIComponent('{"type": "block_actions", '));
    expect(res.status).toBe(400);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('an unknown action id is acknowledged, answered ephemerally, and changes nothing', async () => {
    // 200 is the ack: an unacknowledged action gets Bolt's 404 after 3 s instead.
    const click = await h.click('x'.repeat(255), '1', { user: USERS.anna });
    expect(click.status).toBe(200);
    const reply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.path === new URL(click.responseUrl).pathname));
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('not known') as unknown });
  });

  it('a form the app never opened is logged and left unanswered, as Slack expects of an unknown view', async () => {
    const res = await h.post(viewSubmissionBody('not-a-form-of-ours', {}, { user: USERS.anna }));
    // Bolt answers what no listener acknowledged with 404 once its 3 s are up.
    expect(res.status).toBe(404);
    expect(h.logs.some((l) => l.includes('a form the app does not know was submitted') && l.includes('not-a-form-of-ours'))).toBe(true);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('a click with no response URL (forged, or from outside a message) is answered and breaks nothing', async () => {
    for (const action of ['not-ours', ActionId.checklistDone]) {
      const res = await h.post(buttonBody(action, '999999', { user: USERS.anna }));
      expect(res.status).toBe(200);
    }
    await h.bot.worker.idle();
    expect(h.logs.filter((l) => l.includes('"level":50') || l.includes('unhandled error'))).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('forged values on known buttons are refused without touching the database', async () => {
    await h.openCrisis('Forgery');
    for (const [action, value] of [
      [ActionId.checklistDone, '999999'],
      [ActionId.checklistDone, '-1'],
      [ActionId.pageAck, '1e3'],
      [ActionId.alertDismiss, '42'],
    ] as const) {
      const click = await h.click(action, value, { user: USERS.anna });
      expect(click.status).toBe(200);
      const reply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.path === new URL(click.responseUrl).pathname));
      expect(reply.body.response_type).toBe('ephemeral');
      expect(reply.body.text).not.toMatch(/Error|at .*\.ts/);
    }
    const snap = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!;
    expect(snap.items.every((i) => i.doneAt === null)).toBe(true);
    expect(snap.pages.every((p) => p.ackedAt === null)).toBe(true);
  });

  it('titles with control characters and mentions are cleaned and cannot ping anyone', async () => {
    // Slack sends "@channel" as <!channel> and a typed "<!here>" as &lt;!here&gt; (should_escape):
    // the first is kept as what it showed, the second as the characters typed, and neither pings.
    const res = await h.command('open Boycott\u0007 <!channel> \u202Eevil\u0000 title &lt;!here&gt;');
    expect(res.status).toBe(200);
    const crisis = await h.standin.waitFor(async () => (await h.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect(crisis.title).toBe('Boycott @channel evil title <!here>');
    await h.standin.waitFor(() => h.standin.messages(crisis.channelId!).length >= 2);
    // Everything Slack parses for mentions: top-level text, topics and mrkdwn text objects.
    // (plain_text, as in the header block, is shown literally and never pings.)
    const parsed: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'mrkdwn' && typeof o.text === 'string') parsed.push(o.text);
        Object.entries(o).forEach(([k, child]) =>
          k === 'text' && typeof child === 'string' && o.type !== 'plain_text' && o.type !== 'mrkdwn' ? parsed.push(child) : walk(child),
        );
      }
    };
    for (const call of h.standin.calls) {
      walk(call.args);
      if (typeof call.args.topic === 'string') parsed.push(call.args.topic);
    }
    expect(parsed.some((t) => t.includes('Boycott @channel evil title &lt;!here&gt;'))).toBe(true);
    expect(parsed.filter((t) => t.includes('<!channel>') || t.includes('<!here>'))).toEqual([]);
  });

  it('a Slack retry of the same slash command (X-Slack-Retry-Num) opens one crisis', async () => {
    const body = commandBody('open Retried by Slack', { responseUrl: h.standin.responseUrl(), triggerId: 'trigger-retried' });
    const first = await h.post(body);
    const retry = await h.post(body, {
      ...signedHeaders(SIGNING_SECRET, body),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await h.standin.waitFor(async () => (await h.bot.service.listOpen())[0]?.channelId);
    await h.bot.worker.idle();
    expect(await h.bot.service.listOpen()).toHaveLength(1);
    expect(h.standin.callsTo('conversations.create')).toHaveLength(1);
  });

  it('a body signed for another timestamp is refused', async () => {
    const body = payloadBody({ type: 'block_actions' });
    const headers = signedHeaders(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 10);
    headers['x-slack-request-timestamp'] = String(Math.floor(Date.now() / 1000));
    expect((await h.post(body, headers)).status).toBe(401);
  });
});

describe('secrets', () => {
  it('no token or secret appears in logs, Slack messages or answers, even at debug level', async () => {
    const answers: string[] = [];
    const { channelId } = await h.openCrisis('Secrets stay secret');
    answers.push(JSON.stringify((await h.command('status', { channel: channelId })).body));
    const dm = await h.standin.waitFor(() => h.standin.dm('U0ANNA')[0]);
    // Acked with nothing: its answer goes to the response URL, among the stand-in's responses below.
    expect((await h.click(ActionId.pageAck, buttonsOf(dm.blocks)[0]!.value, { user: USERS.anna })).body).toBeUndefined();
    for (const auth of ['Bearer alert-token-never-logged-42', 'Bearer wrong-token', '']) {
      const res = await fetch(`${h.url}/alerts`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: '{"title":"t","severity":"sev3"}',
      });
      answers.push(await res.text());
    }
    h.standin.inject('chat.postMessage', { error: 'invalid_auth' });
    await h.command('update a failing post', { channel: channelId, user: USERS.omar });
    await h.bot.worker.idle();
    await h.command('close', { channel: channelId, user: USERS.omar });
    await h.standin.waitFor(() => h.standin.uploads.some((u) => u.completed));
    await h.bot.worker.idle();

    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(1000); // debug logging really ran
    const slack =
      JSON.stringify(h.standin.calls.map((c) => c.args)) + JSON.stringify(h.standin.responses) + JSON.stringify(h.standin.uploads);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'alert-token-never-logged-42']) {
      expect(logs).not.toContain(secret);
      expect(slack).not.toContain(secret);
      expect(answers.join('')).not.toContain(secret);
    }
  });
});

describe('unsigned requests', () => {
  it('a signed button click body with an unsigned header set is refused with 401', async () => {
    const body = buttonBody(ActionId.checklistDone, '1', { responseUrl: h.standin.responseUrl() });
    expect((await h.post(body, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
  });
});
