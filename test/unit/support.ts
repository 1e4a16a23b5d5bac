import { expect } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { livePlan, parsePlan, type Plan, type UnresolvedPlan } from '../../src/config/plan.js';
import type { ChecklistItem, Crisis, CrisisSnapshot, Page, StatusUpdate } from '../../src/domain/crisis.js';
import { textHash, type StatementVersion } from '../../src/domain/statements.js';
import type { TimelineEntry } from '../../src/domain/timeline.js';
import type { Language } from '../../src/i18n/languages.js';
import { Messages } from '../../src/i18n/messages.js';
import type { ChartSpec } from '../../src/chart/spec.js';
import type { ViewContext } from '../../src/slack/views/context.js';
import { SqliteDatabase, type Database } from '../../src/store/database.js';
import { openTestDatabase } from '../support/store-under-test.js';
import { openSqlite, type Db } from '../../src/store/db.js';
import { Store } from '../../src/store/store.js';

/** Builders and fixtures shared by the unit tests. Not a test file itself. */

export const EXAMPLE_PLAN_PATH = fileURLToPath(new URL('../../crisis-plan.example.yml', import.meta.url));
export const examplePlanText = (): string => readFileSync(EXAMPLE_PLAN_PATH, 'utf8');

/** A parsed plan as the bot runs it once every member is matched: emails to ids as `emails` says. */
export function knownRoster(unresolved: UnresolvedPlan, emails: Readonly<Record<string, string>> = {}): Plan {
  const roster = Object.freeze(
    unresolved.roster.map((m) => {
      const slackId = m.slackId ?? emails[m.email ?? ''];
      if (slackId === undefined) throw new Error(`no Slack id for ${m.name} in this test`);
      return Object.freeze({ ...m, slackId });
    }),
  );
  return livePlan(unresolved, () => roster);
}

/** The example plan, with Kasia (given by email) resolved to U0KASIA. */
export function examplePlan(): Plan {
  return knownRoster(parsePlan(examplePlanText(), 'crisis-plan.example.yml'), { 'kasia@example.com': 'U0KASIA' });
}

/** The same, at once: Kasia's email resolved without a lookup. */
export function examplePlanNow(): Plan {
  const unresolved = parsePlan(examplePlanText(), 'crisis-plan.example.yml');
  return { ...unresolved, roster: unresolved.roster.map((m) => ({ ...m, slackId: m.slackId ?? 'U0KASIA' })) };
}

/** What views render with: the plan, a language (English unless said) and a time zone (UTC unless said). */
export function viewContext(plan: Plan, language: Language = 'en', timeZone = 'UTC'): ViewContext {
  return { m: new Messages(language, timeZone), plan: { ...plan, language, timeZone }, botUserId: 'UBOT' };
}

/** 2026-03-05 10:00:00 UTC */
export const T0 = Date.UTC(2026, 2, 5, 10, 0, 0);
export const MIN = 60_000;

export function crisisRow(over: Partial<Crisis> = {}): Crisis {
  return {
    id: 1,
    openKey: 'trigger-1',
    title: 'Boycott call trending on Instagram',
    severity: 'sev2',
    type: 'default',
    summary: null,
    state: 'open',
    openerId: 'U0OPENER',
    stage: 1,
    channelId: null,
    channelName: null,
    openedAt: T0,
    closedAt: null,
    closedBy: null,
    closeSummary: null,
    debrief: null,
    leadId: null,
    drill: false,
    drillScenario: null,
    ...over,
  };
}

export function pageRow(over: Partial<Page> = {}): Page {
  return {
    id: 1,
    crisisId: 1,
    stage: 1,
    userId: 'U0ANNA',
    memberName: 'Anna Berg',
    pagedAt: T0,
    dmChannel: null,
    dmTs: null,
    dmHasLink: false,
    ackedAt: null,
    chasedAt: null,
    ...over,
  };
}

export function itemRow(over: Partial<ChecklistItem> = {}): ChecklistItem {
  return {
    id: 1,
    crisisId: 1,
    position: 0,
    text: 'Pause all scheduled posts',
    role: null,
    dueAt: null,
    doneWhen: null,
    doneAt: null,
    doneBy: null,
    link: null,
    ...over,
  };
}

