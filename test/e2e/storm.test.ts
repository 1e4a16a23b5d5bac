import { sql, type SQL } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { buttonsOf, json } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';

// An alert storm against a Slack that keeps its rate limits (per method by tier, about one post
// a second per channel): the bot paces itself instead of being refused, groups what the alerts
// channel cannot take one by one into a digest, and a crisis opened meanwhile does not wait.

const TOKEN = 'alert-token-storm-4b1f';
const PLAN = readFileSync(new URL('../fixtures/plan-alerts.yml', import.meta.url), 'utf8');

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function send(body: unknown) {
  const res = await fetch(`${h!.url}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { action: string; alert_id?: number; crisis_id?: number } };
}

const alertsChannel = () => h!.standin.messages('C0ALERTS');
const digestMessage = () =>
  alertsChannel().find(
    (m) => buttonsOf(m.blocks).some((b) => b.action_id === ActionId.alertDismissAll) || json(m.blocks).includes('digest-alert-'),
  );

describe('an alert storm', () => {
  it('is grouped into a digest, paced under Slack’s limits, and a crisis opened meanwhile is paged at once', async () => {
    h = await startHarness({ plan: PLAN, env: { ALERT_TOKEN: TOKEN }, latencyMs: 50 });
    h.standin.limitRates();
    const storm = await Promise.all(
      Array.from({ length: 39 }, (_, i) =>
        send({ title: `Mention spike ${i}`, severity: 'sev3', source: 'listening', fingerprint: `storm-${i}` }),
      ),
    );
    // One more severe, once the storm is on: it joins the digest, at the top of it.
    storm.push(await send({ title: 'Mention spike 39', severity: 'sev2', source: 'listening', fingerprint: 'storm-39' }));
    expect(storm.map((r) => [r.status, r.body.action])).toEqual(storm.map(() => [202, 'triage']));
    expect((await send({ title: 'Mention spike 3', severity: 'sev3', source: 'listening', fingerprint: 'storm-3' })).body.action).toBe(
      'duplicate',
    );

    // A sev1 in the middle of it: its page does not wait behind the alerts channel.
    const opened = await send({ title: 'Checkout down for everyone', severity: 'sev1', source: 'prometheus' });
    expect(opened.body.action).toBe('opened');
    const page = await h.standin.waitFor(
      () => h!.standin.received.findIndex((c) => c.method === 'chat.postMessage' && c.args.channel === 'U0OMAR') + 1 || undefined,
    );
    const crisis = await h.standin.waitFor(async () =>
      (await h!.bot.service.listOpen()).find((c) => c.id === opened.body.crisis_id && c.channelId),
    );

    // Every alert is accounted for: the first few on their own (the channel takes about one a
    // second), the rest in one digest that counts them.
    const count = async (query: SQL) => (await h!.rows<{ n: number }>(query))[0]!.n;
    const grouped = () => count(sql`select cast(count(*) as integer) as n from alerts where digest_id is not null`);
    const alone = () => count(sql`select cast(count(*) as integer) as n from alerts where ts is not null and crisis_id is null`);
    await h.standin.waitFor(async () => (await grouped()) + (await alone()) === 40, 30_000);
    const inDigest = await grouped();
    expect(inDigest).toBeGreaterThanOrEqual(30);
    const digest = await h.standin.waitFor(() => {
      const d = digestMessage();
      return d && new RegExp(`\\b${inDigest}\\b`).test(d.text ?? '') ? d : undefined;
    }, 30_000);
    const alertsCalls = () => h!.standin.received.filter((c) => c.args.channel === 'C0ALERTS');
    expect(page - 1).toBeLessThan(h.standin.received.indexOf(alertsCalls().at(-1)!)); // the page went while the storm was still being posted
    expect(json(digest.blocks)).toContain(`${inDigest} more alerts from listening`);
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(crisis.id)).pending === 0);
    await h.bot.worker.idle();
    expect(alertsChannel()).toHaveLength(40 - inDigest + 2); // alerts on their own, the digest, and the sev1's own
    expect(h.standin.rateLimited).toBe(0); // the bot paced itself: Slack refused nothing

    // The digest lists the most severe and newest, each still to be opened on its own.
    const opens = buttonsOf(digest.blocks).filter((b) => b.action_id === ActionId.alertOpen);
    expect(opens).toHaveLength(10);
    const sev2 = storm[39]!.body.alert_id!;
    expect(opens[0]!.value).toBe(String(sev2)); // the most severe first
    await h.click(ActionId.alertOpen, String(sev2), { user: USERS.omar, channel: 'C0ALERTS' });
    const fromDigest = await h.standin.waitFor(async () =>
      (await h!.bot.service.listOpen()).find((c) => c.title === 'Mention spike 39' && c.channelId),
    );
    await h.standin.waitFor(() => json(digestMessage()!.blocks).includes(`<#${fromDigest.channelId}>`));

    // Dismiss all decides the rest, once; a second click changes nothing and says so.
    const dismissAll = buttonsOf(digestMessage()!.blocks).find((b) => b.action_id === ActionId.alertDismissAll);
    expect(dismissAll!.text.text).toBe(`Dismiss all (${inDigest - 1})`);
    await h.click(ActionId.alertDismissAll, dismissAll!.value, { user: USERS.anna, channel: 'C0ALERTS' });
    await h.standin.waitFor(() => !buttonsOf(digestMessage()!.blocks).some((b) => b.action_id === ActionId.alertDismissAll));
    const again = await h.click(ActionId.alertDismissAll, dismissAll!.value, { user: USERS.anna, channel: 'C0ALERTS' });
    const reply = await h.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(again.responseUrl).pathname));
    expect(reply.body.text).toContain('already decided');
    const states = await h.rows(
      sql`select state, cast(count(*) as integer) as n from alerts where digest_id is not null group by state order by state`,
    );
    expect(states).toEqual([
      { state: 'dismissed', n: inDigest - 1 },
      { state: 'opened', n: 1 },
    ]);
  }, 60_000);

  it("shows in /crisis status what waits for Slack's rate limits, and Slack refuses nothing", async () => {
    h = await startHarness({ latencyMs: 20 });
    h.standin.limitRates();
    const { channelId } = await h.openCrisis('sev3 First of many');
    // A dozen crises at once: Slack creates about 20 channels a minute, so the last wait long.
    const opened = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h!.command(`open sev3 Crisis ${i}`, { triggerId: `trigger-many-${i}` })),
    );
    expect(opened.map((r) => r.status)).toEqual(opened.map(() => 200));
    // The commands are answered before their channels are asked for: status shows the wait once
    // the worker has queued them with the pacer.
    let status = '';
    for (let tries = 0; tries < 50 && !/calls to `conversations.create`/.test(status); tries++) {
      status = (await h.command('status', { channel: channelId })).body?.text ?? '';
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toMatch(/⏳ Slack's rate limit: \d+ calls to `conversations.create` wait their turn \(the last goes at .+, in \d+s\)/);
    expect(h.standin.rateLimited).toBe(0);

    // Stopping does not wait out the queue: the channels still waiting are filed again for
    // when their turn comes, untried, and the next start makes them.
    const stopping = Date.now();
    await h.restart();
    const waited = (await h.bot.store.outbox.all()).filter((j) => j.kind === 'create_channel' && j.state === 'pending');
    expect(waited.length).toBeGreaterThan(0);
    for (const job of waited) {
      expect(job.attempts).toBe(0);
      expect(job.lastError).toBe('stopped while waiting for its turn under Slack rate limits');
      expect(job.runAt).toBeGreaterThan(stopping);
    }
  }, 30_000);
});
