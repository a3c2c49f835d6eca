/**
 * Page weight (issue #4, figure 3): bytes transferred for the tenant home, an e-service step, My
 * Pages and a case page, as a browser on a first visit gets them: the HTML as sent (compressed, the
 * client accepts `br, gzip`) plus every stylesheet, script and image the page links to, each counted
 * once per page. And the JavaScript each page needs to work: `<script` tags and their bytes (target 0).
 * 1 KB = 1024 bytes. The resident's cases are made through HTTP like real ones (10 school-transport
 * applications; an officer moves them on), so My Pages and the case page show realistic content.
 */
import fs from 'node:fs';
import pg from 'pg';
import { type BenchContext, type PartResult, type PartRow, withBenchDatabase } from './lib/context.ts';
import {
  formBody,
  type HttpResponse,
  httpRequest,
  keepAliveAgent,
  type RunningServer,
  startServer,
  tempDataDir,
} from './lib/server.ts';
import { type BenchSession, createResidents, createSessions, personIdByNumber } from './lib/sessions.ts';
import { round } from './lib/stats.ts';
import { prepareDraft, submitDraft } from './lib/submit-flow.ts';

const TARGET_KB = 50;
const ACCEPT = 'br, gzip';
const RESIDENT_CASES = 10;
const KARIN_PIN = '196701292846';
const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy'];

interface Asset {
  url: string;
  kind: 'stylesheet' | 'script' | 'image';
  bytes: number;
  encoding: string;
  uncompressedBytes: number;
}

interface PageWeight {
  path: string;
  status: number;
  encoding: string;
  htmlBytes: number;
  htmlUncompressedBytes: number;
  assets: Asset[];
  totalBytes: number;
  /** What the same first visit would transfer without compression. */
  totalUncompressedBytes: number;
  scriptTags: number;
  /** Inline script bytes plus the bytes of linked scripts. */
  scriptBytes: number;
  inlineScriptBytes: number;
  securityHeaders: boolean;
}

async function fetchAs(server: RunningServer, path: string, cookie?: string, encoding = ACCEPT) {
  const headers: Record<string, string> = { 'accept-encoding': encoding };
  if (cookie) headers.cookie = cookie;
  return httpRequest(`${server.url}${path}`, { headers });
}

/** Same-origin resources a page links to: stylesheets, scripts (with inline ones) and images. */
function linkedResources(html: string) {
  const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const stylesheets = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\brel="(stylesheet|icon|shortcut icon)"/.test(tag))
    .map((tag) => ({
      url: attribute(tag, 'href'),
      kind: tag.includes('stylesheet') ? 'stylesheet' : 'image',
    }));
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => ({
    url: attribute(match[0], 'src'),
    kind: 'image',
  }));
  return {
    linked: [
      ...stylesheets,
      ...scripts.map((match) => ({ url: attribute(match[1] ?? '', 'src'), kind: 'script' })),
      ...images,
    ].filter((resource): resource is { url: string; kind: Asset['kind'] } =>
      Boolean(resource.url && !/^(https?:)?\/\/|^data:/.test(resource.url)),
    ),
    scriptTags: (html.match(/<script\b/g) ?? []).length,
    inlineScriptBytes: scripts.reduce((sum, match) => sum + Buffer.byteLength(match[2] ?? ''), 0),
  };
}

