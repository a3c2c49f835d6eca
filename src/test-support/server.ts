/**
 * A real HTTP server for browser tests: the test app (createTestApp) with the demo data, listening
 * on 127.0.0.1 on a free port.
 *
 * PUBLIC_URL must be known before buildApp (the development IdP builds its redirects from it), yet
 * the port is only known once something listens. Reserving a port and releasing it races with every
 * other process on the machine. Instead we bind our own HTTP server to port 0 first, build the app
 * with PUBLIC_URL set to that address, and hand each request to Fastify's own request handler
 * (`app.routing`, the same function Fastify's server and `inject` use). The port is never released
 * between learning it and serving on it, so nothing can take it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { seedDemo } from '../cli/seed.ts';
import { createTestApp } from './app.ts';

export interface TestServer {
  /** Where the server answers, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * The map's tiles in browser tests: a host that does not exist, which the browser helpers answer
 * with a 1×1 PNG (e2e/browser.ts), so no test fetches tiles from the internet.
 */
export const TEST_TILE_HOST = 'http://kartbild.test';

function listenOnFreePort(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

/** Starts the demo installation on a free port; `env` overrides the test configuration. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const server = http.createServer();
  const port = await listenOnFreePort(server);
  const baseUrl = `http://${HOST}:${port}`;
  let testApp: Awaited<ReturnType<typeof createTestApp>> | undefined;
  try {
    testApp = await createTestApp({
      PUBLIC_URL: baseUrl,
      MAP_TILE_URL: `${TEST_TILE_HOST}/{z}/{x}/{y}.png`,
      MAP_TILE_ATTRIBUTION: '© Testkartan',
      ...env,
    });
    await seedDemo(testApp.app.services);
  } catch (error) {
    await testApp?.close();
    await closeServer(server);
    throw error;
  }
  const { app } = testApp;
  const close = testApp.close;
  server.on('request', app.routing);
  return {
    baseUrl,
    app,
    async close() {
      await closeServer(server);
      await close();
    },
  };
}
