/** The OpenAPI document (issue #12): valid OpenAPI 3.1, and complete: every /api/v1 route is in it. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { errorCodes } from '../errors.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function openApiDocument() {
  const response = await t.app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(response.statusCode, 200);
  return response.json();
}

test('the document is valid OpenAPI 3.1 by the specification’s own schema', async () => {
  const document = await openApiDocument();
  assert.equal(document.openapi, '3.1.0');
  const result = await new Validator().validate(document);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
});

test('every registered /api/v1 route is described, and nothing else', async () => {
  const document = await openApiDocument();
  const described = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) described.add(`${method.toUpperCase()} ${path}`);
  }
  const registered = [...t.app.apiRoutes].sort();
  assert.ok(registered.includes('GET /api/v1/cases/{reference}'), 'the recorded routes include the case API');
  assert.deepEqual(
    registered.filter((route) => !described.has(route)),
    [],
    'registered /api/v1 routes missing from the document',
  );
  assert.deepEqual(
    [...described].filter((route) => route.includes('/api/v1/') && !t.app.apiRoutes.has(route)),
    [],
    'described routes that do not exist',
  );
});

test('every described operation has a summary and its own operationId, and every error answer is a problem', async () => {
  const document = await openApiDocument();
  type Answer = { content?: Record<string, { schema?: unknown }> };
  type Operation = { summary?: string; operationId?: string; responses: Record<string, Answer> };
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      assert.ok(operation.summary, `${method} ${path} has a summary`);
      assert.match(operation.operationId ?? '', /^[a-z][A-Za-z]+$/, `${method} ${path} has an operationId`);
      assert.ok(!operationIds.has(operation.operationId as string), `${operation.operationId} is used once`);
      operationIds.add(operation.operationId as string);
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (Number(status) < 400 || path === '/api/v1/oauth/token') continue;
        const body =
          answer.content?.['application/json']?.schema ??
          answer.content?.['application/problem+json']?.schema;
        assert.ok(body, `${method} ${path} ${status} has a body`);
        assert.match(JSON.stringify(body), /Problem/, `${method} ${path} ${status} is a problem`);
      }
    }
  }
});

test('problems name their stable codes, and the reference page shows every operation and code without scripts', async () => {
  const document = await openApiDocument();
  const codes = document.components.schemas.Problem.properties.code.enum as string[];
  assert.deepEqual(
    [...codes].sort(),
    errorCodes()
      .map((entry) => entry.code)
      .sort(),
  );
  const page = await t.app.inject({ url: '/api/v1/reference' });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.doesNotMatch(page.body, /<script/);
  const html = page.body.replaceAll('&#123;', '{').replaceAll('&#125;', '}');
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) {
      assert.ok(
        html.includes(`<code>${method.toUpperCase()} ${path}</code></h3>`),
        `${method} ${path} on the page`,
      );
    }
  }
  for (const { code, status } of errorCodes()) {
    assert.ok(html.includes(`<code>${code}</code></th><td>${status}</td>`), `${code} on the page`);
  }
  assert.match(html, /Behörigheten cases:decisions, med token eller API-nyckel/);
  const english = await t.app.inject({ url: '/api/v1/reference', cookies: { ingang_lang: 'en' } });
  assert.match(english.body, /The scope cases:decisions, with a token or the API key/);
});
