/**
 * How `ingang backup` reaches a running server on the embedded database: a Unix socket,
 * DATA_DIR/backup.sock, readable and writable by the installation's user alone. Whoever may open it
 * may already read DATA_DIR (the database and every file), so the file permission is the whole
 * check; there is no port, no token to leak and nothing a reverse proxy could forward (decision 0036).
 * One request a connection: a JSON line `{"backup": "/absolute/dir"}`; one JSON line back.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { BackupManifest } from './manifest.ts';

export const SOCKET_NAME = 'backup.sock';
/** sun_path holds 108 bytes with the terminating zero. */
const MAX_SOCKET_PATH = 107;
const MAX_REQUEST = 4096;

type Answer = { ok: true; manifest: BackupManifest } | { ok: false; error: string };

/** The shorter of the socket's absolute path and its path from this process's working directory. */
export function socketAddress(dataDir: string): string | undefined {
  const absolute = path.join(path.resolve(dataDir), SOCKET_NAME);
  const relative = path.relative(process.cwd(), absolute);
  const shortest = relative.length < absolute.length ? relative : absolute;
  return Buffer.byteLength(shortest) <= MAX_SOCKET_PATH ? shortest : undefined;
}

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** Reads one line (a request or an answer) from a socket, at most `limit` bytes. */
function readLine(socket: net.Socket, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
      else if (text.length > limit) reject(new Error('message too long'));
    });
    socket.on('end', () => reject(new Error('connection closed before a whole message')));
    socket.on('error', reject);
  });
}

/** Whether something answers on the socket (a live server) rather than a file left by a crash. */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(address);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Listens with permissions for this user alone, from the moment the socket file exists. */
async function listenPrivately(server: net.Server, address: string): Promise<void> {
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  fs.chmodSync(address, 0o600);
}

/**
 * Serves backups of this process's database on DATA_DIR/backup.sock, one at a time; `backUp` takes
 * one into the directory asked for. Resolves with a close function (undefined: nothing served).
 */
export async function serveBackups(
  dataDir: string,
  backUp: (backupDir: string) => Promise<BackupManifest>,
  log: Logger,
): Promise<(() => Promise<void>) | undefined> {
  const address = socketAddress(dataDir);
  if (!address) {
    log.warn(
      { dataDir },
      'DATA_DIR is too long a path for the backup socket: `ingang backup` cannot reach this server',
    );
    return undefined;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(address)) {
    if (await answers(address)) throw new Error(`another process serves backups of ${dataDir} already`);
    fs.rmSync(address, { force: true }); // left by a process that was killed
  }
  let running = false;
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const reply = (answer: Answer) => socket.end(`${JSON.stringify(answer)}\n`);
    readLine(socket, MAX_REQUEST)
      .then(async (line) => {
        const target = (JSON.parse(line) as { backup?: unknown }).backup;
        if (typeof target !== 'string' || !path.isAbsolute(target))
          return reply({ ok: false, error: 'ask for {"backup": "/absolute/directory"}' });
        if (running) return reply({ ok: false, error: 'a backup is being taken already; try again later' });
        running = true;
        try {
          const manifest = await backUp(target);
          log.info({ backupDir: target, files: manifest.files.length }, 'backup taken');
          reply({ ok: true, manifest });
        } finally {
          running = false;
        }
      })
      .catch((error: Error) => {
        log.warn({ err: error }, 'backup refused or failed');
        reply({ ok: false, error: error.message });
      });
  });
  await listenPrivately(server, address);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Asks the server running on DATA_DIR for a backup into `backupDir`. Resolves with its manifest, or
 * undefined when no server listens there; rejects with the server's reason when it refused or failed.
 */
export async function requestBackup(dataDir: string, backupDir: string): Promise<BackupManifest | undefined> {
  const address = socketAddress(dataDir);
  if (!address || !fs.existsSync(address)) return undefined;
  const socket = net.connect(address);
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  if (!connected) return undefined;
  socket.write(`${JSON.stringify({ backup: backupDir })}\n`);
  // The manifest lists every file, so an answer may be long: no limit beyond memory.
  const answer = JSON.parse(await readLine(socket, Number.POSITIVE_INFINITY)) as Answer;
  socket.destroy();
  if (!answer.ok) throw new Error(answer.error);
  return answer.manifest;
}
