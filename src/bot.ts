import type { App } from '@slack/bolt';
import { Server } from 'node:http';
import type { Logger } from 'pino';
import { withChart } from './chart/render.js';
import type { Env } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { hootsuiteAccounts, livePlan, loadPlan, planChannels, type Plan, type RosterMember, type UnresolvedPlan } from './config/plan.js';
import { HootsuiteClient, withHootsuite } from './hootsuite/client.js';
import { HootsuiteTokenKeeper } from './hootsuite/tokens.js';
import { TwilioClient, withTwilio } from './twilio/client.js';
import { twilioRoutes } from './twilio/routes.js';
import { alertRoutes } from './http/alerts.js';
import { responseRoutes } from './http/responses.js';
import { healthRoute } from './http/health.js';
import { Messages } from './i18n/messages.js';
import { workerKinds, type JobOutbox } from './jobs/index.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxWorker } from './outbox/worker.js';
import { startTicker, type Ticker } from './scheduler/tick.js';
import { AlertService } from './services/alert-service.js';
import { AmendService } from './services/amend-service.js';
import { Changes } from './services/changes.js';
import { CrisisService } from './services/crisis-service.js';
import { deadlinesOf } from './services/deadlines.js';
import { DebriefService, type CompileDebrief } from './services/debrief-service.js';
import { EscalationService } from './services/escalation-service.js';
import { FreezeService } from './services/freeze-service.js';
import { HoldService } from './services/hold-service.js';
import { LearningService } from './services/learning-service.js';
import { Pager } from './services/pager.js';
import { ReminderService } from './services/reminder-service.js';
import { ResponseService } from './services/response-service.js';
import { RosterDirectory, backoffMs } from './services/roster-directory.js';
import { SlackFactRecorder } from './services/slack-fact-recorder.js';
import { StatementService } from './services/statement-service.js';
import { PlanService } from './services/plan-service.js';
import { HomeService } from './services/home-service.js';
import { DrillService } from './services/drill-service.js';
import type { Tx } from './store/db.js';
import { checkPlan } from './domain/plan-check.js';
import { slackFacts } from './slack/plan-facts.js';
import { PhoneService } from './services/phone-service.js';
import { createSlackApp, webClientOptions } from './slack/app.js';
import { ChannelWatch } from './slack/channel-watch.js';
import { slackDirectory } from './slack/directory.js';
import { ChannelUnreachable, slackRetryPolicy } from './slack/errors.js';
import { PacedWebClient } from './slack/paced-client.js';
import { Pacer } from './slack/pacer.js';
import { slackPort } from './slack/port.js';
import { alertTexts } from './slack/views/alert-texts.js';
import type { ViewContext } from './slack/views/context.js';
import { renderDebriefFile } from './slack/views/debrief-file.js';
import { jobViews } from './slack/views/index.js';
import { SqliteDatabase, type Database } from './store/database.js';
import { openSqlite } from './store/db.js';
import { Store } from './store/store.js';

/**
 * Seconds between WAL checkpoints (the scheduler ticks once a second). A checkpoint copies and
 * syncs pages on the event loop, so it waits for a pause in Slack's requests, up to a limit.
 */
const CHECKPOINT_EVERY_TICKS = 10;
const CHECKPOINT_AT_LATEST_TICKS = 60;
/** Seconds between looks at a channel of the plan the bot was removed from. */
const LOOK_EVERY_TICKS = 15;
/** How often (in ticks, seconds) an idle bot looks whether Hootsuite's token is due for a refresh. */
const TOKEN_LOOK_EVERY_TICKS = 300;

export interface Bot {
  readonly app: App;
  /** The database the bot keeps everything in. */
  readonly database: Database;
  readonly store: Store;
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
  /** How long a claim on a job holds without renewal (see DEFAULT_LEASE_MS); shorter in tests of a takeover. */
  leaseMs?: number;
}

/**
 * Wiring, in the order that keeps a bad start harmless: configuration is validated before
 * anything talks to Slack, and the database is migrated before anything is accepted.
 */
