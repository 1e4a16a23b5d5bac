// vitest globalSetup of the `postgres` project (vitest.config.ts): one PostgreSQL server for the
// whole run, started in vitest's main process before the project's first test file and stopped
// after its last. Vitest runs a project's globalSetup only when that project has files to run, so a
// run of the sqlite project alone (TEST_STORE=sqlite, or --project sqlite) starts nothing.
//
// The URL reaches the test files through provide/inject, which vitest hands to each forked worker;
// test/support/test-database.ts reads it.
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server's URL (its `postgres` database); only in the postgres project. */
    postgresUrl?: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
