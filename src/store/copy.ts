import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import type { SqliteDatabase } from './database.js';
import type { PostgresDatabase } from './postgres.js';
import * as schema from './schema.js';
import * as pgSchema from './schema-pg.js';

export interface CopyReport {
  /** Rows copied, per table. */
  readonly tables: Record<string, number>;
}

/** Refused: the PostgreSQL database already holds something, which a copy would mix with. */
export class NotEmptyError extends Error {
  constructor(readonly table: string) {
    super(`the PostgreSQL database is not empty (table ${table} has rows); copy into a new, empty database`);
  }
}

const ROWS_PER_INSERT = 500;

/** Tables in an order where every table comes after those it references. */
function tablesInOrder(): { name: string; from: SQLiteTable; to: unknown }[] {
  const tables = (Object.entries(schema) as [string, unknown][]).filter((entry): entry is [string, SQLiteTable] => isTable(entry[1]));
  const byName = new Map(tables.map(([key, table]) => [getTableConfig(table).name, { key, table }]));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const fk of getTableConfig(byName.get(name)!.table).foreignKeys) {
      const target = getTableConfig(fk.reference().foreignTable).name;
      if (target !== name) visit(target, path);
    }
    ordered.push(name);
  };
  for (const name of byName.keys()) visit(name, new Set());
  return ordered.map((name) => {
    const { key, table } = byName.get(name)!;
    return { name, from: table, to: (pgSchema as Record<string, unknown>)[key] };
  });
}

function isTable(value: unknown): value is SQLiteTable {
  try {
    return getTableConfig(value as SQLiteTable).name.length > 0;
  } catch {
    return false;
  }
}

/**
 * Moves everything a SQLite database holds into an empty PostgreSQL one, in one transaction:
 * a team that started on SQLite keeps its crises, timelines and debriefs. The bot must be
 * stopped; work it left running is pending again in the copy (whoever runs next takes it).
 */
export async function copySqliteToPostgres(from: SqliteDatabase, to: PostgresDatabase): Promise<CopyReport> {
  const tables = tablesInOrder();
  const copied: Record<string, number> = {};
  await to.transaction(async (tx) => {
    for (const { name } of tables) {
      const [row] = await to.rows<{ n: number }>(tx, sql`select cast(count(*) as integer) as n from ${sql.identifier(name)}`);
      if (row && row.n > 0) throw new NotEmptyError(name);
    }
    for (const { name, from: source, to: target } of tables) {
      let rows = (await from.db.select().from(source)) as Record<string, unknown>[];
      if (name === 'outbox')
        rows = rows.map((r) => (r.state === 'running' ? { ...r, state: 'pending', lease: null, lockedUntil: null } : r));
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        // The same tables on both sides (held equal by test/unit/store/schema-parity.test.ts).
        await tx.insert(target as SQLiteTable).values(rows.slice(i, i + ROWS_PER_INSERT));
      }
      copied[name] = rows.length;
    }
    // Ids were copied as they were: each identity continues after the highest one.
    for (const { name, from: source } of tables) {
      const id = getTableConfig(source).columns.find((c) => c.primary && c.name === 'id' && c.columnType === 'SQLiteInteger');
      if (!id) continue;
      await to.exec(
        tx,
        sql`select setval(pg_get_serial_sequence(${name}, 'id'), coalesce((select max(id) from ${sql.identifier(name)}), 0) + 1, false)`,
      );
    }
  });
  return { tables: copied };
}