export async function startBot({ env, log, clock = Date.now, onFatal, paced = true, leaseMs }: BotOptions): Promise<Bot> {
  const unresolved = loadPlan(env.crisisPlanPath);
  checkPlanAgainstEnv(env, unresolved);
  // Twilio unset means no phone pages (the interface's word): said at start, not refused.
  const calling = unresolved.stages.find((s) => s.phoneAfterMs !== undefined);
  if (calling && env.twilio === undefined)
    log.warn(
      { stage: calling.number },
      'the plan calls people (phone_after) but Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, PUBLIC_URL): pages stay in Slack',
    );
  // Made after what reaches them: the services kick the worker (which runs jobs whose decisions
  // are the services'), and Slack's channel watch, made before the store, wakes what waited.
  const later: { worker?: OutboxWorker; store?: Store } = {};
  const slack = await connectSlack(env, log, unresolved, clock, paced, (channel) => {
    void later.store?.outbox
      .wake(ChannelUnreachable.reason(channel), clock())
      .then(() => later.worker?.kick())
      .catch((error: unknown) => log.error({ err: error }, 'could not wake the work that waited for a channel'));
  });
  const { database, store } = await openStore(env, log, onFatal);
  later.store = store;
  // Only called from matchAll, which starts once everything is wired.
  const directory = await matchRoster(unresolved, env, slack.client, store, log, clock, (members) => wiring.escalation.pageLate(members));
  const plan = livePlan(unresolved, () => directory.known());
  const view: ViewContext = { m: new Messages(plan.language, plan.timeZone), plan, botUserId: slack.botUserId };
  const wiring = wireServices({
    store,
    plan,
    phoneOn: env.twilio !== undefined,
    view,
    botUserId: slack.botUserId,
    clock,
    log,
    kick: () => later.worker?.kick(),
    kickAfterBurst: () => later.worker?.kickAfterBurst(),
  });
  const tokens =
    env.hootsuiteOAuth && hootsuiteAccounts(plan).length
      ? new HootsuiteTokenKeeper({
          store,
          oauth: env.hootsuiteOAuth,
          apiUrl: env.hootsuiteApiUrl,
          clock,
          onRefused: (tx, refusal, now) => wiring.holds.schedulerRefused(tx, refusal, now),
          log: log.child({ module: 'hootsuite' }),
        })
      : undefined;
  const worker = (later.worker = startWorker(wiring, { env, store, plan, view, slack, clock, log, leaseMs, tokens }));

  const routes = [
    healthRoute(
      database,
      () => slack.watch.problems(),
      () => worker.work(),
      async () => (tokens ? tokens.problems() : []),
    ),
    ...alertRoutes(wiring.alerts, env.alertToken, log.child({ module: 'http' })),
    ...responseRoutes(wiring.service, wiring.responses, env.alertToken, log.child({ module: 'http' })),
    ...(env.twilio ? twilioRoutes(wiring.phone, env.twilio, view.m, plan, log.child({ module: 'twilio' })) : []),
  ];
  const { service, escalation, amend, statements, freezes, holds, responses, learning, alerts, phone, planService, homes } = wiring;
  // Who each stage would page now: the plan as written, with Slack asked about every member.
  const planCheck = async () =>
    checkPlan(
      unresolved,
      await slackFacts(slack.client, {
        members: unresolved.roster,
        matched: (m) => directory.known().find((k) => k.name === m.name)?.slackId,
        matching: (m) => directory.unmatched().includes(m),
        timeZone: plan.timeZone,
      }),
      env.twilio !== undefined,
    );
  const app = createSlackApp(
    env,
    log,
    { botId: slack.botId, botUserId: slack.botUserId },
    {
      service,
      escalation,
      amend,
      statements,
      statementRepo: store.statements,
      freezes,
      holds,
      responses,
      learning,
      alerts,
      phone,
      planService,
      planCheck,
      homes,
      plan,
      view,
      clock,
      slackWaits: (ms) => slack.pacer.longWaits(ms),
      rosterUnmatched: () => directory.unmatched(),
      log: log.child({ module: 'slack' }),
    },
    routes,
    worker.noteRequest,
  );
  // Before any request can claim work, so only jobs interrupted by the last stop are reset.
  await worker.recover(true);
  await planService.startReviews();
  const port = boundPort(await app.start(env.port), env.port);
  void worker.drain().catch((error: unknown) => log.error({ err: error }, 'outbox drain failed; the scheduler tick will try again'));
  const ticker = startHousekeeping({ database, worker, slack, log, tokens });
  log.info(
    {
      port,
      mode: env.socketMode ? 'socket' : 'http',
      stages: plan.stages.length,
      roster: plan.roster.length,
      unmatched: directory.unmatched().length,
    },
    'crisis bot started',
  );
  const ready = rosterReady(directory, plan, clock, log);

  return {
    app,
    database,
    store,
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
      slack.client.interruptWaits();
      await worker.stop();
      await app.stop().catch(() => undefined);
      // Clicks still in their batch window are committed and answered before the file closes.
      await service.flushClicks();
      await database.close();
    },
  };
}

