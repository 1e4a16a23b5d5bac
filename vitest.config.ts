import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The suite runs once per store: as project `sqlite` and as project `postgres`, with the same files
// and TEST_STORE set to the project's name in the workers. Both projects share one vitest process
// and its two workers, so neither waits for the other to finish and there is one startup, not two.
// TEST_STORE=sqlite or TEST_STORE=postgres in the environment runs just that one project (as does
// `--project NAME`); only the postgres project starts a PostgreSQL server (test/support/global-setup.ts),
// or uses TEST_DATABASE_URL when that is set.
const STORES = ['sqlite', 'postgres'] as const;
/** Files about PostgreSQL itself: left out of the sqlite project so that they run once. */
const POSTGRES_ONLY = ['test/unit/store/postgres-server.test.ts', 'test/e2e/replicas.test.ts', 'test/e2e/db-copy.test.ts'];

const only = process.env.TEST_STORE;
if (only !== undefined && only !== '' && !(STORES as readonly string[]).includes(only)) {
  throw new Error(`TEST_STORE must be one of ${STORES.join(', ')} (or unset for both), not "${only}"`);
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start a real Bolt app and a Slack stand-in per file; keep files in
    // separate workers but do not oversubscribe the two cores CI has.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: (
      [
        {
          extends: true,
          test: { name: 'sqlite', env: { TEST_STORE: 'sqlite' }, exclude: [...configDefaults.exclude, ...POSTGRES_ONLY] },
        },
        {
          extends: true,
          test: { name: 'postgres', env: { TEST_STORE: 'postgres' }, globalSetup: ['test/support/global-setup.ts'] },
        },
      ] satisfies TestProjectInlineConfiguration[]
    ).filter((project) => !only || project.test.name === only),
  },
});
