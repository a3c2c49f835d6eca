/**
 * The authorization matrix (issue #14): every route the app registers × every kind of caller, against
 * the table in authorization-matrix.table.ts. A route without a row fails the first test, which
 * prints the row the app answers today as a starting point — check every cell before pasting it.
 *
 * How a cell is checked:
 * - GET: `ok` is a 2xx answer or a redirect that is not to a login page; a denial must be exactly
 *   the status (or login redirect) in the table. Reads the actor may not make answer 404.
 * - POST (and the other state-changing methods): refused cells are sent first, all of them, and the
 *   tenant's rows must be exactly as before (tenantFingerprint: count and newest row version of every
 *   table). Allowed cells run last, each with a valid CSRF token (or the route's machine
 *   credential); it is enough that they are not refused for authorization reasons: a validation
 *   error (400/409/422) counts as "allowed past authorization", a 401, 403, 404 or login redirect
 *   does not. Allowed changes that use up their resource get one of their own (`fresh`).
 * - No cell may answer 5xx.
 * One database, one app, one scene; requests are sequential over app.inject.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { keyOf, requestOf, SAFE } from './authorization-matrix.requests.ts';
import { MATRIX, type RouteSpec } from './authorization-matrix.table.ts';
import type { RegisteredRoute } from './platform/http/route-inventory.ts';
import { createTestApp, type TestApp } from './test-support/app.ts';
import { ACTORS, type Actor, type ActorName, type PlannedRequest } from './test-support/security-actors.ts';
import { tenantFingerprint } from './test-support/security-fingerprint.ts';
import { createSecurityScene, type SecurityScene } from './test-support/security-scene.ts';

let t: TestApp;
let scene: SecurityScene;
before(async () => {
  // Every API cell is one client's request: the per-client rate limit is not what is tested here.
  t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: '1000000' });
  scene = await createSecurityScene(t, 'matrix');
});
after(() => t.close());

/** What an answer is, in the table's words: `L`/`SL` for a login redirect, else the status. */
function outcomeOf(response: LightMyRequestResponse): string {
  const location = String(response.headers.location ?? '');
  if (response.statusCode >= 300 && response.statusCode < 400) {
    if (location.startsWith('/logga-in?')) return 'L';
    if (location.startsWith('/handlaggning/logga-in?')) return 'SL';
  }
  return String(response.statusCode);
}

const REFUSED = new Set(['L', 'SL', '401', '403', '404']);

/** Whether the answer is what the cell expects; `ok` differs for reads and changes (see the header). */
function matches(expected: string, response: LightMyRequestResponse, method: string): boolean {
  const outcome = outcomeOf(response);
  if (response.statusCode >= 500) return false;
  if (expected !== 'ok') return outcome === expected;
  if (SAFE.has(method)) return response.statusCode < 400 && !REFUSED.has(outcome);
  return !REFUSED.has(outcome);
}

function expectationsOf(spec: RouteSpec): Map<ActorName, string> {
  const cells = spec.expect.trim().split(/\s+/);
  assert.equal(cells.length, ACTORS.length, `a row has ${ACTORS.length} cells: ${spec.expect}`);
  return new Map(ACTORS.map((actor, index) => [actor, cells[index] as string]));
}

function describe(
  route: RegisteredRoute,
  actor: ActorName,
  expected: string,
  response: LightMyRequestResponse,
) {
  const location = response.headers.location ? ` → ${response.headers.location}` : '';
  const body = response.body.replace(/\s+/g, ' ').slice(0, 160);
  return `${keyOf(route)} as ${actor}: expected ${expected}, got ${response.statusCode}${location} ${body}`;
}

/** The row the app answers today for a route without one (a starting point, not an answer). */
async function observedRow(route: RegisteredRoute): Promise<string> {
  let request: PlannedRequest;
  try {
    request = requestOf(route, undefined, scene.ids);
  } catch (error) {
    return `(${(error as Error).message})`;
  }
  const cells: string[] = [];
  for (const name of ACTORS) {
    if (!SAFE.has(route.method)) {
      cells.push('?');
      continue;
    }
    const outcome = outcomeOf(await scene.actors[name].send(request));
    cells.push(outcome.startsWith('2') || outcome.startsWith('3') ? 'ok' : outcome);
  }
  return cells.join(' ');
}

