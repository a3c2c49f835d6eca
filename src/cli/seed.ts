import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services.ts';
export async function seedDemo(_services: Services, _log: FastifyBaseLogger): Promise<void> {}
