import type { App } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Env } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { hootsuiteAccounts, livePlan, loadPlan, planChannels, type Plan } from './config/plan.js';
import { alertRoutes } from './http/alerts.js';
import { healthRoute } from './http/health.js';
import { Messages } from './i18n/messages.js';
import { workerKinds } from './jobs/index.js';
import { startTicker } from './scheduler/tick.js';
import { AlertService } from './services/alert-service.js';
import { Changes } from './services/changes.js';
import { CrisisService } from './services/crisis-service.js';
import { EscalationService } from './services/escalation-service.js';
import { OutboxWorker } from './services/outbox-worker.js';
import { Pager } from './services/pager.js';
import { ReminderService } from './services/reminder-service.js';
import { RosterDirectory, backoffMs } from './services/roster-directory.js';
import { SlackFacts } from './services/slack-facts.js';
import { createSlackApp, webClientOptions } from './slack/app.js';
import { ChannelWatch } from './slack/channel-watch.js';
import { ChannelUnreachable, slackRetryPolicy } from './slack/errors.js';
import { slackDirectory } from './slack/directory.js';
import { PacedWebClient } from './slack/paced-client.js';
import { Pacer } from './slack/pacer.js';
import { AmendService } from './services/amend-service.js';
import { StatementService } from './services/statement-service.js';
import { FreezeService } from './services/freeze-service.js';
import { FreezeRepo } from './store/freeze-repo.js';
import { HeldPostRepo } from './store/held-post-repo.js';
import { DebriefRepo } from './store/debrief-repo.js';
import { DebriefService } from './services/debrief-service.js';
import { ResponseRepo } from './store/response-repo.js';
import { withChart } from './chart/render.js';
import { ResponseService } from './services/response-service.js';
import { LearningRepo } from './store/learning-repo.js';
import { LearningService } from './services/learning-service.js';
import type { CrisisSnapshot } from './domain/crisis.js';
import { HoldService } from './services/hold-service.js';
import { HootsuiteClient, withHootsuite } from './services/hootsuite.js';
import { StatementRepo } from './store/statement-repo.js';
import { slackPort } from './slack/port.js';
import { alertTexts } from './slack/views/alert-texts.js';
import type { ViewContext } from './slack/views/context.js';
import { renderDebriefFile } from './slack/views/debrief-file.js';
import { jobViews } from './slack/views/index.js';
import { AlertRepo } from './store/alert-repo.js';
import { CrisisRepo } from './store/crisis-repo.js';
import { checkpoint, openDatabase, type Db } from './store/db.js';
import { OutboxRepo } from './store/outbox-repo.js';
import { RosterRepo } from './store/roster-repo.js';
import { WalSync } from './store/wal-sync.js';

/**
 * Seconds between WAL checkpoints (the scheduler ticks once a second). A checkpoint copies and
 * syncs pages on the event loop, so it waits for a pause in Slack's requests, up to a limit.
 */
const CHECKPOINT_EVERY_TICKS = 10;
/** Seconds between looks at a channel of the plan the bot was removed from. */
const LOOK_EVERY_TICKS = 15;
const CHECKPOINT_AT_LATEST_TICKS = 60;

