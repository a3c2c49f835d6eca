/**
 * One resident filing anonymous fault reports (Felanmälan) with a photo, over and over, the way a
 * browser without JavaScript does: start, three steps (the second a multipart upload), submit,
 * receipt. When the server is killed under it, every step is retried once the server is back; a
 * submit whose answer was lost is sent again for the same draft (it must return the same case).
 */
import crypto from 'node:crypto';
import { type HttpAnswer, type HttpSession, ServerUnavailable } from './http-session.ts';

const TENANT = 'exempelstad';
const SERVICE = 'felanmalan';
const START_PAGE = `/${TENANT}/e-tjanster/${SERVICE}`;
const DRAFT_STEP = /^\/exempelstad\/e-tjanster\/felanmalan\/utkast\/([0-9a-f-]{36})\/steg\/what$/;
const REFERENCE = /\b([A-Z]{2,5}-\d{4}-\d{6})\b/;
/** A 1×1 PNG; random bytes after it keep it a PNG to the type sniffer and make every photo unique. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const MAX_TRIES = 40;

export interface Photo {
  filename: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
}

/** A submission the server acknowledged (303 to the receipt) and the receipt's reference. */
export interface Acknowledged {
  draftId: string;
  reference: string;
  photo: Omit<Photo, 'content'>;
  acknowledgedAt: number;
  /** When earlier submit attempts of this draft broke off (the server died under them). */
  interruptedSubmits: number[];
}

export interface FlowStats {
  acknowledged: Acknowledged[];
  /** Acknowledged, but the receipt or the case was gone afterwards. */
  lost: string[];
  /** A second submit of an acknowledged draft that did not lead to the same case. */
  resubmitMismatches: string[];
  resubmitsChecked: number;
  connectionErrors: number;
  serverErrors: string[];
  /** Flows given up because the server answered something unexpected. */
  flowErrors: string[];
}

export function emptyStats(): FlowStats {
  return {
    acknowledged: [],
    lost: [],
    resubmitMismatches: [],
    resubmitsChecked: 0,
    connectionErrors: 0,
    serverErrors: [],
    flowErrors: [],
  };
}

export interface FlowContext {
  stats: FlowStats;
  /** Resolves once the server answers again (immediately while it is up). */
  awaitServer(): Promise<void>;
  /** Share of acknowledged drafts submitted a second time, as a double click would. */
  resubmitShare: number;
}

class FlowError extends Error {}

