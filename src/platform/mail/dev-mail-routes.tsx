/** GET /dev-mail: the development mailbox page, registered only when DEV_MAILBOX is on (404 otherwise). */
import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import { AppError } from '../errors.ts';
import type { RouteContext } from '../http/route-context.ts';
import { DevMailPage } from './dev-mail-views.tsx';
import { createDevMailbox } from './dev-mailbox.ts';

export const DEV_MAIL_PATH = '/dev-mail';

/** Registers the development mailbox page when the mailbox is on. */
export function registerDevMailRoutes(app: FastifyInstance, { config, services }: RouteContext): void {
  if (!config.devMailbox) {
    // Answer 404 here; unregistered, the path would match /:tenant and redirect to /dev-mail/ first.
    app.get(DEV_MAIL_PATH, async () => {
      throw new AppError('NOT_FOUND');
    });
    return;
  }
  const mailbox = createDevMailbox(services.db);
  app.get(DEV_MAIL_PATH, async (request, reply) => {
    const mails = await mailbox.list();
    return sendPage(reply, <DevMailPage ctx={pageContext(request)} mails={mails} />);
  });
}
