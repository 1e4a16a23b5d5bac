import { App, type CustomRoute } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import { plainFetch } from '../net/plain-fetch.js';
import { boltLogger } from './bolt-logger.js';
import { slackError } from './errors.js';
import { registerListeners, type ListenerDeps } from './listeners/index.js';

/**
 * The Web API client's policy, chosen rather than defaulted (the default keeps retrying for
 * about thirty minutes): a few quick retries, and anything still failing goes back to the
 * outbox, which retries on its own schedule and shows in status. A 429 fails the call at once
 * with Slack's Retry-After: waiting it out inside the client pauses every call it makes, so a
 * busy alerts channel would hold back the pages (see PacedWebClient).
 */
export function webClientOptions(env: Env, log: Logger): WebClientOptions {
  return {
    slackApiUrl: env.slackApiUrl,
    logger: boltLogger(log.child({ module: 'web-api' })),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000, randomize: true },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    // Bolt's respond() takes this too (see net/plain-fetch for why not node's fetch).
    fetch: plainFetch,
  };
}

/**
 * `onRequest` hears of every request from Slack before any listener runs. Bolt's conversation
 * store is off: no listener reads `context.conversation`, and every request paid for its lookup.
 */
/** The bot's identity, from the auth.test start-up made already: Bolt need not ask again. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export function createSlackApp(
  env: Env,
  log: Logger,
  identity: BotIdentity,
  deps: ListenerDeps,
  routes: CustomRoute[],
  onRequest: () => void = () => undefined,
): App {
  const logger = boltLogger(log.child({ module: 'bolt' }));
  const clientOptions = webClientOptions(env, log);
  const app = env.socketMode
    ? new App({
        token: env.slackBotToken,
        ...identity,
        appToken: env.slackAppToken,
        socketMode: true,
        logger,
        clientOptions,
        customRoutes: routes,
        // PORT serves /healthz and /alerts; the socket client asks for its URL where the Web API is.
        installerOptions: { port: env.port, clientOptions: { slackApiUrl: env.slackApiUrl } },
        convoStore: false,
      })
    : new App({
        token: env.slackBotToken,
        ...identity,
        signingSecret: env.slackSigningSecret!,
        logger,
        clientOptions,
        customRoutes: routes,
        processBeforeResponse: false,
        convoStore: false,
      });

  app.use(async ({ next }) => {
    onRequest();
    await next();
  });
  registerListeners(app, deps);

  // One sink for what a listener did not handle: Slack refusals, rate limits and bugs apart.
  app.error((error) => {
    const original = (error as { original?: unknown }).original ?? error;
    const platform = slackError(original);
    if (platform) log.warn({ slackError: platform }, 'Slack refused a call');
    else log.error({ err: original }, 'unhandled error in a listener');
    return Promise.resolve();
  });
  return app;
}
