/** buildApp(deps): the one composition root. Wires plugins, services and module routes. */

import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { registerOpenApi } from './platform/api/openapi.ts';
import {
  handleClientError,
  handleFrameworkError,
  registerErrorHandling,
} from './platform/http/error-handler.tsx';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { logSerializers } from './platform/http/logging.ts';
import { registerPlatformRoutes } from './platform/http/platform-routes.ts';
import { type RequestContextOptions, registerRequestContext } from './platform/http/request-context.ts';
import type { RouteContext } from './platform/http/route-context.ts';
import { registerRouteInventory } from './platform/http/route-inventory.ts';
import { registerSessionEnded } from './platform/identity/session-ended.tsx';
import { withDataProtection } from './platform/protection/opening-plugin.ts';
import { registerRateLimits } from './platform/rate-limit/rate-limit.ts';
import { createSessionService, sessionLimits } from './platform/sessions/session-service.ts';
import type { FileStorage } from './platform/storage/file-storage.ts';
import { createTenantService } from './platform/tenancy/tenant-service.ts';
import { createClamdScanner } from './platform/virus-scan/clamd.ts';
import { scannedStorage } from './platform/virus-scan/scanned-storage.ts';
import { registerModuleRoutes } from './routes.ts';
import { createServices, defaultStorage, type Services } from './services.ts';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Uploaded files; defaults to local disk under DATA_DIR/files. */
  storage?: FileStorage;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** pino options, or false to silence logs (tests). */
  logger?: boolean | Record<string, unknown>;
  /** Prefix of the rate-limit keys: '' (the default) in every process of an installation; see rate-limit.ts. */
  rateLimitScope?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** The app's pino options: the configured level, the caller's options, and our serializers. */
function loggerOptions(config: Config, logger: AppDeps['logger']) {
  if (logger === false) return false;
  const given = typeof logger === 'object' ? logger : {};
  return { level: config.logLevel, ...given, serializers: logSerializers };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the Fastify application; the caller listens (main.ts) or injects (tests). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: loggerOptions(config, deps.logger),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Errors raised before routing answer like every other error (problem+json or page, with headers).
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
  });
  const storage = deps.storage ?? defaultStorage(config);
  const clamd = config.clamd;
  // Reads open what protection at rest sealed (platform/protection, decision 0034).
  const { db, protection } = withDataProtection(database.db, config.dataKeys);
  const tenants = createTenantService(db);
  const sessions = createSessionService(db, sessionLimits(config), now);
  const services = createServices({
    db,
    config,
    storage,
    // Uploads are scanned by clamd when one is configured (CLAMD_SOCKET or CLAMD_HOST; issue #14),
    // before they are sealed: the scan reads the plaintext.
    scanUploads: clamd ? (sealed) => scannedStorage(sealed, createClamdScanner(clamd), app.log) : undefined,
    tenants,
    sessions,
    now,
    protection,
  });
  app.decorate('services', services);
  registerRouteInventory(app);
  // A change that was accepted may have written events: this process's job worker looks at once.
  app.addHook('onResponse', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) services.jobSignal.notify();
  });
  const requestContext: RequestContextOptions = { sessions, cookieSecure: config.cookieSecure };

  // Pages and CSS travel compressed (issue #4: page weight); request bodies are never inflated.
  await app.register(compress, { encodings: ['br', 'gzip'], globalDecompression: false });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 5, fields: 20 } });
  await registerOpenApi(app, config.publicUrl, config.version);
  // Before any route: the limiter hooks the routes that declare `config.rateLimit` as they are added.
  await registerRateLimits(app, {
    db: database.db,
    now,
    budgets: {
      login: config.rateLimits.loginPerMinute,
      submit: config.rateLimits.submitPerMinute,
      search: config.rateLimits.searchPerMinute,
      api: config.apiRateLimitPerMinute,
    },
    scope: deps.rateLimitScope ?? '',
  });
  registerRequestContext(app, requestContext);
  // After the request context's hook: a page request of a session that timed out is told why.
  registerSessionEnded(app, {
    sessions,
    cookieSecure: config.cookieSecure,
    origin: new URL(config.publicUrl).origin,
  });
  registerInputGuard(app, new URL(config.publicUrl).origin);
  registerErrorHandling(app);
  const context: RouteContext = { config, services, requestContext, now };
  registerPlatformRoutes(app, { ...context, databaseKind: database.kind });
  await registerModuleRoutes(app, context);
  return app;
}
