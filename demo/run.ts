/**
 * `npm run demo`: a whole crisis with no Slack credentials. The bot runs for real (HTTP
 * receiver, SQLite, outbox) against the in-process Slack stand-in the tests use, and this
 * script plays the people: it signs requests exactly as Slack would.
 *
 *   npm run demo -- --language sv            the same crisis with the example plan in Swedish
 *                                            (demo/plans/sv.yml; pl likewise)
 *   npm run demo -- --plan my-plan.yml       your own plan (its language; what it lacks is skipped)
 *   npm run demo -- --picture docs/x.png     also draws the crisis channel before the close
 *                                            (needs Chromium: apt-get install chromium)
 *   npm run demo -- --chart docs/chart.png   writes the chart uploaded with the debrief there
 *                                            (default: demo-chart.png)
 *
 * The bot's clock is moved on between the steps (a crisis takes hours, the demo seconds), and a
 * listening tool reports mention counts every 15 minutes, so the debrief's times and its chart
 * look like a real afternoon's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBot } from '../src/bot.js';
import { loadEnv } from '../src/config/env.js';
import { LANGUAGES, type Language } from '../src/i18n/languages.js';
import { createLogger } from '../src/logger.js';
import { ActionId, CallbackId, StatementField } from '../src/slack/ids.js';
import { buttonsOf } from '../test/support/blocks.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { TwilioStandin } from '../test/support/twilio-standin.js';
import { onFreePort } from '../test/support/bot-process.js';
import { buttonBody, commandBody, signedHeaders, viewSubmissionBody, type SlackUser } from '../test/support/slack-requests.js';
import { isoDay } from '../src/domain/time.js';
import type { StandinBlock } from '../test/support/standin-types.js';
import { channelPage } from './slack-html.js';

/** What the people in the demo type, in the plan's language. */
const SCRIPT: Record<
  Language,
  { title: string; update: string; close: string; statement: string; question: string; answer: string; lesson: string; action: string }
> = {
  en: {
    title: 'Boycott call trending on Instagram',
    update: 'Holding statement is out; we do not have the full picture yet and will update within the hour.',
    close: 'Boycott call faded after the apology',
    statement: 'We have seen the posts about our kettle advert and are looking into them. We will be back within the hour.',
    question: 'What do we tell customers who call about the advert?',
    answer: 'That we have seen the criticism, take it seriously and will say more within the hour.',
    lesson: 'Pause the scheduled posts before the first reply, not after',
    action: 'Review the advert approval process with the agency',
  },
  sv: {
    title: 'Bojkottuppmaning sprids på Instagram',
    update: 'Vårt första uttalande är ute. Vi har inte hela bilden än och återkommer inom en timme.',
    close: 'Bojkottuppmaningen ebbade ut efter ursäkten',
    statement: 'Vi har sett inläggen om vår vattenkokarreklam och undersöker saken. Vi återkommer inom en timme.',
    question: 'Vad säger vi till kunder som ringer om reklamen?',
    answer: 'Att vi har sett kritiken, tar den på allvar och återkommer inom en timme.',
    lesson: 'Pausa de schemalagda inläggen före det första svaret, inte efter',
    action: 'Gå igenom hur reklam godkänns tillsammans med byrån',
  },
  pl: {
    title: 'Wezwanie do bojkotu na Instagramie',
    update: 'Wstępne oświadczenie opublikowane. Nie mamy jeszcze pełnego obrazu sytuacji, kolejna aktualizacja w ciągu godziny.',
    close: 'Wezwanie do bojkotu wygasło po przeprosinach',
    statement: 'Widzimy wpisy dotyczące naszej reklamy czajnika i wyjaśniamy sprawę. Wrócimy z informacją w ciągu godziny.',
    question: 'Co mówimy klientom, którzy dzwonią w sprawie reklamy?',
    answer: 'Że widzimy krytykę, traktujemy ją poważnie i w ciągu godziny przekażemy więcej informacji.',
    lesson: 'Wstrzymać zaplanowane publikacje przed pierwszą odpowiedzią, a nie po niej',
    action: 'Przejrzeć z agencją proces zatwierdzania reklam',
  },
};

