import { existsSync } from 'node:fs';
import { DEFAULT_DATABASE_PATH } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { scrubTokens } from './logger.js';
import { copySqliteToPostgres } from './store/copy.js';
import { SqliteDatabase } from './store/database.js';
import { openSqlite } from './store/db.js';
import { openPostgres } from './store/postgres.js';

/**
 * `npm run db:copy`: moves the SQLite database at DATABASE_PATH into the empty PostgreSQL
 * database at DATABASE_URL. Run it with the bot stopped, once, before starting on PostgreSQL.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // Only the two database settings: the copy needs no Slack credentials.
  const databasePath = process.env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl || !/^postgres(ql)?:\/\/./.test(databaseUrl))
    throw new ConfigError('DATABASE_URL: must be the postgres:// URL to copy into');
  if (!existsSync(databasePath)) throw new ConfigError(`DATABASE_PATH: no SQLite database at ${databasePath}`);
  const from = new SqliteDatabase(openSqlite(databasePath));
  const to = await openPostgres(databaseUrl);
  try {
    const { tables } = await copySqliteToPostgres(from, to);
    const total = Object.values(tables).reduce((a, b) => a + b, 0);
    process.stdout.write(`copied ${total} rows from ${databasePath} into PostgreSQL\n`);
    for (const [table, rows] of Object.entries(tables)) if (rows > 0) process.stdout.write(`  ${table}: ${rows}\n`);
  } finally {
    await from.close();
    await to.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`crisis-bot db:copy: ${scrubTokens(message)}\n`);
  process.exit(1);
});
