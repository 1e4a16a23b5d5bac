import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The container files cannot be built here (no Docker engine on the build machine), so what
// can drift from the rest of the repository is pinned: the image runs what `npm start` runs,
// checks /healthz, keeps the database on a volume, never runs as root; compose passes only
// variables the bot documents.

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
/** Instructions of the final stage, continuation lines joined. */
const finalStage = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split(/^FROM /m)
  .at(-1)!
  .split('\n');
const instruction = (name: string) => finalStage.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1).trim());

describe('Dockerfile', () => {
  it('runs the compiled bot with the node flags of npm start', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    const [cmd] = instruction('CMD');
    expect(JSON.parse(cmd!)).toEqual(start);
  });

  it('runs as an unprivileged user, with the database on a volume and a health check on /healthz', () => {
    expect(instruction('USER')).toEqual(['node']);
    const env = instruction('ENV').join(' ');
    const databasePath = /DATABASE_PATH=(\S+)/.exec(env)?.[1];
    expect(databasePath).toBe('/data/crisis.db');
    expect(JSON.parse(instruction('VOLUME')[0]!)).toEqual(['/data']);
    const [healthcheck] = instruction('HEALTHCHECK');
    expect(healthcheck).toMatch(/--start-period=30s/);
    expect(healthcheck).toContain("'/healthz'");
  });

  it('ships the migrations and leaves secrets and local data out of the build context', () => {
    expect(instruction('COPY')).toContain('drizzle ./drizzle');
    const ignored = read('.dockerignore').split('\n');
    for (const path of ['.env', 'node_modules', 'data', '*.db', '.git']) expect(ignored).toContain(path);
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, { build: string; env_file: string; environment: Record<string, string>; volumes: string[]; ports: string[] }>;
    volumes: Record<string, unknown>;
  };
  const bot = compose.services['crisis-bot']!;

  it('builds this repository, reads .env, keeps the database on a named volume and mounts the plan read-only', () => {
    expect(bot.build).toBe('.');
    expect(bot.env_file).toBe('.env');
    expect(bot.volumes).toContain('crisis-data:/data');
    expect(Object.keys(compose.volumes)).toContain('crisis-data'); // the whole list: see the replicas profile
    expect(bot.volumes).toContain(`./crisis-plan.yml:${bot.environment.CRISIS_PLAN}:ro`);
    expect(bot.environment.DATABASE_PATH).toBe('/data/crisis.db');
    expect(bot.ports).toEqual(['${PORT:-3000}:${PORT:-3000}']);
  });

  it('sets only variables .env.example documents', () => {
    const documented = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of Object.keys(bot.environment)) expect(documented).toContain(name);
  });
});

describe("compose.yaml's replicas profile", () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<
      string,
      {
        profiles?: string[];
        environment?: Record<string, string>;
        deploy?: { replicas?: number };
        depends_on?: unknown;
        ports?: string[];
        volumes?: string[];
      }
    >;
    volumes: Record<string, unknown>;
  };
  const { postgres, proxy } = compose.services;
  const replica = compose.services['crisis-bot-replica']!;

  it('runs two bot replicas on one PostgreSQL, behind one port, and none of it without the profile', () => {
    for (const name of ['postgres', 'crisis-bot-replica', 'proxy']) expect(compose.services[name]!.profiles).toEqual(['replicas']);
    expect(compose.services['crisis-bot']!.profiles).toBeUndefined();
    expect(replica.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(replica.ports).toBeUndefined(); // only the proxy is reachable
    expect(proxy!.ports).toEqual(['${PORT:-3000}:3000']);
    const url = new URL(replica.environment!.DATABASE_URL!.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'secret'));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.pathname).toBe(`/${postgres!.environment!.POSTGRES_DB}`);
    expect(url.username).toBe(postgres!.environment!.POSTGRES_USER);
    expect(replica.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres!.volumes).toContain('crisis-postgres:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(['crisis-data', 'crisis-postgres']);
  });

  it("sends the proxy's requests to the replicas, and sets only variables .env.example documents", () => {
    expect(proxy!.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(read('deploy/nginx.conf')).toMatch(/server crisis-bot-replica:3000\b/);
    expect(read('deploy/nginx.conf')).toMatch(/proxy_pass http:\/\/crisis_bot;/);
    const documented = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of Object.keys(replica.environment!)) expect(documented).toContain(name);
    expect(documented).toContain('POSTGRES_PASSWORD');
  });
});