const { values: options } = parseArgs({
  options: {
    language: { type: 'string' },
    plan: { type: 'string' },
    picture: { type: 'string' },
    chart: { type: 'string', default: 'demo-chart.png' },
  },
});
if (options.language !== undefined && !(LANGUAGES as readonly string[]).includes(options.language)) {
  process.stderr.write(`demo: --language must be one of ${LANGUAGES.join(', ')}\n`);
  process.exit(2);
}
if (options.plan !== undefined && options.language !== undefined) {
  process.stderr.write('demo: give --plan or --language, not both (a plan speaks its own language)\n');
  process.exit(2);
}
/** The plan: the one given, else the example in the language asked for. */
const PLAN_FILES: Record<Language, string> = { en: 'crisis-plan.example.yml', sv: 'demo/plans/sv.yml', pl: 'demo/plans/pl.yml' };
const planFile = resolve(options.plan ?? PLAN_FILES[(options.language ?? 'en') as Language]);

const SECRET = 'demo-signing-secret';
const ALERT_TOKEN = 'demo-alert-token';
const MIN = 60_000;
const people = {
  olle: { id: 'U0OLLE', name: 'olle' },
  anna: { id: 'U0ANNA', name: 'anna' },
  omar: { id: 'U0OMAR', name: 'omar' },
  kasia: { id: 'U0KASIA', name: 'kasia' },
} satisfies Record<string, SlackUser>;

const say = (line: string) => process.stdout.write(`${line}\n`);
const plain = (text: string) =>
  text
    .replace(/<@(\w+)>/g, '@$1')
    .replace(/<#(\w+)>/g, '#$1')
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/[*_~]/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The plan the demo runs: the example's has no staff channel (a team names its own), so the
 * demo gives it the stand-in's, where the internal Q&A is published.
 */
function planIn(dir: string): string {
  const file = join(dir, 'plan.yml');
  const text = readFileSync(planFile, 'utf8');
  writeFileSync(file, /^staff_channel:/m.test(text) ? text : `${text}\nstaff_channel: C0STAFF\n`);
  return file;
}

/** Draws the channel as Slack would show it, with Chromium, headless. */
function drawChannel(slack: SlackStandin, channelId: string, timeZone: string, file: string, dir: string): void {
  const channel = slack.channels.get(channelId)!;
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  const html = channelPage(
    channel.name,
    channel.topic,
    slack.messages(channelId),
    {
      user: (id) => ({ U0OLLE: 'Olle', U0ANNA: 'Anna Berg', U0OMAR: 'Omar Nilsson', U0KASIA: 'Kasia Nowak' })[id] ?? id,
      channel: (id) => slack.channels.get(id)?.name ?? id,
      time: (seconds) => clock.format(seconds * 1000),
    },
    'Crisis Bot',
  );
  const page = join(dir, 'channel.html');
  writeFileSync(page, html);
  execFileSync(
    'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'chromium')}`,
      '--window-size=900,770',
      `--screenshot=${resolve(file)}`,
      `file://${page}`,
    ],
    { stdio: 'ignore' },
  );
}