/** A unique photo of 1–48 KB. */
export function randomPhoto(): Photo {
  const content = Buffer.concat([TINY_PNG, crypto.randomBytes(1024 + crypto.randomInt(47 * 1024))]);
  return {
    filename: `fel-${crypto.randomBytes(6).toString('hex')}.png`,
    sizeBytes: content.length,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
    content,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a request until `accept` takes its answer: a broken connection waits for the server and
 * tries again, as does a 5xx (recorded); any other answer ends the flow. `send` gets the try number.
 */
async function retrying(
  context: FlowContext,
  what: string,
  send: (tries: number) => Promise<HttpAnswer>,
  accept: (answer: HttpAnswer) => boolean,
  onBroken?: () => void,
): Promise<HttpAnswer> {
  for (let tries = 1; ; tries++) {
    try {
      const answer = await send(tries);
      if (accept(answer)) return answer;
      if (answer.status < 500)
        throw new FlowError(`${what}: ${answer.status} ${answer.location ?? ''}`.trim());
      context.stats.serverErrors.push(`${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
      await pause(100);
    } catch (error) {
      if (!(error instanceof ServerUnavailable)) throw error;
      context.stats.connectionErrors++;
      onBroken?.();
    }
    if (tries >= MAX_TRIES) throw new FlowError(`${what}: no answer after ${tries} tries`);
    await context.awaitServer();
  }
}

const redirectsTo = (target: string | RegExp) => (answer: HttpAnswer) =>
  answer.status === 303 &&
  (typeof target === 'string' ? answer.location === target : target.test(answer.location ?? ''));

/** Opens the e-service's start page, which gives an anonymous visitor a session and a CSRF token. */
export async function openSession(session: HttpSession, context: FlowContext): Promise<void> {
  await retrying(
    context,
    'start page',
    () => session.get(START_PAGE),
    (answer) => answer.status === 200 && session.csrfToken !== '',
  );
}

/** Starts a draft and fills in every step; returns the draft's base URL and the uploaded photo. */
export async function fillDraft(session: HttpSession, context: FlowContext) {
  const started = await retrying(
    context,
    'start',
    () => session.postForm(`${START_PAGE}/starta`, {}),
    redirectsTo(DRAFT_STEP),
  );
  const base = String(started.location).replace(/\/steg\/what$/, '');
  await retrying(
    context,
    'step what',
    () =>
      session.postForm(`${base}/steg/what`, {
        category: 'street-lighting',
        description: 'Gatlyktan utanför nummer 12 lyser inte.',
      }),
    redirectsTo(`${base}/steg/where`),
  );
  const photo = randomPhoto();
  await retrying(
    context,
    'step where (upload)',
    async (tries) => {
      // A retried upload may have been stored before the answer was lost: a browser would show it.
      const alreadyThere =
        tries > 1 && (await session.get(`${base}/steg/where`)).body.includes(photo.filename);
      const fields = { 'location.address': 'Storgatan 12' };
      return alreadyThere
        ? session.postForm(`${base}/steg/where`, fields)
        : session.postMultipart(`${base}/steg/where`, fields, [
            { field: 'photos', filename: photo.filename, contentType: 'image/png', content: photo.content },
          ]);
    },
    redirectsTo(`${base}/steg/contact`),
  );
  await retrying(
    context,
    'step contact',
    () => session.postForm(`${base}/steg/contact`, { wantsContact: 'no' }),
    redirectsTo(`${base}/granska`),
  );
  return { base, photo };
}

/** Reads the reference from the receipt; undefined when the receipt is gone (404). */
export async function receiptReference(session: HttpSession, context: FlowContext, base: string) {
  const receipt = await retrying(
    context,
    'receipt',
    () => session.get(`${base}/kvitto`),
    (answer) => answer.status === 200 || answer.status === 404,
  );
  if (receipt.status === 404) return undefined;
  const reference = REFERENCE.exec(receipt.body)?.[1];
  if (!reference) throw new FlowError('receipt without a reference');
  return reference;
}

/** Files one fault report; records the acknowledgement (or the loss) in the stats. */
export async function fileFaultReport(session: HttpSession, context: FlowContext): Promise<void> {
  try {
    const { base, photo } = await fillDraft(session, context);
    const draftId = /utkast\/([0-9a-f-]{36})$/.exec(base)?.[1] ?? '';
    const interruptedSubmits: number[] = [];
    await retrying(
      context,
      'submit',
      () => session.postForm(`${base}/skicka`, {}, 'submit'),
      redirectsTo(`${base}/kvitto`),
      () => interruptedSubmits.push(Date.now()),
    );
    const acknowledgedAt = Date.now();
    const reference = await receiptReference(session, context, base);
    if (!reference) {
      context.stats.lost.push(`draft ${draftId}: submit acknowledged, receipt gone (404)`);
      return;
    }
    const { content: _content, ...photoFacts } = photo;
    context.stats.acknowledged.push({
      draftId,
      reference,
      photo: photoFacts,
      acknowledgedAt,
      interruptedSubmits,
    });
    if (Math.random() < context.resubmitShare) await submitAgain(session, context, base, reference);
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    context.stats.flowErrors.push(error.message);
  }
}

/** A double click after the receipt: the same draft submitted again must lead to the same case. */
async function submitAgain(session: HttpSession, context: FlowContext, base: string, reference: string) {
  context.stats.resubmitsChecked++;
  const again = await retrying(
    context,
    'submit again',
    () => session.postForm(`${base}/skicka`, {}, 'submit'),
    (answer) => answer.status < 500,
  );
  const sameCase = again.status === 303 && again.location === `${base}/kvitto`;
  const shown = sameCase ? await receiptReference(session, context, base) : undefined;
  if (shown !== reference)
    context.stats.resubmitMismatches.push(
      `${reference}: second submit answered ${again.status} ${again.location ?? ''}, receipt shows ${shown}`,
    );
}
