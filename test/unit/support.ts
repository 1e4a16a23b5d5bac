import { expect } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePlan, resolveRoster, type Plan } from '../../src/config/plan.js';
import type { CrisisSnapshot } from '../../src/store/crisis-repo.js';
import type { ChecklistItemRow, CrisisRow, EventRow, PageRow, StatusUpdateRow } from '../../src/store/schema.js';

/** Builders and fixtures shared by the unit tests. Not a test file itself. */

export const EXAMPLE_PLAN_PATH = fileURLToPath(new URL('../../crisis-plan.example.yml', import.meta.url));
export const examplePlanText = (): string => readFileSync(EXAMPLE_PLAN_PATH, 'utf8');

/** The example plan, with Kasia (given by email) resolved to U0KASIA. */
export async function examplePlan(): Promise<Plan> {
  const unresolved = parsePlan(examplePlanText(), 'crisis-plan.example.yml');
  return resolveRoster(unresolved, 'crisis-plan.example.yml', async (email) =>
    email === 'kasia@example.com' ? 'U0KASIA' : undefined,
  );
}

/** 2026-03-05 10:00:00 UTC */
export const T0 = Date.UTC(2026, 2, 5, 10, 0, 0);
export const MIN = 60_000;

export function crisisRow(over: Partial<CrisisRow> = {}): CrisisRow {
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
    ...over,
  };
}

export function pageRow(over: Partial<PageRow> = {}): PageRow {
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
    ...over,
  };
}

export function itemRow(over: Partial<ChecklistItemRow> = {}): ChecklistItemRow {
  return {
    id: 1,
    crisisId: 1,
    position: 0,
    text: 'Pause all scheduled posts',
    role: null,
    dueAt: null,
    firstResponse: false,
    doneAt: null,
    doneBy: null,
    ...over,
  };
}

export function updateRow(over: Partial<StatusUpdateRow> = {}): StatusUpdateRow {
  return { id: 1, crisisId: 1, authorId: 'U0OMAR', text: 'Holding statement is out', postedAt: T0 + 30 * MIN, ...over };
}

export function eventRow(over: Partial<EventRow> = {}): EventRow {
  return { id: 1, crisisId: 1, at: T0, kind: 'opened', actorId: 'U0OPENER', detail: 'Crisis opened', ...over };
}

export function snapshot(over: Partial<CrisisSnapshot> = {}): CrisisSnapshot {
  return {
    crisis: crisisRow(),
    pages: [],
    items: [],
    updates: [],
    events: [],
    people: new Map(),
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