/** The port the HTTP receiver bound (PORT may be 0); Socket Mode's start answers no server. */
function boundPort(started: unknown, asked: number): number {
  const address = started instanceof Server ? started.address() : null;
  return typeof address === 'object' && address !== null ? address.port : asked;
}

/** What the plan asks of the environment: a place to triage alerts, a token for the scheduler. */
function checkPlanAgainstEnv(env: Env, plan: UnresolvedPlan): void {
  if (env.alertToken !== undefined && plan.alerts === undefined) {
    throw new ConfigError(`ALERT_TOKEN is set but ${env.crisisPlanPath} has no alerts.channel to triage alerts in`);
  }
  const scheduled = hootsuiteAccounts(plan);
  if (scheduled.length && env.hootsuiteAccessToken === undefined && env.hootsuiteOAuth === undefined) {
    const i = plan.accounts.indexOf(scheduled[0]!);
    throw new ConfigError(
      `HOOTSUITE_ACCESS_TOKEN (or HOOTSUITE_CLIENT_ID, HOOTSUITE_CLIENT_SECRET and HOOTSUITE_REFRESH_TOKEN) is required: ${env.crisisPlanPath} accounts[${i}] (${scheduled[0]!.name}) names scheduler: hootsuite`,
    );
  }
}

interface SlackConnection {
  readonly client: PacedWebClient;
  readonly pacer: Pacer;
  readonly watch: ChannelWatch;
  readonly botId: string;
  readonly botUserId: string;
}

/**
 * Who the bot is, and the channels the plan names checked (public ones joined; a private one the
 * bot is not in stops the start). The watch then lets what waited for a channel go when the bot
 * is let back in.
 */
async function connectSlack(
  env: Env,
  log: Logger,
  plan: UnresolvedPlan,
  clock: () => number,
  paced: boolean,
  onBackIn: (channel: string) => void,
): Promise<SlackConnection> {
  const pacer = new Pacer(Date.now, paced);
  const client = new PacedWebClient(env.slackBotToken, webClientOptions(env, log), pacer);
  const auth = await client.auth.test();
  const watch = new ChannelWatch({
    channels: planChannels(plan),
    log: log.child({ module: 'channels' }),
    clock,
    onBackIn,
  });
  await watch.check(client, auth.user ?? 'crisis-bot', env.crisisPlanPath);
  client.watch(watch);
  return { client, pacer, watch, botId: auth.bot_id!, botUserId: auth.user_id! };
}

/** The database, migrated, with commits whose disk sync can leave the event loop (see WalSync). */
async function openStore(
  env: Env,
  log: Logger,
  onFatal: ((error: Error) => void) | undefined,
): Promise<{ database: Database; store: Store }> {
  if (env.databaseUrl !== undefined) {
    // Loaded only here: a bot on SQLite carries neither the PostgreSQL driver nor its dialect.
    const { openPostgres } = await import('./store/postgres.js');
    const database = await openPostgres(env.databaseUrl, {
      onLostConnection: (error) => log.warn({ err: error }, 'the database closed an idle connection; the next query opens a new one'),
    });
    return { database, store: new Store(database) };
  }
  const database = new SqliteDatabase(openSqlite(env.databasePath), {
    onFailure: (error) => {
      log.fatal({ err: error }, 'the database file could not be synced to disk; nothing more can be recorded safely');
      onFatal?.(error);
    },
  });
  return { database, store: new Store(database) };
}

