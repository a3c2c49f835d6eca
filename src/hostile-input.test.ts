/**
 * Hostile input over HTTP (issue #14): fast-check throws malformed and hostile values (NUL, control
 * and bidirectional characters, huge strings, wrong types, prototype-pollution keys, SQL/HTML/script
 * payloads, deep nesting, numbers as strings, arrays for scalars) at every HTML form post (as an
 * actor the authorization matrix allows there, with a valid session and CSRF token), every JSON API
 * route (with the scope), Open311, the sensors' endpoint and every page's path parameters.
 *
 * Properties: never a 5xx; a refused request stores nothing (storeWatch); refusals are as specified —
 * HTML: a Swedish page (400/422 with the error summary, or the "could not be accepted" page);
 * API: problem+json with a stable `code` of the ErrorCode enum and its status; Open311: the spec's
 * `[{code, description}]`. No HTML answer contains a script payload verbatim, no prototype is
 * polluted. The seed is fixed; fast-check prints seed and path on failure, and
 * FUZZ_SEED=<seed> FUZZ_PATH=<path> FUZZ_ROUTE='<METHOD /pattern>' node --import ./scripts/tsx.mjs
 * --test --test-name-pattern='<test>' src/hostile-input.test.ts replays it (docs/security.md).
 */
import assert from 'node:assert/strict';
import { after, before, type TestContext, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { keyOf, requestOf } from './authorization-matrix.requests.ts';
import { MATRIX, type RouteSpec } from './authorization-matrix.table.ts';
import { errorCodes } from './platform/errors.ts';
import type { RegisteredRoute } from './platform/http/route-inventory.ts';
import { createTestApp, type TestApp } from './test-support/app.ts';
import {
  deeplyNested,
  hostileForm,
  hostileJson,
  hostileLike,
  hostileString,
  hugeString,
  POLLUTION_KEYS,
  prototypeIsClean,
  SCRIPT_MARKERS,
} from './test-support/hostile-input.ts';
import { ACTORS, type Actor, type ActorName, type PlannedRequest } from './test-support/security-actors.ts';
import { storeWatch } from './test-support/security-fingerprint.ts';
import { createSecurityScene, type SecurityScene } from './test-support/security-scene.ts';

let t: TestApp;
let scene: SecurityScene;
let watch: ReturnType<typeof storeWatch>;
before(async () => {
  t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '1000000' });
  scene = await createSecurityScene(t, 'fuzz');
  const people = [
    scene.anna.personId,
    scene.erik.personId,
    ...Object.values(scene.staff).map((s) => s.personId),
  ];
  watch = storeWatch(t, scene.tenant.id, people);
});
after(() => t.close());

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14_2026;
const path = process.env.FUZZ_PATH;
const settings = (numRuns: number) => ({ seed, path, numRuns, includeErrorInReport: true });
const CODES = new Map(errorCodes().map((entry) => [entry.code, entry.status]));

/** Fields of routes whose body is dynamic (an e-service step's answers): the demo services' inputs. */
const ANSWER_FIELDS = [
  'category',
  'description',
  'location.address',
  'location.latitude',
  'location.longitude',
  'wantsContact',
  'contactEmail',
  'childPersonalIdentityNumber',
  'grade',
  'distanceKm',
  'homeAddress.postalCode',
  'action',
];

/**
 * What a refused request may still store: a step's answers are saved in the draft before they are
 * checked, so the resident finds what they typed (applications/routes.tsx).
 */
const SAVED_WHEN_REFUSED: Record<string, RegExp> = {
  'POST /:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId': /^(draft=[^,]*)$/,
};

/** The first browser actor the matrix allows on a route (machines have their own tests below). */
function allowedActor(spec: RouteSpec | undefined, browser: boolean): ActorName | undefined {
  if (!spec) return undefined;
  const cells = spec.expect.trim().split(/\s+/);
  return ACTORS.find((name, index) => cells[index] === 'ok' && browser === !name.startsWith('client'));
}

/** The actor and ids a route is fuzzed with: a session of its own, a resource of its own if needed. */
async function setUp(route: RegisteredRoute, spec: RouteSpec, name: ActorName) {
  const given = spec.fresh ? await spec.fresh(t, scene, name) : {};
  const actor: Actor =
    given.actor ?? (name.startsWith('client') ? scene.actors[name] : await scene.fork(name));
  return { actor, request: requestOf(route, spec, { ...scene.ids, ...given.ids }) };
}

/** Sends one hostile request and checks what holds for every answer; the answer for more checks. */
async function send(actor: Actor, request: PlannedRequest, route?: RegisteredRoute) {
  await watch.before();
  const response = await actor.send(request);
  assert.ok(response.statusCode < 500, `${response.statusCode}: ${response.body.slice(0, 300)}`);
  if (response.statusCode >= 400) {
    const changed = await watch.changedByRefusal();
    const allowed = route && SAVED_WHEN_REFUSED[keyOf(route)];
    if (changed && !allowed?.test(changed))
      assert.fail(`a refused request (${response.statusCode}) stored: ${changed}`);
  }
  assert.ok(prototypeIsClean(), 'Object.prototype was polluted');
  return response;
}

