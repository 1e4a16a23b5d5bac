/**
 * `npm run demo`: a whole crisis with no Slack credentials. The bot runs for real (HTTP
 * receiver, SQLite, outbox) against the in-process Slack stand-in the tests use, and this
 * script plays the people: it signs requests exactly as Slack would.
 *
 *   npm run demo -- --language sv            the same crisis with the plan in Swedish (or pl)
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
import { ActionId } from '../src/slack/ids.js';
import { buttonsOf } from '../test/support/blocks.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { TwilioStandin } from '../test/support/twilio-standin.js';
import { onFreePort } from '../test/support/bot-process.js';
import { buttonBody, commandBody, signedHeaders, type SlackUser } from '../test/support/slack-requests.js';
import type { StandinBlock } from '../test/support/standin-types.js';
import { channelPage } from './slack-html.js';

/** What the people in the demo type, in the plan's language. */
const SCRIPT: Record<Language, { title: string; update: string; close: string }> = {
  en: {
    title: 'Boycott call trending on Instagram',
    update: 'Holding statement is out; we do not have the full picture yet and will update within the hour.',
    close: 'Boycott call faded after the apology',
  },
  sv: {
    title: 'Bojkottuppmaning sprids på Instagram',
    update: 'Vårt första uttalande är ute. Vi har inte hela bilden än och återkommer inom en timme.',
    close: 'Bojkottuppmaningen ebbade ut efter ursäkten',
  },
  pl: {
    title: 'Wezwanie do bojkotu na Instagramie',
    update: 'Wstępne oświadczenie opublikowane. Nie mamy jeszcze pełnego obrazu sytuacji, kolejna aktualizacja w ciągu godziny.',
    close: 'Wezwanie do bojkotu wygasło po przeprosinach',
  },
};

const { values: options } = parseArgs({
  options: {
    language: { type: 'string', default: 'en' },
    picture: { type: 'string' },
    chart: { type: 'string', default: 'demo-chart.png' },
  },
});
if (!(LANGUAGES as readonly string[]).includes(options.language)) {
  process.stderr.write(`demo: --language must be one of ${LANGUAGES.join(', ')}\n`);
  process.exit(2);
}
const language = options.language as Language;
const script = SCRIPT[language];

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

/** The example plan, speaking the chosen language. */
function planIn(dir: string, lang: Language): string {
  const file = join(dir, 'plan.yml');
  writeFileSync(file, readFileSync(resolve('crisis-plan.example.yml'), 'utf8').replace(/^language: \w+$/m, `language: ${lang}`));
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
      CRISIS_PLAN: planIn(dir, language),
      LOG_LEVEL: 'error',
      ALERT_TOKEN,
    });
    return startBot({ env, log: createLogger(env.logLevel, [env.slackBotToken, SECRET, ALERT_TOKEN, twilio.authToken]), clock });
  });
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  const send = async (body: string) => {
    const res = await fetch(url, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    const text = await res.text();
    return text ? (JSON.parse(text) as { text?: string }) : {};
  };
  const command = (user: SlackUser, text: string, channel = 'C0GENERAL') =>
    send(commandBody(text, { user, channel, responseUrl: slack.responseUrl() }));
  const click = (user: SlackUser, action: string, value: string) =>
    send(buttonBody(action, value, { user, responseUrl: slack.responseUrl() }));
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

    // The last two items are ticked by hand; the first two tick themselves (the freeze, the first response).
    const items = buttonsOf(checklist!.blocks).slice(-2);
    for (const [who, item] of [
      [people.anna, items[0]!],
      [people.omar, items[1]!],
    ] as const) {
      say(
        `▶ @${who.name} clicks ${item.text.text} on "${
          plain((checklist!.blocks!.find((b) => buttonsOf([b])[0]?.value === item.value) as { text: { text: string } }).text.text)
            .replace(/^⬜ /, '')
            .split(' · ')[0]
        }"`,
      );
      await click(who, ActionId.checklistDone, item.value);
      await settle();
    }
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

    await later(150);
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