/** A page and what it links to, each linked resource once, as a browser with an empty cache loads it. */
async function weigh(
  server: RunningServer,
  path: string,
  cookie: string | undefined,
  expect: (html: string) => boolean,
): Promise<PageWeight> {
  const page = await fetchAs(server, path, cookie);
  if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
  const plain = await fetchAs(server, path, cookie, 'identity');
  const html = plain.body;
  if (!expect(html)) throw new Error(`${path} does not show what it should:\n${html.slice(0, 500)}`);
  const { linked, scriptTags, inlineScriptBytes } = linkedResources(html);
  const assets: Asset[] = [];
  for (const resource of new Map(linked.map((item) => [item.url, item])).values()) {
    const response = await fetchAs(server, resource.url, cookie);
    if (response.status !== 200)
      throw new Error(`${resource.url} (linked from ${path}): HTTP ${response.status}`);
    const uncompressed = await fetchAs(server, resource.url, cookie, 'identity');
    assets.push({
      ...resource,
      bytes: response.bytes,
      encoding: String(response.headers['content-encoding'] ?? 'identity'),
      uncompressedBytes: uncompressed.bytes,
    });
  }
  const scriptBytes =
    inlineScriptBytes + assets.filter((a) => a.kind === 'script').reduce((sum, a) => sum + a.bytes, 0);
  return {
    path,
    status: page.status,
    encoding: String(page.headers['content-encoding'] ?? 'identity'),
    htmlBytes: page.bytes,
    htmlUncompressedBytes: plain.bytes,
    assets,
    totalBytes: page.bytes + assets.reduce((sum, asset) => sum + asset.bytes, 0),
    totalUncompressedBytes: plain.bytes + assets.reduce((sum, asset) => sum + asset.uncompressedBytes, 0),
    scriptTags,
    scriptBytes,
    inlineScriptBytes,
    securityHeaders: SECURITY_HEADERS.every((name) => page.headers[name] !== undefined),
  };
}

function sessionCookie(response: HttpResponse): string {
  const cookies = [response.headers['set-cookie'] ?? []].flat();
  const session = cookies
    .map((cookie) => cookie.split(';')[0] ?? '')
    .find((c) => c.startsWith('ingang_session='));
  if (!session) throw new Error('no session cookie');
  return session;
}

/** An anonymous visitor starts the fault report (felanmälan) and lands on its first step. */
async function firstServiceStep(server: RunningServer): Promise<{ path: string; cookie: string }> {
  const start = await fetchAs(server, '/exempelstad/e-tjanster/felanmalan', undefined, 'identity');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(start.body)?.[1];
  if (start.status !== 200 || !csrf)
    throw new Error(`felanmalan start page: HTTP ${start.status}, no CSRF token`);
  const cookie = sessionCookie(start);
  const started = await httpRequest(`${server.url}/exempelstad/e-tjanster/felanmalan/starta`, {
    method: 'POST',
    headers: { cookie },
    body: formBody({ _csrf: csrf }),
  });
  const location = String(started.headers.location ?? '');
  if (started.status !== 303 || !location.includes('/steg/'))
    throw new Error(`starta: HTTP ${started.status} ${location}`);
  return { path: location, cookie };
}

async function postAsOfficer(
  server: RunningServer,
  officer: BenchSession,
  path: string,
  fields: Record<string, string>,
) {
  const response = await httpRequest(`${server.url}${path}`, {
    method: 'POST',
    headers: { cookie: officer.cookie },
    body: formBody({ _csrf: officer.csrfToken, ...fields }),
  });
  if (response.status !== 303)
    throw new Error(`${path}: HTTP ${response.status} ${response.body.slice(0, 300)}`);
}

/**
 * A resident with RESIDENT_CASES school-transport applications submitted through HTTP; Karin Berg
 * (officer) takes the newest and moves it to "Utreds" with a message, and closes half the others.
 */
async function residentWithCases(server: RunningServer, databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [resident] = await createResidents(client, 1, 900_000);
    const karin = await personIdByNumber(client, KARIN_PIN);
    const [officer] = await createSessions(client, [karin], { realm: 'staff' });
    if (!resident || !officer) throw new Error('sessions were not created');
    const agent = keepAliveAgent(1);
    try {
      for (let i = 0; i < RESIDENT_CASES; i++) {
        const status = await submitDraft(server.url, await prepareDraft(server.url, resident, agent), agent);
        if (status !== 303) throw new Error(`submission ${i + 1}: HTTP ${status}`);
      }
    } finally {
      agent.destroy();
    }
    const { rows } = await client.query(
      'select reference from "case" where applicant_person_id = $1 order by submitted_at desc, id desc',
      [resident.id],
    );
    const references = rows.map((row) => row.reference as string);
    const [newest, ...older] = references;
    if (!newest || references.length !== RESIDENT_CASES) throw new Error(`expected ${RESIDENT_CASES} cases`);
    const base = '/exempelstad/handlaggning/arenden';
    await postAsOfficer(server, officer, `${base}/${newest}/ta`, {});
    await postAsOfficer(server, officer, `${base}/${newest}/status`, {
      status: 'inProgress',
      message: 'Vi har börjat utreda din ansökan och hör av oss om vi behöver veta mer.',
    });
    for (const reference of older.slice(0, RESIDENT_CASES / 2)) {
      await postAsOfficer(server, officer, `${base}/${reference}/ta`, {});
      await postAsOfficer(server, officer, `${base}/${reference}/status`, { status: 'closed', message: '' });
    }
    return { resident, casePath: `/mina-sidor/arenden/${newest}` };
  } finally {
    await client.end();
  }
}