test('every registered route has a row in the matrix, and every row a route', async () => {
  const registered = t.app.routeInventory;
  const missing = registered.filter((route) => !MATRIX[keyOf(route)]);
  const suggestions = await Promise.all(
    missing.map(async (route) => `  '${keyOf(route)}': { expect: '${await observedRow(route)}' },`),
  );
  assert.deepEqual(
    missing.map(keyOf),
    [],
    `Declare who may use each new route in src/authorization-matrix.table.ts (docs/security.md, ` +
      `"Authorization matrix"). What the app answers today (check each cell; POST cells are not tried):\n${suggestions.join('\n')}`,
  );
  const known = new Set(registered.map(keyOf));
  assert.deepEqual(
    Object.keys(MATRIX).filter((key) => !known.has(key)),
    [],
    'rows for routes the app no longer has',
  );
});

interface AllowedChange {
  route: RegisteredRoute;
  spec: RouteSpec;
  actor: ActorName;
}

/** Sends every read cell, and every refused cell of a change (checking nothing changed). */
async function readsAndRefusals(failures: string[], allowed: AllowedChange[]): Promise<number> {
  const personIds = [
    scene.anna.personId,
    scene.erik.personId,
    ...Object.values(scene.staff).map((s) => s.personId),
  ];
  let sent = 0;
  for (const route of t.app.routeInventory) {
    const spec = MATRIX[keyOf(route)];
    if (!spec) continue;
    const request = requestOf(route, spec, scene.ids);
    const expected = expectationsOf(spec);
    const change = !SAFE.has(route.method);
    const before = change ? await tenantFingerprint(t, scene.tenant.id, personIds) : '';
    for (const [actor, cell] of expected) {
      if (change && cell === 'ok') {
        allowed.push({ route, spec, actor });
        continue;
      }
      const response = await scene.actors[actor].send(request);
      sent += 1;
      if (!matches(cell, response, route.method)) failures.push(describe(route, actor, cell, response));
    }
    if (change) {
      const after = await tenantFingerprint(t, scene.tenant.id, personIds);
      if (after !== before)
        failures.push(`${keyOf(route)}: a refused request changed rows: ${changedTables(before, after)}`);
    }
  }
  return sent;
}

function changedTables(before: string, after: string): string {
  const old = new Set(before.split(' '));
  return after
    .split(' ')
    .filter((entry) => !old.has(entry))
    .join(', ');
}

/** Sends every allowed change, on a resource (or session) of its own where the row says so. */
async function allowedChanges(failures: string[], allowed: AllowedChange[]): Promise<void> {
  for (const { route, spec, actor } of allowed) {
    const given = spec.fresh ? await spec.fresh(t, scene, actor) : {};
    const sender: Actor = given.actor ?? scene.actors[actor];
    const response = await sender.send(requestOf(route, spec, { ...scene.ids, ...given.ids }));
    if (!matches('ok', response, route.method)) failures.push(describe(route, actor, 'ok', response));
    // MATRIX_DEBUG=1 lists what each allowed change answered, to check it got past authorization
    // for the right reason (a re-rendered form, not an error page that precedes the check).
    if (process.env.MATRIX_DEBUG) console.log(`allowed: ${describe(route, actor, 'ok', response)}`);
  }
}

test('every route × actor answers as the matrix says, and a refused change changes nothing', async () => {
  const failures: string[] = [];
  const allowed: AllowedChange[] = [];
  const sent = await readsAndRefusals(failures, allowed);
  await allowedChanges(failures, allowed);
  assert.deepEqual(failures, [], `${failures.length} cells differ from the matrix`);
  assert.ok(sent + allowed.length >= Object.keys(MATRIX).length * ACTORS.length, 'every cell was sent');
});