export function updateRow(over: Partial<StatusUpdate> = {}): StatusUpdate {
  return { id: 1, crisisId: 1, authorId: 'U0OMAR', text: 'Holding statement is out', postedAt: T0 + 30 * MIN, ...over };
}

/** A statement's version as stored, not decided yet; its hash is its text's. */
export function versionRow(over: Partial<StatementVersion> = {}): StatementVersion {
  const text = over.text ?? 'We are looking into it.';
  return {
    id: 1,
    statementId: 1,
    version: 1,
    text,
    hash: textHash(text),
    authorId: 'U0ANNA',
    createdAt: T0,
    approvedBy: null,
    approvedAt: null,
    approvedHash: null,
    changesBy: null,
    changesAt: null,
    changesReason: null,
    ...over,
  };
}

export function entry(event: TimelineEntry['event'], over: Partial<Omit<TimelineEntry, 'event'>> = {}): TimelineEntry {
  return { id: 1, at: T0, actorId: 'U0OPENER', event, ...over };
}

export function snapshot(over: Partial<CrisisSnapshot> = {}): CrisisSnapshot {
  return {
    crisis: crisisRow(),
    pages: [],
    informs: [],
    statements: [],
    freezes: [],
    held: [],
    responses: [],
    evidence: [],
    qa: [],
    lessons: [],
    actions: [],
    items: [],
    updates: [],
    timeline: [],
    people: new Map(),
    phone: [],
    ...over,
  };
}

/** The one-line ConfigError that `load` throws; fails the test if it throws anything else. */
export function configError(load: () => unknown): string {
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

/** Whether a string has no lone surrogate: half an emoji is what Slack's JSON parser refuses. */
export function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Opens a crisis row directly in the store (as a test's starting point, without the service), in a transaction of its own; its id. */
export async function insertCrisis(
  store: Store,
  openedAt: number,
  over: Partial<{ openKey: string; title: string; severity: 'sev1' | 'sev2' | 'sev3' }> = {},
): Promise<number> {
  const crisis = await store.transaction((tx) =>
    store.crises.insert(tx, { openKey: 'k', title: 'T', severity: 'sev2', type: 'default', openerId: 'U0X', stage: 1, openedAt, ...over }),
  );
  if (!crisis) throw new Error('a crisis with this open key exists already');
  return crisis.id;
}

/** A real SQLite file with the real migrations, in a temporary folder, and how to put it away (for SQLite's own mechanics). */
export function tempSqlite(name: string): { db: Db; database: SqliteDatabase; store: Store; close: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const database = new SqliteDatabase(openSqlite(join(dir, 't.db')));
  const store = new Store(database);
  return {
    db: database.db,
    database,
    store,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A real, empty, migrated database of the store under test (SQLite in a temporary folder, or a
 * new database on the suite's PostgreSQL server), and how to put it away.
 */
export async function tempDatabase(name: string): Promise<{ db: Db; database: Database; store: Store; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const { database, close } = await openTestDatabase(dir);
  return {
    db: database.db,
    database,
    store: new Store(database),
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What tests read of a chart's Vega-Lite spec: a layer may nest layers, and has only some of these. */
export interface SpecLayer {
  layer?: SpecLayer[];
  mark?: { type: string };
  data?: { values: Record<string, unknown>[] };
  encoding?: Partial<
    Record<
      'x' | 'y' | 'color' | 'text',
      { field?: string; axis?: { title?: string; labelExpr?: string }; legend?: { title?: string }; scale?: { domain?: unknown[] } }
    >
  >;
}

/** A chart spec's title and subtitle. */
export const specTitle = (spec: ChartSpec): { text: string; subtitle?: string[] } => spec.title as { text: string; subtitle?: string[] };

/** A chart spec's layers, nested ones flattened. */
export const specLayers = (spec: ChartSpec): SpecLayer[] => (spec.layer as SpecLayer[]).flatMap((l) => (l.layer ? l.layer : [l]));