/** Every linked script once (a browser caches it across pages) plus every page's inline scripts. */
function javaScriptBytes(pages: PageWeight[]): number {
  const linked = new Map(
    pages.flatMap((page) =>
      page.assets.filter((asset) => asset.kind === 'script').map((a) => [a.url, a.bytes]),
    ),
  );
  const inline = pages.reduce((sum, page) => sum + page.inlineScriptBytes, 0);
  return [...linked.values()].reduce((sum, bytes) => sum + bytes, inline);
}

const kb = (bytes: number) => round(bytes / 1024, 1);

function rowsOf(pages: Record<string, PageWeight>, requiredJsKB: number): PartRow[] {
  return [
    ...Object.entries(pages).map(([name, page]) => ({
      name: `pageWeightKB.${name} (${page.encoding}, HTML ${kb(page.htmlBytes)} + linked ${kb(page.totalBytes - page.htmlBytes)})`,
      value: `${kb(page.totalBytes)} KB`,
      target: `≤ ${TARGET_KB} KB`,
      ok: page.totalBytes / 1024 <= TARGET_KB,
    })),
    {
      name: 'requiredJsKB (script tags on the four pages)',
      value: `${requiredJsKB} KB (${Object.values(pages).reduce((sum, page) => sum + page.scriptTags, 0)} tags)`,
      target: '0',
      ok: requiredJsKB === 0,
    },
  ];
}

/** Starts a server on a fresh database, makes the resident's cases, weighs the four pages. */
export async function run(context: BenchContext): Promise<PartResult> {
  return withBenchDatabase(context, `ingang_bench_pageweight_${process.pid}`, async (databaseUrl) => {
    const server = await startServer({ databaseUrl, dataDir: tempDataDir('pageweight') });
    try {
      context.log(`page weight: ${RESIDENT_CASES} applications through HTTP`);
      const { resident, casePath } = await residentWithCases(server, databaseUrl);
      const step = await firstServiceStep(server);
      const pages: Record<string, PageWeight> = {
        home: await weigh(server, '/exempelstad/', undefined, (html) => html.includes('Felanmälan')),
        serviceStep: await weigh(server, step.path, step.cookie, (html) =>
          /<form[^>]*method="post"/i.test(html),
        ),
        myPages: await weigh(
          server,
          '/mina-sidor',
          resident.cookie,
          (html) => new Set(html.match(/EXS-\d{4}-\d{6}/g)).size === RESIDENT_CASES,
        ),
        casePage: await weigh(server, casePath, resident.cookie, (html) =>
          html.includes(casePath.split('/').at(-1) ?? '-'),
        ),
      };
      for (const [name, page] of Object.entries(pages)) {
        context.log(
          `  ${name}: ${kb(page.totalBytes)} KB (${page.encoding}; ${kb(page.totalUncompressedBytes)} KB uncompressed)`,
        );
      }
      const requiredJsKB = kb(javaScriptBytes(Object.values(pages)));
      return {
        figures: {
          pageWeightKB: Object.fromEntries(
            Object.entries(pages).map(([name, page]) => [name, kb(page.totalBytes)]),
          ),
          requiredJsKB,
          pageWeight: { acceptEncoding: ACCEPT, kilobyte: 1024, pages },
        },
        rows: rowsOf(pages, requiredJsKB),
      };
    } finally {
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
}
