/**
 * What every route registration receives. Lives in the platform's HTTP layer so that the
 * platform's own routes (identity, health, development mail) and every module's routes share it
 * without importing the composition root (`app.ts`), which would close an import cycle.
 */
import type { Config } from '../../config.ts';
import type { RequestContextOptions } from './request-context.ts';

/**
 * The services the composition root wires. Empty here on purpose: `services.ts` adds every
 * module's service by declaration merging, so routes see the full, typed set while this file
 * (and so every route file) imports no module.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging in services.ts
export interface RouteServices {}

/** Everything a route registration needs. */
export interface RouteContext {
  config: Config;
  services: RouteServices;
  requestContext: RequestContextOptions;
  now: () => Date;
}
