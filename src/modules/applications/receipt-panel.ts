/**
 * A section another module adds to the receipt page, bound at the composition root (src/routes.ts)
 * so this module imports none of them: a fault report's follow-up link (issue #11).
 */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../web/page-context.ts';
import type { DraftContext } from './service.ts';

/** Renders the section for one receipt; null or undefined adds nothing. */
export type ReceiptPanel = (input: {
  request: FastifyRequest;
  ctx: PageContext;
  context: DraftContext;
  caseId: string;
}) => Promise<ComponentChildren>;
