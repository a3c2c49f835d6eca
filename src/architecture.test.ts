/**
 * The dependency rule (ARCHITECTURE.md house rules 9 and 10), checked rather than hoped for: routes
 * and views never reach a store, models import no I/O or framework, no module reads another
 * module's store or routes, no import cycle crosses modules (or runs through app.ts), and no
 * module's SQL names another module's table unless a decision record allows it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

interface Import {
  from: string;
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  // `export … from` re-exports are imports too; type-only imports count (see the cycle tests).
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)';/gms)].map((match) => {
    const specifier = match[2] ?? '';
    const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier;
    return { from: file, target, typeOnly: Boolean(match[1]) };
  });
}

const all = sourceFiles(srcDir).flatMap(importsOf);
const rel = (file: string) => path.relative(srcDir, file);
const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(rel(file))?.[1];
const isStore = (file: string) => /(^|\/)(store|[a-z-]+-store)\.ts$/.test(rel(file));
const isRouteOrView = (file: string) =>
  /(^|\/)(([a-z-]+-)?routes\.tsx?|views\/.*)$/.test(rel(file)) && rel(file).startsWith('modules/');
/** Pure files: models, policies, workflows (`model.ts`, `queue-model.ts`, `policy.ts`, …). */
const isPure = (file: string) => /(^|\/)(([a-z-]+-)?model|([a-z-]+-)?policy|workflow)\.ts$/.test(rel(file));

test('routes and views never import a store', () => {
  const offending = all.filter((imp) => isRouteOrView(imp.from) && isStore(imp.target));
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`),
    [],
  );
});

test('a module never imports another module’s store', () => {
  const offending = all.filter(
    (imp) => isStore(imp.target) && moduleOf(imp.target) && moduleOf(imp.from) !== moduleOf(imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`),
    [],
  );
});

test('model files are pure: no I/O, no framework, no store or service (type imports aside)', () => {
  const forbidden =
    /^(node:|fastify|kysely|pg$|@electric-sql|pdfkit|preact)|\/(([a-z-]+-)?store|([a-z-]+-)?service|([a-z-]+-)?routes)\.tsx?$/;
  const offending = all.filter(
    (imp) =>
      isPure(imp.from) &&
      !imp.typeOnly &&
      forbidden.test(imp.target.startsWith('/') ? rel(imp.target) : imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${imp.target}`),
    [],
  );
});

test('the form engine stays pure (no I/O or framework imports)', () => {
  const offending = all.filter(
    (imp) =>
      rel(imp.from).startsWith('modules/forms/') && /^(node:|fastify|kysely|pg$|preact)/.test(imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${imp.target}`),
    [],
  );
});

test('the checker sees the code it guards', () => {
  assert.ok(all.length > 50, 'imports were found');
  assert.ok(
    all.some((imp) => isStore(imp.target)),
    'store imports were found',
  );
});

// ---------------------------------------------------------------------------------------------
// Import cycles (issue #9). Type-only imports count: the issue asks for no cycle between files
// of different modules at all, and a type cycle is still a knot a newcomer has to untie.

const ROOT_FILES = new Set(['app.ts', 'routes.ts', 'services.ts']);

/** The part of the code a file belongs to, for the module-level graph. */
function partOf(file: string): string {
  const relative = rel(file);
  const module = /^(modules|platform)\/([^/]+)\//.exec(relative);
  if (module) return `${module[1]}/${module[2]}`;
  if (relative.startsWith('web/http/')) return 'web/http';
  if (ROOT_FILES.has(relative)) return 'root';
  const [top = relative] = relative.split('/');
  return top.replace(/\.tsx?$/, '');
}

/** Resolves an import's target to a source file (imports name the file with its extension). */
const sourceSet = new Set(sourceFiles(srcDir));
const internal = all.filter((imp) => sourceSet.has(imp.target));