function assertSwedishPage(response: LightMyRequestResponse): void {
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('text/html')) {
    for (const marker of SCRIPT_MARKERS) assert.ok(!response.body.includes(marker), `reflected ${marker}`);
  }
  if (response.statusCode < 400) return;
  assert.match(type, /^text\/html/, `a refusal is a page: ${type}`);
  assert.match(response.body, /<html lang="sv"/);
  if (response.statusCode === 400 || response.statusCode === 422) {
    assert.match(
      response.body,
      /Det finns fel i formuläret|Uppgifterna kunde inte tas emot/,
      'Swedish errors',
    );
  }
}

function assertProblem(response: LightMyRequestResponse): void {
  if (response.statusCode < 400) return;
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json() as { code: string; status: number };
  assert.equal(CODES.get(problem.code as never), response.statusCode, `code ${problem.code}`);
  assert.equal(problem.status, response.statusCode);
}

/**
 * Open311's errors (`[{code, description}]`). A URL that fails before any route (invalid UTF-8, a
 * segment longer than the router takes) gets the platform's problem+json 400 or 404 instead.
 */
function assertOpen311(response: LightMyRequestResponse): void {
  if (response.statusCode < 400) return;
  if (String(response.headers['content-type']).startsWith('application/problem+json')) {
    assertProblem(response);
    assert.ok([400, 404].includes(response.statusCode), response.body);
    return;
  }
  const errors = response.json() as { code: number; description: string }[];
  assert.ok(Array.isArray(errors) && errors.length > 0, response.body);
  assert.equal(errors[0]?.code, response.statusCode);
  assert.equal(typeof errors[0]?.description, 'string');
}

/** FUZZ_ROUTE='POST /pattern' fuzzes only that route (to replay one route's failure). */
const only = process.env.FUZZ_ROUTE;
const routes = (filter: (route: RegisteredRoute) => boolean) =>
  t.app.routeInventory.filter((route) => filter(route) && (!only || keyOf(route) === only));
const isHtmlPost = (route: RegisteredRoute) =>
  route.method === 'POST' &&
  !route.tokenAuth &&
  !route.url.startsWith('/api/') &&
  !route.url.startsWith('/dev-idp');

test('every HTML form post, as an actor allowed there, takes hostile fields', async (context: TestContext) => {
  for (const route of routes(isHtmlPost)) {
    const spec = MATRIX[keyOf(route)];
    const name = allowedActor(spec, true);
    if (!spec || !name) continue;
    await context.test(keyOf(route), async () => {
      const { actor, request } = await setUp(route, spec, name);
      const valid = (request.body ?? {}) as Record<string, unknown>;
      const fields = [...new Set([...route.bodyFields, ...Object.keys(valid)])];
      const form = hostileForm(fields.length > 0 ? fields : ANSWER_FIELDS, valid);
      await fc.assert(
        fc.asyncProperty(form, async (body) =>
          assertSwedishPage(await send(actor, { ...request, body }, route)),
        ),
        settings(20),
      );
    });
  }
});

/** JSON bodies: the route's own shape with hostile parts, any JSON, deep nesting, or not JSON at all. */
function jsonBodies(valid: object): fc.Arbitrary<{ payload: string }> {
  const shaped = Array.isArray(valid)
    ? fc.array(hostileLike(valid[0] ?? {}), { maxLength: 3 })
    : hostileLike(valid as Record<string, unknown>);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .oneof(shaped, hostileJson, deeplyNested)
        .map((value) => ({ payload: JSON.stringify(value) ?? 'null' })),
    },
    { weight: 1, arbitrary: fc.oneof(hostileString, hugeString).map((payload) => ({ payload })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{"__proto__": {"polluted": 1}}',
          '{"constructor": {"prototype": {"x": 1}}}',
          '{"a":1,"a":2}',
          '{',
        )
        .map((payload) => ({ payload })),
    },
  );
}

test('every JSON API change and the sensors take hostile JSON: problem+json with a stable code', async (context: TestContext) => {
  const json = (route: RegisteredRoute) =>
    route.method === 'POST' &&
    (route.url.startsWith('/api/v1/') || route.url.endsWith('/readings')) &&
    !route.url.endsWith('/oauth/token');
  for (const route of routes(json)) {
    const spec = MATRIX[keyOf(route)];
    const name = allowedActor(spec, false) ?? allowedActor(spec, true);
    if (!spec || !name) continue;
    await context.test(keyOf(route), async () => {
      const { actor, request } = await setUp(route, spec, name);
      await fc.assert(
        fc.asyncProperty(jsonBodies(request.body ?? {}), async ({ payload }) => {
          assertProblem(await send(actor, { ...request, body: undefined, rawBody: payload }));
        }),
        settings(40),
      );
    });
  }
});

