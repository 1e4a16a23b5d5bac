import { existsSync } from 'node:fs';
import { startBot } from './bot.js';
import { loadEnv } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { createLogger, scrubTokens } from './logger.js';

/** `npm start`: read .env if present, start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = loadEnv();
  const log = createLogger(env.logLevel, [
    env.slackBotToken,
    env.slackSigningSecret,
    env.slackAppToken,
    env.alertToken,
    env.hootsuiteAccessToken,
    env.twilio?.authToken,
  ]);
  const bot = await startBot({ env, log, onFatal: () => process.exit(1) });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Roster emails are matched after start-up; one Slack does not know stops the bot as before.
  bot.ready.catch(async (error: unknown) => {
    await bot.stop().catch(() => undefined);
    fail(error);
  });
}

/** One line naming the culprit; no stack for configuration mistakes, never a secret. */
function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`crisis-bot: ${error.message}\n`);
  } else {
    // Whatever was thrown: a Slack Web API error (its answer in data.error), a system error's code, any Error, or not an Error at all.
    const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: string; data?: { error?: string }; message?: string };
    const reason = e.data?.error ? `Slack answered ${e.data.error}` : (e.code ?? e.message ?? String(error));
    process.stderr.write(`crisis-bot: could not start: ${scrubTokens(reason)}\n`);
  }
  process.exit(1);
}

main().catch(fail);
