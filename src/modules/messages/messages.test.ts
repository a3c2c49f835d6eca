/** Messages between resident and officer: threads, attachments, unread counts, mail without content, access. */

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient, TINY_PNG } from '../../test-support/client.ts';
import {
  createTestTenant,
  ERIK,
  type ResidentIdentity,
  residentClient,
} from '../../test-support/fixtures.ts';
import {
  caseHandlingScene,
  createTestUnits,
  JOHAN,
  KARIN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import type { PageContext } from '../../web/page-context.ts';
import { createMessageService } from './service.ts';
import { OfficerMessagesSummary, ResidentMessagesSummary } from './views/summaries.tsx';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function setUp() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const reference = await submitSchoolTransport(anna, tenant);
  return { tenant, units, karin, anna, reference };
}

const residentUrl = (reference: string) => `/mina-sidor/arenden/${reference}/meddelanden`;
const officerUrl = (tenant: Tenant, reference: string) =>
  `/${tenant.slug}/handlaggning/arenden/${reference}/meddelanden`;
const png = (filename = 'karta.png') => ({
  field: 'files',
  filename,
  contentType: 'image/png',
  content: TINY_PNG,
});

async function caseId(reference: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('case')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function messageRows(reference: string) {
  return t.database.db
    .selectFrom('caseMessage')
    .selectAll()
    .where('caseId', '=', await caseId(reference))
    .orderBy('createdAt')
    .execute();
}

/** Every file in the storage directory (staged files that were refused must be gone again). */
function storedFiles(): string[] {
  if (!fs.existsSync(t.filesDir)) return [];
  return fs
    .readdirSync(t.filesDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(t.filesDir, name)).isFile());
}

