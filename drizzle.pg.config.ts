import { defineConfig } from 'drizzle-kit';

// PostgreSQL migrations (npm run db:generate:pg), from the twin of the SQLite schema; drizzle.config.ts is SQLite's.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema-pg.ts',
  out: './drizzle/pg',
});
