/** Registers every module's routes. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './app.ts';

export async function registerModuleRoutes(_app: FastifyInstance, _context: RouteContext): Promise<void> {}
