/**
 * Keeps "the" server of a crash check running: SIGKILLs it on request and starts it again on the same
 * port, database and DATA_DIR. Clients that lost their connection wait on `awaitServer()`.
 */
import { type RunningServer, type ServerOptions, startServer } from '../lib/server.ts';

export interface KillRecord {
  at: number;
  /** Milliseconds from the kill to the restarted server's first 200 on /healthz. */
  restartMs: number;
}

export class Supervisor {
  #server: RunningServer | undefined;
  #up: Promise<void> = Promise.resolve();
  #markUp: () => void = () => undefined;
  #markFailed: (error: unknown) => void = () => undefined;
  readonly kills: KillRecord[] = [];

  private constructor(readonly options: ServerOptions & { port: number; dataDir: string }) {}

  /** Starts the first server. */
  static async start(options: ServerOptions & { port: number; dataDir: string }): Promise<Supervisor> {
    const supervisor = new Supervisor(options);
    supervisor.#server = await startServer(options);
    return supervisor;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get server(): RunningServer | undefined {
    return this.#server;
  }

  /** Resolves once the server is up (immediately while it is). */
  awaitServer = (): Promise<void> => this.#up;

  /**
   * SIGKILLs the server and starts it again; `beforeKill` runs right before the signal. When the
   * restart fails, waiting clients get the error too.
   */
  async killAndRestart(beforeKill?: () => void): Promise<KillRecord> {
    this.#up = new Promise((resolve, reject) => {
      this.#markUp = resolve;
      this.#markFailed = reject;
    });
    this.#up.catch(() => undefined);
    beforeKill?.();
    const at = Date.now();
    await this.#server?.kill('SIGKILL');
    this.#server = undefined;
    try {
      this.#server = await startServer(this.options);
    } catch (error) {
      this.#markFailed(error);
      throw error;
    }
    const record = { at, restartMs: Date.now() - at };
    this.kills.push(record);
    this.#markUp();
    return record;
  }

  /** The last kill: SIGKILL without a restart (the data is checked as the crash left it). */
  async killForGood(): Promise<void> {
    await this.#server?.kill('SIGKILL');
    this.#server = undefined;
  }

  /** Process output, for error messages. */
  output(): string {
    return this.#server?.output() ?? '';
  }
}