/** A multipart post with a file and no CSRF field at all (a forged cross-site upload). */
async function postWithoutCsrf(client: TestClient, url: string) {
  const boundary = '----forged';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    TINY_PNG,
    Buffer.from(
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nFörfalskat\r\n--${boundary}--\r\n`,
    ),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
}

/**
 * A resident of their own: the PostgreSQL test database outlives a run and the fixture personas are
 * shared by every test file, so an inbox assertion needs a person nobody else writes to.
 */
function freshResident(): ResidentIdentity {
  const digits = [
    String(50 + Math.floor(Math.random() * 50)),
    String(1 + Math.floor(Math.random() * 12)).padStart(2, '0'),
    String(1 + Math.floor(Math.random() * 28)).padStart(2, '0'),
    String(Math.floor(Math.random() * 1000)).padStart(3, '0'),
  ].join('');
  const sum = [...digits].reduce((total, char, index) => {
    const product = Number(char) * (index % 2 === 0 ? 2 : 1);
    return total + (product > 9 ? product - 9 : product);
  }, 0);
  return {
    personalIdentityNumber: `19${digits}${(10 - (sum % 10)) % 10}`,
    givenName: 'Omar',
    familyName: 'Hassan',
  };
}

function attachmentLinks(html: string): string[] {
  return [...html.matchAll(/href="([^"]*\/meddelanden\/bilagor\/[0-9a-f-]{36})"/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('messages', () => {
  test('a resident writes, the unit reads it, an officer answers with a file, the resident reads and downloads it', async () => {
    const { tenant, karin, anna, reference } = await setUp();
    const id = await caseId(reference);
    const messages = t.app.services.messages;
    const unreadBefore = await messages.unreadCountOfPerson(anna.personId);

    const empty = await anna.get(residentUrl(reference));
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<h1>Meddelanden<\/h1>/);
    assert.match(empty.body, /Inga meddelanden ännu/);
    assert.match(
      empty.body,
      /<form method="post" action="[^"]+\/meddelanden" enctype="multipart\/form-data"[^>]*><input type="hidden" name="_csrf"/,
      'a multipart form with the CSRF field first',
    );

    const sent = await anna.postMultipart(
      residentUrl(reference),
      { body: 'Hej!\r\nBussen går för tidigt.' },
      [],
    );
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${residentUrl(reference)}?skickat=1`);
    const confirmed = await anna.get(String(sent.headers.location));
    assert.match(confirmed.body, /Ditt meddelande är skickat till handläggaren/);
    assert.match(confirmed.body, /<strong>Du<\/strong>/);
    assert.match(
      confirmed.body,
      /<p class="preserve-lines">Hej!\nBussen går för tidigt.<\/p>/,
      'line breaks kept',
    );

    assert.deepEqual(await messages.summaryForCase(id, 'officer'), {
      total: 1,
      unread: 1,
      latestAt: (await messageRows(reference))[0]?.createdAt,
    });
    assert.deepEqual(await messages.unreadForOfficer([id]), new Map([[id, 1]]));

    const officerPage = await karin.get(officerUrl(tenant, reference));
    assert.equal(officerPage.statusCode, 200);
    assert.match(officerPage.body, /<strong>Anna Andersson<\/strong>, Sökande/);
    assert.match(officerPage.body, /Bussen går för tidigt/);
    assert.match(officerPage.body, /Nytt/, 'the unread message is marked new on this read');
    assert.equal((await messages.summaryForCase(id, 'officer')).unread, 0);
    assert.deepEqual(await messages.unreadForOfficer([id]), new Map());
    assert.ok((await messageRows(reference))[0]?.readAt, 'read_at is set');

    const answered = await karin.postMultipart(
      officerUrl(tenant, reference),
      { body: 'Vi har ändrat tiden.\nMvh Karin' },
      [png()],
    );
    assert.equal(answered.statusCode, 303, answered.body);
    assert.equal(answered.headers.location, `${officerUrl(tenant, reference)}?skickat=1`);

    const outbox = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    const notices = outbox.filter((row) => row.topic === 'notification.resident');
    assert.deepEqual(
      notices.map((row) => row.payload),
      [{ caseId: notices[0]?.caseId, personId: anna.personId, caseReference: reference, kind: 'message' }],
    );
    assert.ok(notices[0]?.caseId, 'the event carries its case (the ordering key)');
    assert.doesNotMatch(
      JSON.stringify(outbox.map((row) => row.payload)),
      /ändrat tiden|Bussen/,
      'no content in mail jobs',
    );
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName'])
      .where('caseId', '=', id)
      .execute();
    assert.ok(audit.some((entry) => entry.action === 'case.message' && entry.actorName === 'Karin Berg'));
    assert.ok(audit.some((entry) => entry.action === 'case.message' && entry.actorName === 'Anna Andersson'));

    assert.equal(await messages.unreadCountOfPerson(anna.personId), unreadBefore + 1);
    assert.equal((await messages.summaryForCase(id, 'resident')).unread, 1);
    const inbox = await anna.get('/mina-sidor/meddelanden');
    assert.match(inbox.body, new RegExp(`${reference}[\\s\\S]*?1 oläst<`));

    const thread = await anna.get(residentUrl(reference));
    assert.match(thread.body, /<strong>Karin Berg<\/strong>, Handläggare/);
    assert.match(thread.body, /<p class="preserve-lines">Vi har ändrat tiden.\nMvh Karin<\/p>/);
    assert.ok(thread.body.indexOf('Bussen går') < thread.body.indexOf('Vi har ändrat'), 'oldest first');
    assert.equal(await messages.unreadCountOfPerson(anna.personId), unreadBefore);
    const [link = ''] = attachmentLinks(thread.body);
    assert.ok(link.startsWith(`${residentUrl(reference)}/bilagor/`), 'a link to the attachment');
    assert.match(thread.body, />karta\.png<\/a>/);
    const file = await anna.get(link);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.equal(file.headers['content-disposition'], 'attachment; filename="karta.png"');
    assert.deepEqual(file.rawPayload, TINY_PNG);
    const attachmentId = link.split('/').pop() ?? '';
    const officerFile = await karin.get(`${officerUrl(tenant, reference)}/bilagor/${attachmentId}`);
    assert.equal(officerFile.statusCode, 200);
    assert.deepEqual(officerFile.rawPayload, TINY_PNG);
    const stored = await t.database.db
      .selectFrom('messageAttachment')
      .select('storageKey')
      .where('id', '=', attachmentId)
      .executeTakeFirstOrThrow();
    const unknownKey = crypto.randomUUID();
    assert.deepEqual(
      await messages.storageKeysInUse([stored.storageKey, unknownKey]),
      [stored.storageKey],
      'the orphan file sweeper learns that the file is in use',
    );
  });

  test('the inbox lists cases with messages, newest message first, with unread counts; otherwise an empty state', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const omar = await residentClient(t, freshResident());
    const emptyInbox = await omar.get('/mina-sidor/meddelanden');
    assert.equal(emptyInbox.statusCode, 200);
    assert.match(emptyInbox.body, /Du har inga meddelanden/);

    const first = await submitSchoolTransport(omar, tenant, 'Leo');
    const second = await submitSchoolTransport(omar, tenant, 'Mira');
    await submitSchoolTransport(omar, tenant, 'Ines'); // no messages: not in the inbox
    let clock = new Date('2026-03-02T09:00:00Z');
    const services = t.app.services;
    const messages = createMessageService({ ...services, now: () => clock });
    const at = (minutes: number) => new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * 60_000);
    await messages.sendAsOfficer(karin.actor, first, 'Första frågan');
    clock = at(1);
    await messages.sendAsOfficer(karin.actor, first, 'Andra frågan');
    clock = at(2);
    await messages.sendAsOfficer(karin.actor, second, 'Om Mira');

    const inbox = await messages.inboxOfPerson(omar.personId);
    assert.deepEqual(
      inbox.map((entry) => [entry.reference, entry.total, entry.unread, entry.latestAt.toISOString()]),
      [
        [second, 1, 1, at(2).toISOString()],
        [first, 2, 2, at(1).toISOString()],
      ],
    );
    assert.equal(await messages.unreadCountOfPerson(omar.personId), 3);
    const myPages = await omar.get('/mina-sidor');
    assert.match(myPages.body, /Mina meddelanden \(3 olästa\)/, 'My Pages counts across the cases it lists');

    clock = at(3);
    await messages.sendAsResident(
      { personId: omar.personId, sessionId: null, name: 'Omar Hassan' },
      first,
      'Svar om Leo',
    );
    const page = await omar.get('/mina-sidor/meddelanden');
    assert.equal(page.statusCode, 200);
    const firstAt = page.body.indexOf(first);
    const secondAt = page.body.indexOf(second);
    assert.ok(firstAt > 0 && secondAt > firstAt, 'the case with the newest message comes first');
    assert.match(page.body, new RegExp(`${first}[\\s\\S]*?2 olästa<`));
    assert.match(page.body, new RegExp(`${second}[\\s\\S]*?1 oläst<`));
    assert.match(page.body, new RegExp(`href="${residentUrl(first)}"`));
    assert.equal((page.body.match(/class="card"/g) ?? []).length, 2, 'only cases with messages');
  });

  test('the summary panels show counts and link to the conversations', () => {
    const ctx: PageContext = {
      lang: 'sv',
      currentPath: '/',
      person: null,
      csrfToken: undefined,
      tenant: undefined,
    };
    const reference = 'EXS-2026-000123';
    const resident = render(
      h(ResidentMessagesSummary, { ctx, reference, unread: 2, latest: new Date('2026-03-02T09:00:00Z') }),
    );
    assert.match(resident, /<h2 id="messages-summary-title">Meddelanden<\/h2>/);
    assert.match(resident, /2 olästa meddelanden · Senaste meddelandet 2026-03-02 10:00/);
    assert.match(
      resident,
      /href="\/mina-sidor\/arenden\/EXS-2026-000123\/meddelanden">Läs och skriv meddelanden/,
    );
    assert.match(
      render(h(ResidentMessagesSummary, { ctx, reference, unread: 0, latest: null })),
      /Inga meddelanden ännu/,
    );
    const officer = render(
      h(OfficerMessagesSummary, { ctx, tenantSlug: 'exempelstad', reference, unread: 1, total: 4 }),
    );
    assert.match(officer, /4 meddelanden · 1 oläst från sökanden/);
    assert.match(officer, /href="\/exempelstad\/handlaggning\/arenden\/EXS-2026-000123\/meddelanden"/);
  });

  test('an empty, too long or wrongly typed message is refused in Swedish, the text kept and nothing stored', async () => {
    const { anna, reference, karin, tenant } = await setUp();
    const filesBefore = storedFiles();

    const blank = await anna.postMultipart(residentUrl(reference), { body: '  \n ' }, [png()]);
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /<title>Fel: /);
    assert.match(blank.body, /class="error-summary"[\s\S]*<a href="#message-body">Skriv ett meddelande<\/a>/);
    assert.match(blank.body, /<p class="error-message" id="message-body-error">/);
    assert.match(blank.body, /aria-describedby="message-body-hint message-body-error"/);
    assert.match(blank.body, /Filerna du valde har inte sparats\. Välj dem igen\./);

    const long = 'å'.repeat(10_001);
    const tooLong = await anna.postMultipart(residentUrl(reference), { body: long }, []);
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Meddelandet får vara högst 10\s000 tecken\. Det är nu 10001 tecken\./);
    assert.ok(tooLong.body.includes(`${long}</textarea>`), 'the text is kept');

    const wrongType = await anna.postMultipart(residentUrl(reference), { body: 'Här är filen' }, [
      {
        field: 'files',
        filename: 'intyg.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('MZ not a pdf'),
      },
      { field: 'files', filename: 'lista.txt', contentType: 'text/plain', content: Buffer.from('hej') },
    ]);
    assert.equal(wrongType.statusCode, 400);
    assert.match(
      wrongType.body,
      /<a href="#message-files">Filen ”intyg\.pdf” går inte att bifoga\. Välj en fil i formatet PDF, JPEG eller PNG\.<\/a>/,
    );
    assert.match(wrongType.body, /Filen ”lista\.txt” går inte att bifoga/);
    assert.match(wrongType.body, /Här är filen<\/textarea>/);

    const big = Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - TINY_PNG.length)]);
    const tooLarge = await anna.postMultipart(residentUrl(reference), { body: 'Stor bild' }, [
      { field: 'files', filename: 'stor.png', contentType: 'image/png', content: big },
      png('liten.png'),
    ]);
    assert.equal(tooLarge.statusCode, 400);
    assert.match(tooLarge.body, /Filen ”stor\.png” är för stor\. En fil får vara högst 10 MB\./);
    assert.doesNotMatch(tooLarge.body, /liten\.png/, 'the file after the refused one was read and accepted');

    const tooMany = await karin.postMultipart(officerUrl(tenant, reference), { body: 'Fyra filer' }, [
      png('a.png'),
      png('b.png'),
      png('c.png'),
      png('d.png'),
    ]);
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /Du kan bifoga högst 3 filer till ett meddelande/);
    assert.match(tooMany.body, /Fyra filer<\/textarea>/);

    assert.deepEqual(await messageRows(reference), [], 'no message stored');
    assert.deepEqual(storedFiles(), filesBefore, 'no file left in storage');
    const jobs = await t.database.db
      .selectFrom('outbox')
      .select('topic')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.ok(!jobs.some((job) => job.topic === 'notification.resident'), 'no mail for a refused message');
  });

  test('only the applicant and the handling unit reach a conversation and its files', async () => {
    const { tenant, units, karin, anna, reference } = await setUp();
    await karin.post(`/${tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await karin.postMultipart(officerUrl(tenant, reference), { body: 'Bifogar beslutsunderlag' }, [
      png('underlag.png'),
    ]);
    const [link] = attachmentLinks((await anna.get(residentUrl(reference))).body);
    assert.ok(link);
    const attachmentId = link.split('/').pop() ?? '';
    const filesBefore = storedFiles();
    assert.ok(filesBefore.length > 0, 'the storage directory is the one the app writes to');

    const erik = await residentClient(t, ERIK);
    assert.equal((await erik.get(residentUrl(reference))).statusCode, 404);
    assert.equal(
      (await erik.postMultipart(residentUrl(reference), { body: 'Hej' }, [png()])).statusCode,
      404,
    );
    assert.equal((await erik.get(link)).statusCode, 404);
    assert.equal(
      (await anna.get(`${residentUrl(reference)}/bilagor/00000000-0000-4000-8000-000000000000`)).statusCode,
      404,
    );
    assert.equal((await anna.get(`${residentUrl(reference)}/bilagor/inte-ett-id`)).statusCode, 404);

    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    assert.equal((await peter.get(officerUrl(tenant, reference))).statusCode, 404);
    assert.equal(
      (await peter.postMultipart(officerUrl(tenant, reference), { body: 'Hej' }, [png()])).statusCode,
      404,
    );
    assert.equal(
      (await peter.get(`${officerUrl(tenant, reference)}/bilagor/${attachmentId}`)).statusCode,
      404,
    );
    assert.deepEqual(storedFiles(), filesBefore, 'refused uploads leave nothing behind');

    // Any member of the unit may write, not only the assigned officer.
    const johan = await staffClient(t, tenant, JOHAN, 'officer', [units.school]);
    const byJohan = await johan.postMultipart(
      officerUrl(tenant, reference),
      { body: 'Jag hjälper Karin.' },
      [],
    );
    assert.equal(byJohan.statusCode, 303);
    assert.deepEqual(
      (await messageRows(reference)).map((row) => [row.authorKind, row.authorName, row.body]),
      [
        ['officer', 'Karin Berg', 'Bifogar beslutsunderlag'],
        ['officer', 'Johan Nilsson', 'Jag hjälper Karin.'],
      ],
    );

    const visitor = new TestClient(t.app);
    for (const url of ['/mina-sidor/meddelanden', residentUrl(reference), link]) {
      const response = await visitor.get(url);
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, `/logga-in?tillbaka=${encodeURIComponent(url)}`);
    }
    const anonymousPost = await visitor.postMultipart(residentUrl(reference), { body: 'Hej' }, []);
    assert.equal(anonymousPost.statusCode, 303);
    assert.match(String(anonymousPost.headers.location), /^\/logga-in\?tillbaka=/);
    assert.match(
      String((await anna.get(officerUrl(tenant, reference))).headers.location),
      /^\/handlaggning\/logga-in/,
    );
  });

  test('a post without the CSRF token is refused before any file is stored', async () => {
    const { tenant, karin, anna, reference } = await setUp();
    const filesBefore = storedFiles();
    for (const [client, url] of [
      [anna, residentUrl(reference)],
      [karin, officerUrl(tenant, reference)],
    ] as const) {
      const forged = await postWithoutCsrf(client, url);
      assert.equal(forged.statusCode, 403);
      const wrongToken = await client.postMultipart(url, { _csrf: 'fel', body: 'Hej' }, [png()]);
      assert.equal(wrongToken.statusCode, 403);
    }
    assert.deepEqual(await messageRows(reference), []);
    assert.deepEqual(storedFiles(), filesBefore);
  });
});