/**
 * Members known by id or matched before are on the roster at once; the rest are matched in the
 * background once the bot is serving (`ready`), and paged as soon as they are.
 */
function matchRoster(
  plan: UnresolvedPlan,
  env: Env,
  client: PacedWebClient,
  store: Store,
  log: Logger,
  clock: () => number,
  onMatched: (members: readonly RosterMember[]) => Promise<void>,
): Promise<RosterDirectory> {
  return RosterDirectory.open({
    members: plan.roster,
    file: env.crisisPlanPath,
    slack: slackDirectory(client),
    store: store.roster,
    log: log.child({ module: 'roster' }),
    clock,
    onMatched,
    retryDelayMs: (attempt, error) => slackRetryPolicy.retryAfterMs?.(error) ?? backoffMs(attempt),
  });
}

export interface WiringInput {
  store: Store;
  plan: Plan;
  phoneOn: boolean;
  view: ViewContext;
  botUserId: string;
  clock: () => number;
  log: Logger;
  kick: () => void;
  kickAfterBurst: () => void;
}

/** The use cases, each given what it uses; the one place that builds them. */
export function wireServices({ store, plan, phoneOn, view, botUserId, clock, log, kick, kickAfterBurst }: WiringInput) {
  const outbox: JobOutbox = new Outbox(store.outbox);
  const homes = new HomeService({ store, outbox, clock, kick });
  const changes = new Changes(new Outbox(store.outbox));
  const pager = new Pager({ store, outbox, plan, phoneOn, homesStale: (tx: Tx, now: number) => changes.homes(tx, now) });
  const common = { store, outbox, pager, changes, plan, clock, kick };
  const compileDebrief: CompileDebrief = (snap, now, readings) => renderDebriefFile(view, snap, now, readings);
  const debriefs = new DebriefService({ store, outbox, plan, debriefs: store.debriefs, compileDebrief });
  const holds = new HoldService({ ...common, freezes: store.freezes, held: store.held, debriefs, log: log.child({ module: 'hootsuite' }) });
  const responses = new ResponseService({ ...common, responses: store.responses, log: log.child({ module: 'responses' }) });
  const learning = new LearningService({ ...common, learning: store.learning, debriefs, log: log.child({ module: 'learning' }) });
  const freezes = new FreezeService({ ...common, freezes: store.freezes, holds, log: log.child({ module: 'freeze' }) });
  const service = new CrisisService({ ...common, freezes, learning, kickAfterBurst, compileDebrief, log: log.child({ module: 'crisis' }) });
  const escalation = new EscalationService({ ...common, log: log.child({ module: 'escalation' }) });
  const amend = new AmendService({ ...common, botUserId, log: log.child({ module: 'crisis' }) });
  const reminders = new ReminderService({ store, outbox, pager, plan, clock, botUserId });
  const statements = new StatementService({ ...common, statements: store.statements, log: log.child({ module: 'statements' }) });
  const alerts = new AlertService({ ...common, crises: service, botUserId, texts: alertTexts(view), log: log.child({ module: 'alerts' }) });
  const phone = new PhoneService({
    ...common,
    phoneOn,
    acknowledge: (pageId, actor, via) => service.acknowledge(pageId, actor, via),
    log: log.child({ module: 'phone' }),
  });
  const planService = new PlanService({ ...common, log: log.child({ module: 'plan' }) });
  const facts = new SlackFactRecorder({ store, outbox, changes, clock });
  const drills = new DrillService({ ...common, responses, log: log.child({ module: 'drills' }) });
  const deadlines = deadlinesOf({ escalation, reminders, statements, freezes, responses, learning, phone, planService, drills });
  return {
    store,
    service,
    escalation,
    amend,
    statements,
    freezes,
    holds,
    responses,
    learning,
    alerts,
    phone,
    planService,
    homes,
    facts,
    deadlines,
  };
}

