import { getTableColumns, sql, type Table } from 'drizzle-orm';
import type { ChecklistItem, Crisis, Page } from '../domain/crisis.js';
import type { ChecklistRepo } from './checklist-repo.js';
import type { CrisisRepo } from './crisis-repo.js';
import type { Database } from './database.js';
import { pgArray, type Tx } from './db.js';
import type { PageRepo } from './page-repo.js';
import { checklistItems, crises, pages } from './schema.js';

/** What a batch of clicks decides on: the items and pages it names, and their crises. */
export interface ClickState {
  items: ChecklistItem[];
  pages: Page[];
  crises: Crisis[];
}

/**
 * Reads what a batch of clicks decides on, so that it stays true until the batch commits.
 *
 * SQLite's transactions run one at a time: three reads. On PostgreSQL one statement reads and
 * locks the rows (items and pages for update, their crises for share, each in id order so two
 * batches never lock in opposite orders): a batch of another instance that touches the same
 * rows waits for this one to commit and then reads what it wrote, and a crisis cannot close
 * under it. It was an advisory lock and three reads, four round trips on an event loop busy
 * taking the burst in (bench/ack.ts).
 */
export async function readClickState(
  d: Database,
  repos: { checklist: ChecklistRepo; pages: PageRepo; crises: CrisisRepo },
  tx: Tx,
  itemIds: readonly number[],
  pageIds: readonly number[],
): Promise<ClickState> {
  if (d.dialect === 'sqlite') {
    const items = await repos.checklist.byIds(itemIds, tx);
    const paged = await repos.pages.byIds(pageIds, tx);
    const crisisIds = new Set([...items, ...paged].map((row) => row.crisisId));
    return { items, pages: paged, crises: await repos.crises.byIds([...crisisIds], tx) };
  }
  const [row] = await d.rows<{ items: unknown[]; pages: unknown[]; crises: unknown[] }>(
    tx,
    sql`with i as (select * from checklist_items where id = any(${pgArray(itemIds, 'integer')}) order by id for update),
             p as (select * from pages where id = any(${pgArray(pageIds, 'integer')}) order by id for update),
             c as (select * from crises where id in (select crisis_id from i union select crisis_id from p) order by id for share)
        select (select coalesce(json_agg(i), '[]') from i) as items,
               (select coalesce(json_agg(p), '[]') from p) as pages,
               (select coalesce(json_agg(c), '[]') from c) as crises`,
  );
  return {
    items: fromJson(checklistItems, row!.items),
    pages: fromJson(pages, row!.pages),
    crises: fromJson(crises, row!.crises),
  };
}

/** Rows as `json_agg` gives them (columns by their SQL names) into what a select of the table returns. */
function fromJson<T extends Table>(table: T, rows: unknown[]): T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table));
  return rows.map((json): T['$inferSelect'] => {
    const raw = json as Record<string, unknown>;
    return Object.fromEntries(
      columns.map(([key, column]) => [key, raw[column.name] === null ? null : column.mapFromDriverValue(raw[column.name])]),
    );
  });
}