/** Strongly connected components of a graph (Tarjan), each sorted. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graphOf(pairs: [string, string][]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [from, to] of pairs) {
    if (from === to) continue;
    edges.set(from, (edges.get(from) ?? new Set()).add(to));
    if (!edges.has(to)) edges.set(to, new Set());
  }
  return edges;
}

/**
 * Module-level edges that still close a cycle, each to be removed by the change named. The back
 * office's case page composes the decision and message sections while those modules call the case
 * handling service; the back-office move (modules/case-handling) is where that knot is untied.
 */
const MODULE_CYCLE_EXCEPTIONS: { from: string; to: string; until: string }[] = [];

test('no import cycle between files of different modules, and none through app.ts', () => {
  const fileCycles = cycles(graphOf(internal.map((imp) => [rel(imp.from), rel(imp.target)])));
  const offending = fileCycles.filter(
    (files) =>
      new Set(files.map((file) => partOf(path.join(srcDir, file)))).size > 1 || files.includes('app.ts'),
  );
  assert.deepEqual(offending, []);
});

test('no import cycle between modules (platform parts, web, web/http, root, cli, db count as modules)', () => {
  const excepted = (from: string, to: string) =>
    MODULE_CYCLE_EXCEPTIONS.some((exception) => exception.from === from && exception.to === to);
  const pairs = internal
    .map((imp) => [partOf(imp.from), partOf(imp.target)] as [string, string])
    .filter(([from, to]) => !excepted(from, to));
  const offending = cycles(graphOf(pairs)).map((component) => {
    // Name the files behind each edge inside the cycle, so the report says where to cut.
    const inside = new Set(component);
    const edges = internal
      .filter((imp) => inside.has(partOf(imp.from)) && inside.has(partOf(imp.target)))
      .filter(
        (imp) => partOf(imp.from) !== partOf(imp.target) && !excepted(partOf(imp.from), partOf(imp.target)),
      )
      .map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`);
    return { modules: component, edges };
  });
  assert.deepEqual(offending, []);
});

test('the cycle exceptions are still needed (remove an entry once its edge is gone)', () => {
  for (const exception of MODULE_CYCLE_EXCEPTIONS) {
    assert.ok(
      internal.some((imp) => partOf(imp.from) === exception.from && partOf(imp.target) === exception.to),
      `${exception.from} → ${exception.to} no longer exists`,
    );
  }
});

test('only the process entry and test support import app.ts; no route file imports another module’s routes', () => {
  const appImports = internal.filter(
    (imp) =>
      rel(imp.target) === 'app.ts' &&
      rel(imp.from) !== 'main.ts' &&
      !rel(imp.from).startsWith('test-support/'),
  );
  const isRoutes = (file: string) => /(^|\/)([a-z-]+-)?routes\.tsx?$/.test(rel(file));
  const crossRoutes = internal.filter(
    (imp) => isRoutes(imp.target) && partOf(imp.from) !== partOf(imp.target) && partOf(imp.from) !== 'root',
  );
  assert.deepEqual(
    [...appImports, ...crossRoutes].map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`),
    [],
  );
});