/** The outbox worker, running every registered job kind with the jobs' ports wired to their adapters. */
function startWorker(
  wiring: ReturnType<typeof wireServices>,
  {
    env,
    store,
    plan,
    view,
    slack,
    clock,
    log,
    leaseMs,
    tokens,
  }: {
    env: Env;
    store: Store;
    plan: Plan;
    view: ViewContext;
    slack: SlackConnection;
    clock: () => number;
    log: Logger;
    leaseMs: number | undefined;
    tokens: HootsuiteTokenKeeper | undefined;
  },
): OutboxWorker {
  const jobLog = log.child({ module: 'jobs' });
  // The OAuth app, when given, rather than a fixed access token that expires.
  const access = tokens ?? env.hootsuiteAccessToken;
  const scheduler = hootsuiteAccounts(plan).length && access ? new HootsuiteClient(env.hootsuiteApiUrl, access) : undefined;
  const kinds = workerKinds({
    slack: slackPort(slack.client, slack.botUserId, jobLog),
    views: jobViews(view),
    plan,
    store,
    facts: wiring.facts,
    schedulerFacts: wiring.holds,
    deadlines: wiring.deadlines,
    scheduler,
    phone: env.twilio && new TwilioClient(env.twilio),
    phoneFacts: wiring.phone,
    publishFacts: wiring.statements,
    withChart,
    clock,
    log: jobLog,
  });
  return new OutboxWorker({
    outbox: store.outbox,
    transactions: store,
    kinds,
    retry: withTwilio(withHootsuite(slackRetryPolicy)),
    clock,
    log: log.child({ module: 'outbox' }),
    ...(leaseMs === undefined ? {} : { leaseMs }),
    // A SQLite file is one instance's; PostgreSQL may be shared by several.
    exclusive: store.database.dialect === 'sqlite',
  });
}

/** Every second: due work, a look at channels the bot is shut out of, and WAL checkpoints in quiet moments. */
function startHousekeeping({
  database,
  worker,
  slack,
  log,
  tokens,
}: {
  database: Database;
  worker: OutboxWorker;
  slack: SlackConnection;
  log: Logger;
  tokens: HootsuiteTokenKeeper | undefined;
}): Ticker {
  let ticks = 0;
  let looks = 0;
  let looking = false;
  let tokenTicks = 0;
  return startTicker(
    () => {
      // A quiet bot still refreshes Hootsuite's token before it runs out, so the chain of
      // refresh tokens never lapses between crises (current() refreshes only when it is due).
      if (tokens && ++tokenTicks >= TOKEN_LOOK_EVERY_TICKS) {
        tokenTicks = 0;
        tokens.current().catch((error: unknown) => log.warn({ reason: (error as Error).message }, 'could not refresh the Hootsuite token'));
      }
      // On a shared database, work left by an instance that died is taken over once its lease ran out.
      const takenOver = database.dialect === 'sqlite' ? Promise.resolve(0) : worker.recover();
      void takenOver
        .then(() => worker.drain())
        .catch((error: unknown) => log.error({ err: error }, 'outbox drain failed; the next tick will try again'));
      if (++looks >= LOOK_EVERY_TICKS && !looking && slack.watch.problems().length > 0) {
        looks = 0;
        looking = true;
        slack.watch
          .look(slack.client)
          .catch((error: unknown) =>
            log.warn({ reason: slackRetryPolicy.describe(error) }, 'could not look at a channel the bot is out of'),
          )
          .finally(() => (looking = false));
      }
      if (++ticks >= CHECKPOINT_AT_LATEST_TICKS || (ticks >= CHECKPOINT_EVERY_TICKS && worker.slackIsQuiet())) {
        ticks = 0;
        database.checkpoint?.();
      }
    },
    log.child({ module: 'scheduler' }),
  );
}

/** Resolves once every roster member given by email is matched; a member Slack does not know rejects it. */
function rosterReady(directory: RosterDirectory, plan: Plan, clock: () => number, log: Logger): Promise<void> {
  if (directory.unmatched().length === 0) return Promise.resolve();
  const since = clock();
  const ready = directory.matchAll().then(() => {
    if (!directory.stopped)
      log.info({ roster: plan.roster.length, tookMs: clock() - since }, 'every roster member matched to a Slack user');
  });
  // Handled by whoever started the bot (main exits naming the member); not an unhandled rejection.
  ready.catch(() => undefined);
  return ready;
}
