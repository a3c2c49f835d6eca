/**
 * Stand-ins for the job thread's module (job-thread-entry.ts), for the tests of the thread's host
 * (job-thread.ts): one that cannot start, and one that starts and then ends when nudged.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobThreadMessage } from '../job-thread-entry.ts';

const port = parentPort;
const post = (message: JobThreadMessage) => port?.postMessage(message);
const role = (workerData as { env?: Record<string, string> }).env?.STAND_IN;

if (role === 'fails') {
  post({
    kind: 'failed',
    error: { type: 'ConfigError', message: 'DATABASE_URL must start with postgres://' },
  });
} else if (role === 'ends-when-nudged') {
  post({ kind: 'log', level: 'info', details: { stage: 'start' }, message: 'stand-in started' });
  port?.on('message', (message: unknown) => {
    if (message === 'nudge') process.exit(3);
    if (message === 'close') {
      post({ kind: 'closed' });
      port.close();
    }
  });
  post({ kind: 'ready', handlers: ['stand-in'], mail: null });
}