test('the cycle finder finds a cycle across modules, and none in a chain', () => {
  assert.deepEqual(
    cycles(
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    cycles(
      graphOf([
        ['a', 'b'],
        ['b', 'c'],
      ]),
    ),
    [],
  );
  assert.equal(partOf(path.join(srcDir, 'modules/cases/store.ts')), 'modules/cases');
  assert.equal(partOf(path.join(srcDir, 'web/http/staff-gate.ts')), 'web/http');
  assert.equal(partOf(path.join(srcDir, 'app.ts')), 'root');
});

// ---------------------------------------------------------------------------------------------
// Tables (issue #9): a module's SQL names only its own tables, unless a decision record allows it.

/** Who owns each table the migrations create. A new table without an owner fails the test. */
const TABLE_OWNERS: Record<string, string> = {
  tenant: 'platform/tenancy',
  life_event: 'platform/tenancy',
  session: 'platform/sessions',
  rate_limit_counter: 'platform/rate-limit',
  outbox: 'platform/jobs',
  job: 'platform/jobs',
  job_effect: 'platform/jobs',
  event_count: 'platform/jobs',
  audit_log: 'platform/audit',
  dev_mail: 'platform/mail',
  service: 'modules/catalogue',
  service_version: 'modules/catalogue',
  person: 'modules/profile',
  draft: 'modules/applications',
  attachment: 'modules/applications',
  case_reference_counter: 'modules/cases',
  case: 'modules/cases',
  case_event: 'modules/cases',
  completion_request: 'modules/case-handling',
  unit: 'modules/organisation',
  staff_member: 'modules/organisation',
  unit_membership: 'modules/organisation',
  service_handling: 'modules/organisation',
  case_message: 'modules/messages',
  message_attachment: 'modules/messages',
  decision: 'modules/decisions',
  fault_report: 'modules/fault-reports',
  sensor_asset: 'modules/sensors',
  sensor_device: 'modules/sensors',
  sensor_reading: 'modules/sensors',
  sensor_watch: 'modules/sensors',
  open311_client: 'modules/open311',
  api_client: 'modules/api-clients',
  api_token: 'modules/api-clients',
  api_idempotency_key: 'modules/api-clients',
  webhook_subscription: 'modules/webhooks',
  webhook_delivery: 'modules/webhooks',
  open_data_settings: 'modules/open-data',
  digital_support_offer: 'modules/digital-support',
  digital_support_interview: 'modules/digital-support',
  customer_centre_contact: 'modules/customer-centre',
  representation: 'modules/representatives',
  knowledge_base_entry: 'modules/knowledge-base',
  routing_synonym: 'modules/routing',
  routing_example: 'modules/routing',
  case_share: 'modules/case-handling',
  case_field_reveal: 'modules/case-handling',
  disposal_log: 'modules/disposal',
  disposal_file: 'modules/disposal',
};

/**
 * SQL that names another module's table on purpose: file (relative to src) → table, and the
 * decision record that allows it. Add an entry only together with its decision record.
 */
const CROSS_MODULE_TABLE_USES: { file: string; table: string; decision: string }[] = [
  { file: 'modules/cases/store.ts', table: 'outbox', decision: '0005-submit-in-one-statement.md' },
  { file: 'modules/cases/store.ts', table: 'service_version', decision: '0004-case-handling-data.md' },
  {
    file: 'modules/case-handling/store.ts',
    table: 'case',
    decision: '0006-back-office-module-and-table-ownership.md',
  },
  {
    file: 'modules/case-handling/store.ts',
    table: 'case_event',
    decision: '0006-back-office-module-and-table-ownership.md',
  },
  {
    file: 'modules/case-handling/queue-store.ts',
    table: 'case',
    decision: '0006-back-office-module-and-table-ownership.md',
  },
  {
    file: 'modules/case-handling/queue-store.ts',
    table: 'service_version',
    decision: '0004-case-handling-data.md',
  },
  { file: 'platform/audit/audit-log.ts', table: 'case', decision: '0004-case-handling-data.md' },
  { file: 'modules/cases/store.ts', table: 'tenant', decision: '0009-module-boundaries-checked.md' },
  { file: 'modules/cases/store.ts', table: 'attachment', decision: '0009-module-boundaries-checked.md' },
  { file: 'modules/applications/store.ts', table: 'tenant', decision: '0009-module-boundaries-checked.md' },
  { file: 'modules/applications/store.ts', table: 'service', decision: '0009-module-boundaries-checked.md' },
  {
    file: 'modules/applications/store.ts',
    table: 'service_version',
    decision: '0009-module-boundaries-checked.md',
  },
  { file: 'modules/organisation/store.ts', table: 'person', decision: '0009-module-boundaries-checked.md' },
  {
    file: 'platform/sessions/session-store.ts',
    table: 'person',
    decision: '0009-module-boundaries-checked.md',
  },
  // Re-sealing under the current data key walks every table with sealed values (issue #14).
  { file: 'platform/protection/reseal-store.ts', table: 'person', decision: '0034-protection-at-rest.md' },
  { file: 'platform/protection/reseal-store.ts', table: 'draft', decision: '0034-protection-at-rest.md' },
  { file: 'platform/protection/reseal-store.ts', table: 'case', decision: '0034-protection-at-rest.md' },
  {
    file: 'platform/protection/reseal-store.ts',
    table: 'case_event',
    decision: '0034-protection-at-rest.md',
  },
];

const migrationsDir = path.join(srcDir, 'db', 'migrations');
const migratedTables = fs
  .readdirSync(migrationsDir)
  .flatMap((name) => [
    ...fs
      .readFileSync(path.join(migrationsDir, name), 'utf8')
      .matchAll(/create table (?:if not exists )?"?(\w+)"?/gi),
  ])
  .map((match) => match[1] ?? '');

const camelCase = (table: string) => table.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The tables a piece of source text names in Kysely calls or in raw `sql` text. */
function tablesNamedIn(text: string, tables: string[]): Set<string> {
  const byName = new Map(
    tables.flatMap((table) => [[table, table] as const, [camelCase(table), table] as const]),
  );
  const named = new Set<string>();
  const builder =
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'(\w+)/g;
  for (const match of text.matchAll(builder)) {
    const table = byName.get(match[1] ?? '');
    if (table) named.add(table);
  }
  for (const match of text.matchAll(/\bsql(?:<[^>]*>)?`([^`]*)`/g)) {
    for (const table of tables) {
      if (new RegExp(`\\b(?:from|join|into|update|table)\\s+"?${table}"?\\b`, 'i').test(match[1] ?? '')) {
        named.add(table);
      }
    }
  }
  return named;
}

/** file → table pairs where a part's SQL names a table another part owns. */
function crossModuleTableUses(): string[] {
  return [...sourceSet]
    .filter((file) => /^(modules|platform)\//.test(rel(file)))
    .flatMap((file) =>
      [...tablesNamedIn(fs.readFileSync(file, 'utf8'), migratedTables)]
        .filter((table) => TABLE_OWNERS[table] !== partOf(file))
        .map((table) => `${rel(file)} → ${table}`),
    )
    .sort();
}

test('every table the migrations create has an owning module', () => {
  assert.ok(migratedTables.length >= 20, 'the migrations were read');
  assert.deepEqual(
    migratedTables.filter((table) => !TABLE_OWNERS[table]),
    [],
  );
});

test('no module’s SQL names another module’s table, except where a decision record allows it', () => {
  const allowed = new Set(CROSS_MODULE_TABLE_USES.map((use) => `${use.file} → ${use.table}`));
  assert.deepEqual(
    crossModuleTableUses().filter((use) => !allowed.has(use)),
    [],
  );
});

test('each allowed cross-module table use names an existing decision record and is still in the code', () => {
  const uses = new Set(crossModuleTableUses());
  for (const use of CROSS_MODULE_TABLE_USES) {
    const record = path.join(srcDir, '..', 'docs', 'decisions', use.decision);
    assert.ok(fs.existsSync(record), `docs/decisions/${use.decision} exists`);
    assert.ok(uses.has(`${use.file} → ${use.table}`), `${use.file} still names ${use.table}`);
  }
});

test('the table scanner finds builder calls, joins with aliases and raw SQL', () => {
  const tables = ['case', 'case_event', 'person', 'service_version', 'outbox'];
  const text = `
    db.selectFrom('case').innerJoin('serviceVersion as v', 'v.id', 'c.versionId');
    trx.insertInto(
      'caseEvent').values({});
    sql\`insert into outbox (topic) values ('x')\`;
    sql\`select * from "person" where id = \${id}\`;
  `;
  assert.deepEqual([...tablesNamedIn(text, tables)].sort(), [
    'case',
    'case_event',
    'outbox',
    'person',
    'service_version',
  ]);
  assert.deepEqual([...tablesNamedIn("db.selectFrom('draft')", tables)], []);
  // Known uses in the real code are seen: the cases store writes the case and the outbox.
  const casesStore = fs.readFileSync(path.join(srcDir, 'modules/cases/store.ts'), 'utf8');
  assert.ok(tablesNamedIn(casesStore, migratedTables).has('case'));
  assert.ok(tablesNamedIn(casesStore, migratedTables).has('outbox'));
});