async function main() {
  const slack = await SlackStandin.start();
  // Olle is not on the roster: the debrief names him as Slack shows him, not by his username.
  for (const p of Object.values(people))
    slack.addUser({
      ...p,
      ...(p === people.kasia ? { email: 'kasia@example.com' } : {}),
      ...(p === people.olle ? { realName: 'Olle Svensson' } : {}),
    });
  slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
  slack.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] });
  slack.addChannel({ id: 'C0STAFF', name: 'all-staff', members: ['UBOT'] });
  const dir = mkdtempSync(join(tmpdir(), 'crisis-demo-'));
  // Twilio's stand-in plays Omar's phone: the plan calls the crisis group 5 minutes after its page.
  const twilio = await TwilioStandin.start();
  twilio.script('+46700000002', 'press-1');
  // The demo's own clock: real time plus however far the script has moved it on.
  let skipped = 0;
  const clock = () => Date.now() + skipped;
  // PUBLIC_URL names the port before the bot binds it (see onFreePort).
  const bot = await onFreePort((port) => {
    const env = loadEnv({
      SLACK_BOT_TOKEN: 'xoxb-demo',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      ...twilio.botEnv(port),
      DATABASE_PATH: join(dir, 'crisis.db'),
      CRISIS_PLAN: planIn(dir),
      LOG_LEVEL: 'error',
      ALERT_TOKEN,
    });
    return startBot({ env, log: createLogger(env.logLevel, [env.slackBotToken, SECRET, ALERT_TOKEN, twilio.authToken]), clock });
  });
  const script = SCRIPT[bot.plan.language];
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  const send = async (body: string) => {
    const res = await fetch(url, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    const text = await res.text();
    return text ? (JSON.parse(text) as { text?: string }) : {};
  };
  const command = (user: SlackUser, text: string, channel = 'C0GENERAL') =>
    send(commandBody(text, { user, channel, responseUrl: slack.responseUrl() }));
  /** A click, and the answer only the clicker sees, if any. */
  const click = async (user: SlackUser, action: string, value: string) => {
    const responseUrl = slack.responseUrl();
    await send(buttonBody(action, value, { user, responseUrl }));
    await settle();
    return slack.responses.find((r) => r.path === new URL(responseUrl).pathname)?.body.text;
  };
  const submit = (user: SlackUser, callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>) =>
    send(viewSubmissionBody(callbackId, values, { user, privateMetadata }));
  /** The first button with this action in these messages. */
  const buttonIn = (messages: readonly { blocks?: readonly StandinBlock[] }[], action: string) =>
    messages.flatMap((m) => buttonsOf(m.blocks)).find((b) => b.action_id === action);
  const postJson = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${bot.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALERT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const settle = () =>
    bot.worker
      .idle()
      .then(() => new Promise((r) => setTimeout(r, 50)))
      .then(() => bot.worker.idle());
  // A listening tool reports every 15 minutes: a steady conversation, then the boycott call.
  const opening = clock();
  let reported = opening - 8 * 60 * MIN;
  const report = async () => {
    for (; reported <= clock(); reported += 15 * MIN) {
      const hours = (reported - opening) / (60 * MIN);
      const wave = hours < -0.75 ? 0 : Math.max(0, 1 - Math.abs(hours - 1.25) / 2.25);
      for (const [source, size] of [
        ['brandwatch', 60],
        ['talkwalker', 25],
      ] as const) {
        const mentions = Math.round(size * (1 + 7 * wave) + (Math.floor(reported / (15 * MIN)) % 4) * size * 0.05);
        const body = JSON.stringify({
          source,
          mentions,
          negative: Math.round(mentions * (0.15 + 0.5 * wave)),
          at: new Date(reported).toISOString(),
        });
        await fetch(`http://127.0.0.1:${bot.port}/signals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ALERT_TOKEN}`, 'content-type': 'application/json' },
          body,
        });
      }
    }
  };
  /** Time passes: the bot's clock moves on, the listening tool reports, what fell due is done. */
  const later = async (minutes: number) => {
    skipped += minutes * MIN;
    await report();
    bot.worker.kick();
    await settle();
  };
  await report();

  try {
    say(`▶ @olle: /crisis open sev2 ${script.title}`);
    say(`  bot → @olle: ${plain((await command(people.olle, `open sev2 ${script.title}`)).text ?? '')}`);
    const crisis = await slack.waitFor(async () => (await bot.service.listOpen()).find((c) => c.channelId !== null));
    await slack.waitFor(async () => (await bot.service.backlog(crisis.id)).pending === 0);
    const channel = slack.channels.get(crisis.channelId!)!;
    say(
      `  channel #${channel.name} created; topic "${channel.topic}"; members ${[...channel.members]
        .filter((m) => m !== slack.botUserId)
        .map((m) => `@${m}`)
        .join(', ')}`,
    );
    const [summary, checklist] = slack.messages(channel.id);
    say(`  posted: ${plain(summary!.text ?? '')} · ${plain(checklist!.text ?? '')}`);
    const label = (blocks: readonly StandinBlock[] | undefined) => buttonsOf(blocks)[0]?.text.text ?? '';
    for (const p of [people.anna, people.kasia])
      say(`  paged @${p.name} by DM: ${plain(slack.dm(p.id)[0]!.text ?? '')} [${label(slack.dm(p.id)[0]!.blocks)}]`);

    await later(4);
    say(`▶ @anna clicks ${label(slack.dm(people.anna.id)[0]!.blocks)}`);
    await click(people.anna, ActionId.pageAck, buttonsOf(slack.dm(people.anna.id)[0]!.blocks)[0]!.value);
    await settle();
    say(`  DM updated: ${plain((slack.dm(people.anna.id)[0]!.blocks!.at(-1) as { elements: { text: string }[] }).elements[0]!.text)}`);

    // The publishing freeze: each account's owner pauses it; the last Paused ticks the checklist's item.
    for (const who of [people.anna, people.omar]) {
      for (const asked of slack.dm(who.id).filter((m) => buttonsOf(m.blocks).some((b) => b.action_id === ActionId.freezePaused))) {
        const paused = buttonsOf(asked.blocks).find((b) => b.action_id === ActionId.freezePaused)!;
        const request = asked.blocks?.[0];
        if (request && 'text' in request && typeof request.text === 'object') say(`  DM to @${who.name}: ${plain(request.text.text)}`);
        say(`▶ @${who.name} pauses the scheduled posts and clicks ${paused.text.text}`);
        await click(who, ActionId.freezePaused, paused.value);
      }
    }
    say(`  checklist now: ${plain(checklist!.text ?? '')}`);

    // A statement with four eyes: Anna drafts it, may not approve her own, Omar approves; it goes out.
    await later(10);
    say(`▶ @anna: /crisis statement ${script.statement}`);
    await command(people.anna, `statement ${script.statement}`, channel.id);
    await settle();
    const draft = () =>
      slack.messages(channel.id).filter((m) => buttonIn([m], ActionId.statementApprove) || buttonIn([m], ActionId.statementPublish));
    const approve = buttonIn(draft(), ActionId.statementApprove);
    if (approve) {
      say(`▶ @anna clicks ${approve.text.text} on her own draft`);
      say(`  bot → @anna: ${plain((await click(people.anna, ActionId.statementApprove, approve.value)) ?? '')}`);
      say(`▶ @omar clicks ${approve.text.text}`);
      await click(people.omar, ActionId.statementApprove, approve.value);
      const publish = buttonIn(draft(), ActionId.statementPublish)!;
      say(`▶ @anna posts it on Instagram and clicks ${publish.text.text}`);
      await click(people.anna, ActionId.statementPublish, publish.value);
      const form = slack.views.find((v) => v.view.callback_id === CallbackId.statementPublish)!;
      await submit(people.anna, CallbackId.statementPublish, form.view.private_metadata, {
        [StatementField.platform.block]: {
          [StatementField.platform.action]: { type: 'static_select', selected_option: { value: 'instagram' } },
        },
        [StatementField.url.block]: {
          [StatementField.url.action]: { type: 'url_text_input', value: 'https://www.instagram.com/p/demo-holding' },
        },
      });
      await settle();
      say(`  checklist now: ${plain(checklist!.text ?? '')}`);
    }

    // What is left is ticked by hand.
    for (const item of buttonsOf(checklist!.blocks).filter((b) => b.action_id === ActionId.checklistDone)) {
      const line = plain((checklist!.blocks!.find((b) => buttonsOf([b])[0]?.value === item.value) as { text: { text: string } }).text.text);
      const who = /customer|kundtj|obsług|obsłudz/i.test(line) ? people.kasia : people.omar;
      say(`▶ @${who.name} clicks ${item.text.text} on "${line.replace(/^⬜ /, '').split(/ · |\n/)[0]}"`);
      await click(who, ActionId.checklistDone, item.value);
    }
    say(`  checklist now: ${plain(checklist!.text ?? '')}`);

    // The listening tool sends the posts that need an answer, in one request; Kasia takes one.
    await later(5);
    const posts = [
      { url: 'https://www.instagram.com/p/demo-1', platform: 'instagram', author: '@angry_customer', text: script.question },
      { url: 'https://x.com/someone/status/2', platform: 'x', author: '@someone', text: script.question },
      { url: 'https://www.facebook.com/demo/posts/3', platform: 'facebook', author: 'Jan', text: script.question },
    ];
    const queued = (await (await postJson('/responses', { posts })).json()) as { added: number };
    say(`▶ the listening tool sends ${posts.length} posts to POST /responses: ${queued.added} added`);
    await settle();
    const take = buttonIn(slack.messages(channel.id), ActionId.responseClaim);
    if (take) {
      say(`▶ @kasia clicks ${take.text.text}`);
      await click(people.kasia, ActionId.responseClaim, take.value);
    }
    const [boardAt] = await bot.store.messages.of(crisis.id, 'queue');
    const board = slack.messages(channel.id).find((m) => m.ts === boardAt?.ts);
    const boardLines = (board?.blocks ?? []).flatMap((b) =>
      'text' in b && typeof b.text === 'object' && b.text.text ? [plain(b.text.text)] : [],
    );
    if (boardLines.length) say(`  queue board in #${channel.name}, kept in place: ${boardLines.join(' · ').replace(/\n/g, ' · ')}`);

    // The internal Q&A for the staff, published to the staff channel.
    say(`▶ @omar: /crisis qa ${script.question} | ${script.answer}`);
    await command(people.omar, `qa ${script.question} | ${script.answer}`, channel.id);
    say('▶ @omar: /crisis qa publish');
    say(`  bot → @omar: ${plain((await command(people.omar, 'qa publish', channel.id)).text ?? '')}`);
    await settle();
    say(`  checklist now: ${plain(checklist!.text ?? '')}`);

    await later(25);
    say(`▶ @omar: /crisis update ${script.update}`);
    await command(people.omar, `update ${script.update}`, channel.id);
    await settle();
    say(`  posted in #${channel.name}: ${plain(slack.messages(channel.id).at(-1)!.text ?? '')}`);

    await later(20);
    say('▶ @omar: /crisis escalate');
    say(`  bot → @omar: ${plain((await command(people.omar, 'escalate', channel.id)).text ?? '')}`);
    await settle();
    say(`  posted in #${channel.name}: ${plain(slack.messages(channel.id).at(-1)!.text ?? '')}`);

    // Omar's phone silences Slack: his page goes unanswered, and after 5 minutes the bot calls.
    await later(6);
    const call = await slack.waitFor(() => twilio.calls.find((c) => c.done), 15_000);
    await twilio.settle();
    await settle();
    const spoken = (xml: string) => [...xml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]!.replace(/&apos;/g, "'")).join(' ');
    say(
      `  no answer in Slack: the bot calls @omar on ${call.to}: "${spoken(/<Gather[^>]*>(.*)<\/Gather>/.exec(call.webhooks.find((w) => w.kind === 'voice')!.body)?.[1] ?? '')}"`,
    );
    say(`▶ @omar presses ${call.digits ?? '-'}`);
    say(`  the call answers: "${spoken(call.webhooks.find((w) => w.kind === 'gather')!.body)}"`);
    await later(20);
    say('▶ @omar: /crisis status');
    say(
      plain((await command(people.omar, 'status', channel.id)).text ?? '')
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );

    if (options.picture) {
      drawChannel(slack, channel.id, bot.plan.timeZone, options.picture, dir);
      say(`✔ the crisis channel drawn in ${resolve(options.picture)}`);
    }

    await later(120);
    say(`▶ @anna: /crisis lesson ${script.lesson}`);
    await command(people.anna, `lesson ${script.lesson}`, channel.id);
    const due = isoDay(clock() + 14 * 24 * 60 * MIN, bot.plan.timeZone);
    say(`▶ @omar: /crisis action @kasia ${due} ${script.action}`);
    say(`  bot → @omar: ${plain((await command(people.omar, `action <@U0KASIA|kasia> ${due} ${script.action}`, channel.id)).text ?? '')}`);

    await later(30);
    say(`▶ @omar: /crisis close ${script.close}`);
    say(`  bot → @omar: ${plain((await command(people.omar, `close ${script.close}`, channel.id)).text ?? '')}`);
    const upload = await slack.waitFor(() => slack.uploads.find((u) => u.completed && u.channels.includes(channel.id)));
    await slack.waitFor(() => slack.uploads.some((u) => u.completed && u.channels.includes('C0DEBRIEF')));
    say(`  debrief posted in #${channel.name} and #crisis-debriefs, uploaded as ${upload.filename}`);
    const out = resolve('demo-debrief.md');
    writeFileSync(out, upload.content);
    say(`✔ debrief written to ${out}`);
    const chart = await slack.waitFor(
      () => slack.uploads.find((u) => u.completed && u.filename.endsWith('.png') && u.channels.includes(channel.id)),
      30_000,
    );
    writeFileSync(resolve(options.chart), chart.bytes!);
    say(`✔ chart (${chart.filename}) written to ${resolve(options.chart)}`);
  } finally {
    await bot.stop();
    await slack.close();
    await twilio.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
