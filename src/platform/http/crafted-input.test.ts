/**
 * Crafted input is a 4xx, never a 500, and every error carries the security headers (issue #9's
 * probe): NUL characters, ids that are not UUIDs, malformed multipart bodies, undecodable URLs,
 * too-long parameters and oversized headers.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { caseHandlingScene, submitSchoolTransport } from '../../test-support/staff.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

// The UUID alphabet and length in no UUID's shape (it got past the old length-and-alphabet check).
const NOT_A_UUID = `${'a'.repeat(35)}-`;
const NUL = '\u0000';

function assertSecurityHeaders(headers: Record<string, unknown>): void {
  assert.match(String(headers['content-security-policy']), /default-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'same-origin');
}

/** A client error: the status, a problem+json or an HTML page, and the security headers. */
function assertClientError(response: LightMyRequestResponse, status: number, json = false): void {
  assert.equal(response.statusCode, status, response.body.slice(0, 300));
  assertSecurityHeaders(response.headers);
  if (json) {
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(JSON.parse(response.body).status, status);
  } else {
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /^<!doctype html>/);
  }
}

describe('NUL characters in stored text', () => {
  test('in answers, the profile, a message, a note and a search box: a 400, nothing stored', async () => {
    const { tenant, karin, anna } = await caseHandlingScene(t);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const stepUrl = String(started.headers.location);
    const answers = { childName: `El${NUL}sa`, childPersonalIdentityNumber: '201601022385' };
    assertClientError(await anna.post(stepUrl, answers), 400);
    assertClientError(await anna.post('/mina-sidor/profil', { email: `a${NUL}@example.se` }), 400);

    const reference = await submitSchoolTransport(anna, tenant);
    const thread = `/mina-sidor/arenden/${reference}/meddelanden`;
    assertClientError(await anna.postMultipart(thread, { body: `Hej${NUL}` }, []), 400);
    const casePath = `/${tenant.slug}/handlaggning/arenden/${reference}`;
    assertClientError(await karin.post(`${casePath}/anteckning`, { note: `Not${NUL}` }), 400);
    assertClientError(await karin.get(`/${tenant.slug}/handlaggning/?sok=%00`), 400);
    const messages = await t.database.db
      .selectFrom('caseMessage')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(messages.length, 0);
  });
});

describe('ids that are not UUIDs', () => {
  test('draft and attachment routes answer 404, logged in or not', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const base = `/${tenant.slug}/e-tjanster/skolskjuts/utkast`;
    const anna = await residentClient(t, ANNA);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const draftId = String(started.headers.location).split('/utkast/')[1]?.split('/')[0];
    const urls = [
      `${base}/${NOT_A_UUID}/steg/child`,
      `${base}/${NOT_A_UUID}/granska`,
      `${base}/${NOT_A_UUID}/kvitto`,
      `${base}/${draftId}/bilagor/${NOT_A_UUID}`,
      `${base}/${NOT_A_UUID}/bilagor/${NOT_A_UUID}`,
    ];
    for (const url of urls) {
      assertClientError(await t.app.inject({ url }), 404);
      assertClientError(await anna.get(url), 404);
    }
    const json = await t.app.inject({ url: urls[0] as string, headers: { accept: 'application/json' } });
    assertClientError(json, 404, true);
    assertClientError(await anna.post(`${base}/${NOT_A_UUID}/ta-bort`), 404);
  });
});

describe('malformed multipart bodies', () => {
  test('are a 400 page or problem, not a 500, on the step and the message routes', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const reference = await submitSchoolTransport(anna, tenant);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const stepUrl = String(started.headers.location);
    const threadUrl = `/mina-sidor/arenden/${reference}/meddelanden`;
    const cookie = `${SESSION_COOKIE}=${anna.cookies.get(SESSION_COOKIE)}`;
    const token = `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${anna.csrfToken}\r\n`;
    const file = `--b\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n`;
    const typed = 'multipart/form-data; boundary=b';
    const posts: [string, string, string][] = [
      [stepUrl, typed, `${token}--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunfinished`],
      [stepUrl, 'multipart/form-data', `${token}--b--\r\n`],
      [stepUrl, typed, 'not multipart at all'],
      [threadUrl, typed, `${token}${file}xx`],
      [threadUrl, typed, `${token}${file}${'x'.repeat(70_000)}`],
    ];
    for (const [url, type, payload] of posts) {
      for (const accept of ['text/html', 'application/json']) {
        const response = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': type, accept },
          payload,
        });
        assertClientError(response, 400, accept === 'application/json');
      }
    }
    const messages = await t.database.db
      .selectFrom('caseMessage')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(messages.length, 0);
  });
});

describe('errors raised before any route runs', () => {
  test('an undecodable URL is a 400 page or problem with the security headers', async () => {
    assertClientError(await t.app.inject({ url: '/%' }), 400);
    assertClientError(await t.app.inject({ url: '/%', headers: { accept: 'application/json' } }), 400, true);
    assertClientError(await t.app.inject({ url: '/api/v1/%E0%A4%A' }), 400, true);
  });

  test('a too-long path parameter is a 404 page or problem with the security headers', async () => {
    const long = 'a'.repeat(500);
    assertClientError(await t.app.inject({ url: `/${long}/` }), 404);
    assertClientError(await t.app.inject({ url: `/${long}/e-tjanster/${long}` }), 404);
    const json = await t.app.inject({ url: `/${long}/`, headers: { accept: 'application/json' } });
    assertClientError(json, 404, true);
  });

  test('oversized headers get a small page with the security headers', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
      socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 431 /);
    const headers = Object.fromEntries(
      head
        .split('\r\n')
        .slice(1)
        .map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
    );
    assertSecurityHeaders(headers);
    assert.match(body, /<!doctype html>/);
  });
});
