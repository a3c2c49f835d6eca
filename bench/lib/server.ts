/** Servers under test: real `node --import tsx src/main.ts` processes on a free port. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The checkout whose `src/main.ts` is started: this one, or BENCH_SERVER_ROOT (another checkout with
 * its node_modules, to measure before and after a change with the same harness on the same machine).
 */
export const serverRoot = process.env.BENCH_SERVER_ROOT
  ? path.resolve(process.env.BENCH_SERVER_ROOT)
  : repoRoot;

export interface ServerOptions {
  /** PostgreSQL URL; undefined → embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** DATA_DIR (PGlite files, uploads); a new temp dir when not given. */
  dataDir?: string;
  /** Port to listen on; a free one when not given (give the old one to restart "the same" server). */
  port?: number;
  /** Extra environment (e.g. DB_POOL_SIZE). */
  env?: Record<string, string>;
  /** Give up waiting for /healthz after this long (default 120 s). */
  timeoutMs?: number;
  /** Extra node options before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 on /healthz. */
  startupMs: number;
  /** The process's recent output (for error messages). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal (e.g. SIGKILL for crash tests) and resolves when the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A temporary directory for a server's DATA_DIR. */
export function tempDataDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ingang-bench-${label}-`));
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** One GET; resolves with the status code (0 when the connection failed). */
export function getStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls /healthz until it answers 200; fails when the process exits or the time runs out. */
async function awaitHealthy(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  child.once('exit', () => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`server exited before it was healthy:\n${output()}`);
    if ((await getStatus(`${url}/healthz`, 1000)) === 200) return;
    if (Date.now() > deadline) throw new Error(`server not healthy after ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Asks a live server for Node's diagnostic report and returns its JavaScript stack and the open
 * libuv handles (sockets, timers): where a server that never answered /healthz was waiting.
 */
async function stuckReport(child: ChildProcess, dataDir: string): Promise<string | undefined> {
  if (child.exitCode !== null || child.signalCode !== null) return undefined;
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 100) {
    const name = fs.readdirSync(dataDir).find((file) => /^report\..*\.json$/.test(file));
    if (name) {
      try {
        const report = JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8'));
        const active = (report.libuv ?? []).filter((handle: { is_active?: boolean }) => handle.is_active);
        const counts = new Map<string, number>();
        for (const handle of active as { type: string }[]) {
          counts.set(handle.type, (counts.get(handle.type) ?? 0) + 1);
        }
        const sockets = (active as { type: string; localEndpoint?: unknown; remoteEndpoint?: unknown }[])
          .filter((handle) => handle.type === 'tcp' || handle.type === 'udp')
          .map((handle) => JSON.stringify([handle.localEndpoint ?? null, handle.remoteEndpoint ?? null]));
        const handles = [...[...counts].map(([type, count]) => `${count} × ${type}`), ...sockets];
        return `diagnostic report of the stuck server:\n${report.javascriptStack?.stack?.join('\n') ?? ''}\nactive handles:\n${handles.join('\n')}`;
      } catch {
        // Still being written: try again.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'no diagnostic report within 5 s';
}

/** Spawns a server and waits for the first 200 on /healthz. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDataDir('server');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    // Every load generator is one address (127.0.0.1): the limits (still counted, in the database,
    // as in production) are raised so they measure the work rather than refuse it (issue #14).
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const started = performance.now();
  // A server that never becomes healthy is asked for a diagnostic report (SIGUSR2), so the error
  // says where it was stuck instead of only that it was (see stuckReport).
  const reportArgs = ['--report-on-signal', `--report-directory=${dataDir}`];
  const child = spawn(
    process.execPath,
    [...reportArgs, ...(options.nodeArgs ?? []), '--import', './scripts/tsx.mjs', 'src/main.ts'],
    {
      cwd: serverRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const output = () => tail;
  const kill = async (signal: NodeJS.Signals) => {
    const gone = exited(child);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await gone;
  };
  try {
    await awaitHealthy(url, child, options.timeoutMs ?? 120_000, output);
  } catch (error) {
    const report = await stuckReport(child, dataDir);
    await kill('SIGKILL');
    if (report && error instanceof Error) error.message += `\n${report}`;
    throw error;
  }
  const startupMs = performance.now() - started;
  return {
    url,
    port,
    dataDir,
    child,
    startupMs,
    output,
    kill,
    async stop(graceMs = 10_000) {
      const gone = exited(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Bytes of the body as sent (compressed when the server compressed it). */
  bytes: number;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A keep-alive agent (see keepAliveAgent); default: a new connection. */
  agent?: http.Agent;
}

/** A keep-alive agent with at most `connections` sockets: a load test's fixed connection count. */
export function keepAliveAgent(connections: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
}

/** One HTTP request; resolves with status, headers and body (redirects are not followed). */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers, agent: options.agent ?? false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: body.toString('utf8'),
            bytes: body.length,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** An application/x-www-form-urlencoded body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Runs `work` for every item with at most `concurrency` running at once. */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