export interface Bot {
  readonly app: App;
  readonly db: Db;
  readonly plan: Plan;
  readonly service: CrisisService;
  readonly escalation: EscalationService;
  readonly alerts: AlertService;
  readonly worker: OutboxWorker;
  /** The HTTP port actually bound (useful when PORT is 0). */
  readonly port: number;
  /**
   * Every roster member matched to a Slack user (emails are matched after start-up); rejects
   * with a ConfigError naming a member whose email Slack does not know.
   */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

export interface BotOptions {
  env: Env;
  log: Logger;
  clock?: () => number;
  /**
   * The bot can no longer trust its database file (a disk sync failed): `npm start` exits, so
   * SQLite recovers from what is really on disk at the next start. Already logged.
   */
  onFatal?: (error: Error) => void;
  /**
   * Keep Slack's rate limits inside the bot (default). Off only for benchmarks that measure
   * the bot's own scheduling with more crises than Slack would let one workspace open.
   */
  paced?: boolean;
}

/**
 * Wiring, in the order that keeps a bad start harmless: configuration is validated before
 * anything talks to Slack, and the database is migrated before anything is accepted.
 */
export async function startBot({ env, log, clock = Date.now, onFatal, paced = true }: BotOptions): Promise<Bot> {
  const unresolved = loadPlan(env.crisisPlanPath);
  if (env.alertToken !== undefined && unresolved.alerts === undefined) {
    throw new ConfigError(`ALERT_TOKEN is set but ${env.crisisPlanPath} has no alerts.channel to triage alerts in`);
  }
  const scheduled = hootsuiteAccounts(unresolved);
  if (scheduled.length && env.hootsuiteAccessToken === undefined) {
    const i = unresolved.accounts.indexOf(scheduled[0]!);
    throw new ConfigError(`HOOTSUITE_ACCESS_TOKEN is required: ${env.crisisPlanPath} accounts[${i}] (${scheduled[0]!.name}) names scheduler: hootsuite`);
  }
  const hootsuite = scheduled.length && env.hootsuiteAccessToken ? new HootsuiteClient(env.hootsuiteApiUrl, env.hootsuiteAccessToken) : undefined;
  const pacer = new Pacer(Date.now, paced);
  const client = new PacedWebClient(env.slackBotToken, webClientOptions(env, log), pacer);
  const auth = await client.auth.test();
  const watch = new ChannelWatch({
    channels: planChannels(unresolved),
    log: log.child({ module: 'channels' }),
    clock,
    onBackIn: (channel) => {
      outbox.wake(ChannelUnreachable.reason(channel), clock());
      worker?.kick();
    },
  });
  await watch.check(client, auth.user ?? 'crisis-bot', env.crisisPlanPath);
  client.watch(watch);

  const db = openDatabase(env.databasePath);
  // Members known by id or matched before are on the roster at once; the rest are matched in
  // the background once the bot is serving (`ready`), and paged as soon as they are.
  const directory = new RosterDirectory({
    members: unresolved.roster,
    file: env.crisisPlanPath,
    slack: slackDirectory(client),
    store: new RosterRepo(db),
    log: log.child({ module: 'roster' }),
    clock,
    // Only called from matchAll, which starts once everything below exists.
    onMatched: (members) => escalation.pageLate(members),
    retryDelayMs: (attempt, error) => slackRetryPolicy.retryAfterMs?.(error) ?? backoffMs(attempt),
  });
  const plan = livePlan(unresolved, () => directory.known());
  const walSync = new WalSync(db.$client, {
    onFailure: (error) => {
      log.fatal({ err: error }, 'the database file could not be synced to disk; nothing more can be recorded safely');
      onFatal?.(error);
    },
  });
  const repo = new CrisisRepo(db, walSync);
  const outbox = new OutboxRepo(db);
  const alertRepo = new AlertRepo(db);
  const botUserId = auth.user_id!;
  const view: ViewContext = { m: new Messages(plan.language, plan.timeZone), plan, botUserId };
  // The services kick the worker, and the worker runs jobs that call the services.
  let worker: OutboxWorker | undefined;
  const kick = () => worker?.kick();
  const kickAfterBurst = () => worker?.kickAfterBurst();
  const changes = new Changes(outbox);
  const pager = new Pager({ repo, outbox, plan });
  const common = { repo, outbox, pager, changes, plan, clock, kick };
  const freezeRepo = new FreezeRepo(db);
  const compileDebrief = (snap: CrisisSnapshot, now: number) => renderDebriefFile(view, snap, now);
  const debriefRepo = new DebriefRepo(db);
  const debriefs = new DebriefService({ repo, outbox, plan, debriefs: debriefRepo, compileDebrief });
  const heldRepo = new HeldPostRepo(db);
  const holds = new HoldService({ ...common, freezes: freezeRepo, held: heldRepo, debriefs, log: log.child({ module: 'hootsuite' }) });
  const responseRepo = new ResponseRepo(db);
  const responses = new ResponseService({ ...common, responses: responseRepo, log: log.child({ module: 'responses' }) });
  const learningRepo = new LearningRepo(db);
  const learning = new LearningService({ ...common, learning: learningRepo, debriefs, log: log.child({ module: 'learning' }) });
  const freezes = new FreezeService({ ...common, freezes: freezeRepo, holds, log: log.child({ module: 'freeze' }) });
  const service = new CrisisService({
    ...common,
    freezes,
    learning,
    kickAfterBurst,
    compileDebrief,
    log: log.child({ module: 'crisis' }),
  });
  const escalation = new EscalationService({ ...common, log: log.child({ module: 'escalation' }) });
  const amend = new AmendService({ ...common, botUserId, log: log.child({ module: 'crisis' }) });
  const reminders = new ReminderService({ repo, alertRepo, outbox, pager, plan, clock, botUserId });
  const statementRepo = new StatementRepo(db);
  const statements = new StatementService({ ...common, statements: statementRepo, log: log.child({ module: 'statements' }) });
  const alerts = new AlertService({ ...common, alertRepo, crises: service, botUserId, texts: alertTexts(view), log: log.child({ module: 'alerts' }) });
  const facts = new SlackFacts({ repo, alertRepo, changes, clock });
  const jobLog = log.child({ module: 'jobs' });
  const slack = slackPort(client, botUserId, jobLog);
  const kinds = workerKinds({ slack, views: jobViews(view), plan, repo, alertRepo, facts, escalation, reminders, statements, statementRepo, freezes, freezeRepo, holds, heldRepo, hootsuite, debriefs: debriefRepo, responses, responseRepo, learning, learningRepo, withChart, clock, log: jobLog });
  worker = new OutboxWorker({ outbox, repo, kinds, retry: withHootsuite(slackRetryPolicy), clock, log: log.child({ module: 'outbox' }) });

  const routes = [healthRoute(db, () => watch.problems()), ...alertRoutes(alerts, env.alertToken, log.child({ module: 'http' }))];
  const app = createSlackApp(env, log, { botId: auth.bot_id!, botUserId }, { service, escalation, amend, statements, statementRepo, freezes, holds, responses, learning, alerts, plan, view, clock, slackWaits: (ms) => pacer.longWaits(ms), rosterUnmatched: () => directory.unmatched(), log: log.child({ module: 'slack' }) }, routes, worker.noteRequest);
  // Before any request can claim work, so only jobs interrupted by the last stop are reset.
  worker.recover();
  const started = (await app.start(env.port)) as Server | undefined;
  const port = (started?.address?.() as AddressInfo | null)?.port ?? env.port;
  worker.drain();
  let ticks = 0;
  let looks = 0;
  let looking = false;
  const ticker = startTicker(() => {
    worker.drain();
    if (++looks >= LOOK_EVERY_TICKS && !looking && watch.problems().length > 0) {
      looks = 0;
      looking = true;
      watch
        .look(client)
        .catch((error: unknown) => log.warn({ reason: slackRetryPolicy.describe(error) }, 'could not look at a channel the bot is out of'))
        .finally(() => (looking = false));
    }
    if (++ticks >= CHECKPOINT_AT_LATEST_TICKS || (ticks >= CHECKPOINT_EVERY_TICKS && worker.slackIsQuiet())) {
      ticks = 0;
      checkpoint(db);
    }
  }, log.child({ module: 'scheduler' }));
  log.info({ port, mode: env.socketMode ? 'socket' : 'http', stages: plan.stages.length, roster: plan.roster.length, unmatched: directory.unmatched().length }, 'crisis bot started');
  const matchingSince = clock();
  const ready = directory.unmatched().length === 0 ? Promise.resolve() : directory.matchAll().then(() => {
    if (!directory.stopped) log.info({ roster: plan.roster.length, tookMs: clock() - matchingSince }, 'every roster member matched to a Slack user');
  });
  // Handled by whoever started the bot (main exits naming the member); not an unhandled rejection.
  ready.catch(() => undefined);

  return {
    app,
    db,
    plan,
    service,
    escalation,
    alerts,
    worker,
    port,
    ready,
    async stop() {
      directory.stop();
      ticker.stop();
      client.interruptWaits();
      await worker.stop();
      await app.stop().catch(() => undefined);
      // Clicks still in their batch window are committed and answered before the file closes.
      await service.flushClicks();
      checkpoint(db, true);
      await walSync.close();
      db.$client.close();
    },
  };
}