test('the intake every channel shares takes answers of any JSON type', async () => {
  const route = t.app.routeInventory.find((candidate) => keyOf(candidate) === 'POST /api/v1/cases');
  const spec = route && MATRIX[keyOf(route)];
  assert.ok(route && spec, 'POST /api/v1/cases is registered and in the matrix');
  const { actor, request } = await setUp(route, spec, 'client');
  const valid = request.body as Record<string, unknown>;
  const fields = [...Object.keys(valid.answers as object), 'homeAddress', 'photos', ...POLLUTION_KEYS];
  const answers = fc.dictionary(fc.oneof(fc.constantFrom(...fields), hostileString), hostileJson, {
    maxKeys: 4,
  });
  await fc.assert(
    fc.asyncProperty(answers, async (given) => {
      assertProblem(
        await send(actor, {
          ...request,
          body: undefined,
          rawBody: JSON.stringify({ ...valid, answers: given }),
        }),
      );
    }),
    settings(100),
  );
});

/** A hostile query string: the usual names and others, each with hostile values. */
const hostileQuery = hostileForm([
  'q',
  'status',
  'service',
  'limit',
  'cursor',
  'since',
  'tjanst',
  'lat',
  'lon',
  ...POLLUTION_KEYS,
]).map((fields) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([key, value]) => [value].flat().map((item) => [key, item])),
  ).toString(),
);

test('every JSON API read takes a hostile query string', async (context: TestContext) => {
  for (const route of routes((route) => route.method === 'GET' && route.url.startsWith('/api/v1/'))) {
    const spec = MATRIX[keyOf(route)];
    const name = allowedActor(spec, false) ?? allowedActor(spec, true);
    if (!spec || !name) continue;
    await context.test(keyOf(route), async () => {
      const { actor, request } = await setUp(route, spec, name);
      const base = request.url.split('?')[0] as string;
      await fc.assert(
        fc.asyncProperty(hostileQuery, async (query) => {
          const response = await send(actor, { ...request, url: `${base}?${query}` });
          if (!route.url.endsWith('openapi.json') && !route.url.endsWith('/reference'))
            assertProblem(response);
        }),
        settings(25),
      );
    });
  }
});

/** Percent-encoded, lone surrogates as the invalid UTF-8 bytes a client can still send. */
function percentEncoded(value: string): string {
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  return value
    .split(lone)
    .map((part) => encodeURIComponent(part))
    .join('%ED%A0%80');
}

test('Open311 takes hostile forms, queries and resource names: the spec’s errors, never a 5xx', async () => {
  const tenant = scene.tenant.slug;
  const client = scene.actors.client;
  const resource = fc.constantFrom(
    'requests.json',
    'servicerequestupdates.json',
    'requests.xml',
    'services.json',
    'discovery.json',
  );
  const form = hostileForm([
    'service_code',
    'description',
    'lat',
    'long',
    'address_string',
    'service_request_id',
    'email',
    'media_url',
    'jurisdiction_id',
    'attribute[x]',
    'updated_datetime',
  ]);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('requests.json', 'servicerequestupdates.json'),
      form,
      async (name, body) => {
        const response = await send(client, {
          method: 'POST',
          url: `/${tenant}/open311/v2/${name}`,
          body,
          credential: 'open311',
        });
        assertOpen311(response);
      },
    ),
    settings(40),
  );
  await fc.assert(
    fc.asyncProperty(resource, hostileQuery, hostileString, async (name, query, id) => {
      const list = await send(client, {
        method: 'GET',
        url: `/${tenant}/open311/v2/${name}?${query}`,
        credential: 'open311',
      });
      if (name.endsWith('.json')) assertOpen311(list);
      const one = await send(client, {
        method: 'GET',
        url: `/${tenant}/open311/v2/requests/${percentEncoded(id)}.json`,
      });
      assertOpen311(one);
    }),
    settings(40),
  );
});

test('every page takes hostile path parameters without a 5xx', async () => {
  const withParams = routes((route) => route.method === 'GET' && route.url.includes(':'));
  if (withParams.length === 0) return;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...withParams), hostileString, async (route, value) => {
      const spec = MATRIX[keyOf(route)];
      const name = allowedActor(spec, true) ?? 'anonymous';
      const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] as string);
      const chosen = params[value.length % params.length] as string;
      const hostile = {
        ...spec,
        params: { ...spec?.params, [chosen]: () => percentEncoded(value) },
      } as RouteSpec;
      await send(scene.actors[name], requestOf(route, hostile, scene.ids));
    }),
    settings(300),
  );
});
