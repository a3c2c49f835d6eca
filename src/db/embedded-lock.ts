/**
 * One process at a time in an embedded database's directory. PGlite keeps its database in
 * `DATA_DIR/pglite` and has no lock of its own: a second process that opened it (`ingang migrate`
 * or `seed` beside a running server, a second server) would write over the first one's pages.
 * `DATA_DIR/pglite.lock` names the process that has it open. A lock whose process is gone (killed,
 * crashed) is stale and taken over; on Linux a process counts as the same only with the same start
 * time, so a recycled process id does not keep the database locked.
 */
import fs from 'node:fs';
import path from 'node:path';

export class EmbeddedDatabaseInUse extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is open in process ${pid} (a running server?). ` +
        'Stop that process first (a running server takes backups itself: docs/backup.md). ' +
        `If no such process runs, remove ${path.join(dataDir, 'pglite.lock')}.`,
    );
    this.name = 'EmbeddedDatabaseInUse';
  }
}

/**
 * The start time of a running process (Linux: clock ticks since boot); undefined when it is not
 * running (or is a zombie) or where there is no /proc.
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

const HAS_PROC = fs.existsSync('/proc/self/stat');

/** Whether the process that wrote `holder` ("pid start") still runs. */
function holderRuns(holder: string): boolean {
  const [pidText, started] = holder.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (HAS_PROC) {
    const now = startTimeOf(pid);
    return now !== undefined && (started === undefined || now === started);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of the embedded database in `dataDir` for this process, or throws
 * EmbeddedDatabaseInUse. Returns the function that gives it back.
 */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const file = path.join(dataDir, 'pglite.lock');
  const me = `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // Written whole under another name, then linked: the lock never exists half-written.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${me}\n`);
    try {
      fs.linkSync(temporary, file);
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === me) fs.rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
    let holder: string;
    try {
      holder = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // given back meanwhile
    }
    if (holderRuns(holder)) {
      throw new EmbeddedDatabaseInUse(dataDir, Number(holder.trim().split(' ')[0]));
    }
    // Stale: its process is gone. Whoever removes it first takes it next.
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
