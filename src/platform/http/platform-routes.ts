/** Platform routes: health, static assets, language switch, tenant theme. */

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import type { DatabaseKind } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import { LANGUAGES } from '../i18n/i18n.ts';
import { htmlInput, ReturnPathQuery, SlugParam } from './input-schemas.ts';
import { LEAFLET_PATH, loadLeafletFiles } from './leaflet-assets.ts';
import { LANGUAGE_COOKIE, safeReturnPath } from './request-context.ts';
import type { RouteContext } from './route-context.ts';

// A refused param is simply not found (404); a refused query is the friendly 400 page.
const AssetParams = Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$' }) });
const LanguageParams = Type.Object({ lang: Type.Union(LANGUAGES.map((lang) => Type.Literal(lang))) });
const LanguageQuery = Type.Object({ tillbaka: ReturnPathQuery });
const TenantParams = Type.Object({ tenant: SlugParam });

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/static');

interface StaticAsset {
  body: Buffer;
  type: string;
  etag: string;
}

function loadStaticAssets(): Map<string, StaticAsset> {
  const types: Record<string, string> = {
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.js': 'text/javascript',
  };
  const assets = new Map<string, StaticAsset>();
  for (const name of fs.readdirSync(staticDir)) {
    const body = fs.readFileSync(path.join(staticDir, name));
    const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(name, { body, type: types[path.extname(name)] ?? 'application/octet-stream', etag });
  }
  return assets;
}

/** Registers /healthz, /static/* (with Leaflet's files), /sprak/:lang and /:tenant/tema.css. */
export function registerPlatformRoutes(
  app: FastifyInstance,
  context: RouteContext & { databaseKind: DatabaseKind },
): void {
  const assets = loadStaticAssets();

  app.get('/healthz', async (_request, reply) => {
    await sql`select 1`.execute(context.services.db);
    return reply.send({ status: 'ok', database: context.databaseKind, version: context.config.version });
  });

  const assetInput = htmlInput({ params: AssetParams });
  app.get<{ Params: Static<typeof AssetParams> }>('/static/:name', assetInput, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) throw new AppError('NOT_FOUND');
    reply.header('cache-control', 'public, max-age=3600').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  // Leaflet's files never change under their versioned path: a year, immutable.
  const leaflet = loadLeafletFiles();
  const leafletInput = htmlInput({ params: AssetParams });
  const sendLeaflet = (name: string, reply: FastifyReply) => {
    const file = leaflet.get(name);
    if (!file) throw new AppError('NOT_FOUND');
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.type(file.type).send(file.body);
  };
  app.get<{ Params: Static<typeof AssetParams> }>(`${LEAFLET_PATH}/:name`, leafletInput, (request, reply) =>
    sendLeaflet(request.params.name, reply),
  );
  app.get<{ Params: Static<typeof AssetParams> }>(
    `${LEAFLET_PATH}/images/:name`,
    leafletInput,
    (request, reply) => sendLeaflet(`images/${request.params.name}`, reply),
  );

  app.get<{ Params: Static<typeof LanguageParams>; Querystring: Static<typeof LanguageQuery> }>(
    '/sprak/:lang',
    htmlInput({ params: LanguageParams, querystring: LanguageQuery }),
    async (request, reply) => {
      reply.setCookie(LANGUAGE_COOKIE, request.params.lang, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure: context.config.cookieSecure,
        maxAge: 365 * 24 * 3600,
      });
      return reply.redirect(safeReturnPath(request.query.tillbaka), 303);
    },
  );

  app.get<{ Params: Static<typeof TenantParams> }>(
    '/:tenant/tema.css',
    htmlInput({ params: TenantParams }),
    async (request, reply) => {
      const tenant = await context.services.tenants.bySlug(request.params.tenant);
      const { colours } = tenant.settings;
      const valid = (colour: string) => (/^#[0-9a-fA-F]{3,8}$/.test(colour) ? colour : 'inherit');
      reply.header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8');
      return `:root{--primary:${valid(colours.primary)};--primary-text:${valid(colours.primaryText)};--accent:${valid(colours.accent)}}\n`;
    },
  );
}
