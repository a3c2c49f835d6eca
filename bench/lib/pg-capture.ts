/**
 * A PostgreSQL wire-protocol proxy that records what a client sends: every statement with its
 * parameters, and every round trip (Sync or simple Query). Point a server's DATABASE_URL at it to
 * capture exactly the SQL one request executes, without guessing and without touching the
 * database server's logging configuration.
 */
import net from 'node:net';

export interface CapturedStatement {
  connection: number;
  sql: string;
  /** Text-format parameters as sent ($1 → params[0]); null for SQL NULL. */
  params: (string | null)[];
}

export interface PgCapture {
  /** postgres://… URL that reaches `upstreamUrl`'s database through the proxy. */
  url: string;
  /** Starts recording afresh. */
  reset(): void;
  statements(): CapturedStatement[];
  /** Client → server round trips recorded (a Sync or a simple Query each). */
  roundTrips(): number;
  close(): Promise<void>;
}

interface ConnectionState {
  id: number;
  startupDone: boolean;
  buffer: Buffer;
  /** Parsed statements by name ('' is the unnamed one). */
  prepared: Map<string, string>;
  /** Portal name → [sql, params]. */
  portals: Map<string, [string, (string | null)[]]>;
}

function cstring(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

function parseBind(body: Buffer): { portal: string; statement: string; params: (string | null)[] } {
  const [portal, afterPortal] = cstring(body, 0);
  const [statement, afterStatement] = cstring(body, afterPortal);
  let offset = afterStatement;
  const formatCount = body.readInt16BE(offset);
  offset += 2;
  const formats: number[] = [];
  for (let i = 0; i < formatCount; i++, offset += 2) formats.push(body.readInt16BE(offset));
  const paramCount = body.readInt16BE(offset);
  offset += 2;
  const params: (string | null)[] = [];
  for (let i = 0; i < paramCount; i++) {
    const length = body.readInt32BE(offset);
    offset += 4;
    if (length < 0) {
      params.push(null);
      continue;
    }
    const format = formatCount === 1 ? formats[0] : formats[i];
    const bytes = body.subarray(offset, offset + length);
    params.push(format === 1 ? `\\x${bytes.toString('hex')}` : bytes.toString('utf8'));
    offset += length;
  }
  return { portal, statement, params };
}

/** Starts a capturing proxy in front of the server of `upstreamUrl`. */
export async function startPgCapture(upstreamUrl: string): Promise<PgCapture> {
  const upstream = new URL(upstreamUrl);
  const host = upstream.hostname || '127.0.0.1';
  const port = Number(upstream.port || 5432);
  let statements: CapturedStatement[] = [];
  let trips = 0;
  let nextId = 0;
  const sockets = new Set<net.Socket>();

  const onMessage = (state: ConnectionState, type: string, body: Buffer) => {
    if (type === 'P') {
      const [name, afterName] = cstring(body, 0);
      const [sql] = cstring(body, afterName);
      state.prepared.set(name, sql);
    } else if (type === 'B') {
      const bind = parseBind(body);
      state.portals.set(bind.portal, [state.prepared.get(bind.statement) ?? '?', bind.params]);
    } else if (type === 'E') {
      const [portal] = cstring(body, 0);
      const [sql, params] = state.portals.get(portal) ?? ['?', []];
      statements.push({ connection: state.id, sql, params });
    } else if (type === 'Q') {
      const [sql] = cstring(body, 0);
      statements.push({ connection: state.id, sql, params: [] });
      trips++;
    } else if (type === 'S') {
      trips++;
    }
  };

  const consume = (state: ConnectionState, chunk: Buffer) => {
    state.buffer = state.buffer.length ? Buffer.concat([state.buffer, chunk]) : chunk;
    for (;;) {
      if (!state.startupDone) {
        if (state.buffer.length < 8) return;
        const length = state.buffer.readInt32BE(0);
        if (state.buffer.length < length) return;
        const code = state.buffer.readInt32BE(4);
        // SSLRequest / GSSENCRequest are followed by the real startup message.
        if (code !== 80877103 && code !== 80877104) state.startupDone = true;
        state.buffer = state.buffer.subarray(length);
        continue;
      }
      if (state.buffer.length < 5) return;
      const length = state.buffer.readInt32BE(1);
      if (state.buffer.length < 1 + length) return;
      const type = String.fromCharCode(state.buffer[0] as number);
      onMessage(state, type, state.buffer.subarray(5, 1 + length));
      state.buffer = state.buffer.subarray(1 + length);
    }
  };

  const server = net.createServer((client) => {
    const state: ConnectionState = {
      id: nextId++,
      startupDone: false,
      buffer: Buffer.alloc(0),
      prepared: new Map(),
      portals: new Map(),
    };
    const database = net.connect(port, host);
    sockets.add(client);
    sockets.add(database);
    client.on('data', (chunk: Buffer) => {
      consume(state, chunk);
      database.write(chunk);
    });
    database.pipe(client);
    const closeBoth = () => {
      client.destroy();
      database.destroy();
      sockets.delete(client);
      sockets.delete(database);
    };
    client.on('close', closeBoth);
    database.on('close', closeBoth);
    client.on('error', closeBoth);
    database.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    reset() {
      statements = [];
      trips = 0;
    },
    statements: () => [...statements],
    roundTrips: () => trips,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
