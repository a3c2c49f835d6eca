/**
 * The knowledge base (issue #13): who may reach and write it, the form's Swedish errors, tenants
 * apart, ranking a question in the resident's own words, the review list, and the e-service page's
 * answers and search; the pure rules (answer text, links, months, the form) as small tables.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoKnowledgeBase, readDemoRoutingSynonyms } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { createTestUnits, JOHAN, KARIN, LENA, PETER, staffClient } from '../../test-support/staff.ts';
import { addMonths, answerBlocks, checkEntryForm, excerptOf, isSafeHref } from './model.ts';
import { canKnowledgeBase } from './policy.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ALL_SERVICES = ['felanmalan', 'skolskjuts', 'fardtjanst', 'bygglov-garage'];

/** A tenant with the demo's services, the school and streets units and the demo answers. */
async function demoTenant(): Promise<{ tenant: Tenant; units: Awaited<ReturnType<typeof createTestUnits>> }> {
  const tenant = await createTestTenant(t, ALL_SERVICES);
  const units = await createTestUnits(t, tenant);
  const added = await t.app.services.knowledgeBase.seedDemo(tenant.id, readDemoKnowledgeBase('exempelstad'));
  assert.ok(added >= 15, `demo answers added: ${added}`);
  assert.equal(
    await t.app.services.knowledgeBase.seedDemo(tenant.id, readDemoKnowledgeBase('exempelstad')),
    0,
  );
  return { tenant, units };
}

const VALID = {
  question: 'Hur ansöker jag om en parkeringsplats för boende?',
  answer: 'Du ansöker hos kundcenter.\n\nLäs mer på [kommunens webbplats](https://kommun.example/parkering).',
  category: 'Gator och trafik',
  status: 'published',
  reviewIntervalMonths: '12',
};

const auditActions = async (tenant: Tenant) =>
  (
    await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('tenantId', '=', tenant.id)
      .where('action', 'like', 'knowledgeBase.%')
      .orderBy('id')
      .execute()
  ).map((row) => row.action);

describe('knowledge base', () => {
  test('staff pages: login required; officers read but do not write; admins and the customer centre write, audited', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const base = `/${tenant.slug}/handlaggning/fragor-och-svar`;
    const anonymous = await new TestClient(t.app).get(base);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/handlaggning\/logga-in/);
    const resident = await residentClient(t, ANNA);
    assert.equal((await resident.get(`${base}/ny`)).statusCode, 303, 'a resident login is not a staff login');

    const officer = await staffClient(t, tenant, KARIN, 'officer', []);
    assert.equal((await officer.get(base)).statusCode, 200);
    assert.equal((await officer.get(`${base}/ny`)).statusCode, 403);
    assert.equal((await officer.post(`${base}/ny`, VALID)).statusCode, 403);

    const agent = await staffClient(t, tenant, LENA, 'customerCentre', []);
    const refused = await agent.post(`${base}/ny`, { question: '', answer: '[klicka](javascript:alert(1))' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Fel: /);
    assert.match(refused.body, /class="error-summary"[\s\S]*href="#question"[\s\S]*href="#answer"/);
    assert.match(refused.body, /id="question-error"[^>]*>[\s\S]*?Skriv frågan/);
    assert.match(
      refused.body,
      /id="answer-error"[^>]*>[\s\S]*?En länk i svaret måste börja med https:\/\/ eller \//,
    );
    assert.match(refused.body, /id="category-error"[^>]*>[\s\S]*?Ange ett ämne/);
    assert.match(refused.body, /\[klicka\]\(javascript:alert\(1\)\)<\/textarea>/, 'what was typed is kept');

    const created = await agent.post(`${base}/ny`, VALID);
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    const entryUrl = String(created.headers.location).replace(/\?.*$/, '');
    const shown = await agent.get(`${entryUrl}?klart=skapat`);
    assert.match(shown.body, /Svaret är sparat/);
    assert.match(shown.body, /href="https:\/\/kommun.example\/parkering">kommunens webbplats<\/a>/);

    const admin = await staffClient(t, tenant, JOHAN, 'admin', []);
    const changed = await admin.post(`${entryUrl}/andra`, { ...VALID, status: 'archived' });
    assert.equal(changed.statusCode, 303);
    const id = entryUrl.split('/').pop() as string;
    assert.equal((await new TestClient(t.app).get(`/${tenant.slug}/fragor-och-svar/${id}`)).statusCode, 404);
    assert.deepEqual(await auditActions(tenant), ['knowledgeBase.created', 'knowledgeBase.updated']);

    // Another tenant's staff and residents see nothing of it.
    const other = await createTestTenant(t, ['skolskjuts']);
    const stranger = await staffClient(t, other, PETER, 'admin', []);
    assert.equal((await stranger.get(`/${other.slug}/handlaggning/fragor-och-svar/${id}`)).statusCode, 404);
    assert.equal(
      (await stranger.post(`/${other.slug}/handlaggning/fragor-och-svar/${id}/andra`, VALID)).statusCode,
      404,
    );
  });

  test('a question in the resident’s own words finds the right answer; drafts and other tenants stay hidden', async () => {
    const { tenant } = await demoTenant();
    const kb = t.app.services.knowledgeBase;
    const cases: [string, RegExp][] = [
      ['hur lång tid tar handläggningen av mitt bygglov', /Hur lång tid tar det att få bygglov/],
      ['gatlampan utanför huset är trasig', /gatlykta är trasig/],
      ['skolbussen dök aldrig upp idag', /Skolbussen kom inte/],
      ['vilka tider är kundcenter öppet', /När har kundcenter öppet/],
      ['soptunnan har inte tömts', /sopkärlet/],
      ['bruna vattnet i kranen, är det farligt', /Vattnet är brunt/],
    ];
    for (const [question, expected] of cases) {
      const [best] = await kb.search(tenant.id, question);
      assert.match(best?.question ?? '(none)', expected, question);
      assert.match(best?.url ?? '', new RegExp(`^/${tenant.slug}/fragor-och-svar/[0-9a-f-]{36}$`));
      assert.ok((best?.score ?? 0) > 0 && (best?.score ?? 0) <= 1);
    }

    const page = await new TestClient(t.app).get(
      `/${tenant.slug}/fragor-och-svar?q=${encodeURIComponent('gatlampan utanför huset är trasig')}`,
    );
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Svar på ”gatlampan utanför huset är trasig”<\/h1>/);
    assert.match(page.body, /En gatlykta är trasig/);
    // On a phone the customer centre is one tap away: the number calls, the address writes.
    assert.match(
      page.body,
      /Kontakta kundcenter på telefon <a href="tel:[0-9+]{6,}">[^<]+<\/a> eller e-post <a href="mailto:[^"@]+@[^"]+">/,
    );

    const other = await createTestTenant(t, ALL_SERVICES);
    assert.deepEqual(await kb.search(other.id, 'bygglov garage'), []);
    const admin = await staffClient(t, tenant, LENA, 'admin', []);
    const draft = await admin.post(`/${tenant.slug}/handlaggning/fragor-och-svar/ny`, {
      ...VALID,
      question: 'Hemlig fråga om zebrakorsningar',
      status: 'draft',
    });
    assert.equal(draft.statusCode, 303);
    const publicHits = await kb.search(tenant.id, 'zebrakorsningar');
    assert.ok(!publicHits.some((hit) => /zebrakorsningar/.test(hit.question)), 'a draft is not public');
    const staffPage = await admin.get(`/${tenant.slug}/handlaggning/fragor-och-svar?q=zebrakorsningar`);
    assert.match(staffPage.body, /Hemlig fråga om zebrakorsningar/, 'staff find drafts');
    const onPhone = await admin.get(
      `/${tenant.slug}/handlaggning/fragor-och-svar?q=${encodeURIComponent('bussen kom inte')}`,
    );
    assert.match(
      onPhone.body,
      /Ring trafikbolagets kundtjänst/,
      'the whole answer is on the staff search page',
    );
  });

  test('review reminders: due answers listed and counted; the owner unit marks one reviewed, others may not', async () => {
    const { tenant, units } = await demoTenant();
    const base = `/${tenant.slug}/handlaggning/fragor-och-svar`;
    const schoolOfficer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const list = await schoolOfficer.get(base);
    assert.match(list.body, /\d+ svar behöver granskas/);
    const due = await schoolOfficer.get(`${base}/granska`);
    assert.equal(due.statusCode, 200);
    assert.match(due.body, /Mitt barn ska byta skola/);
    assert.match(due.body, /Hur lång tid tar det att få bygglov/);
    assert.doesNotMatch(due.body, /Har mitt barn rätt till skolskjuts/, 'reviewed two months ago');
    const id = (question: RegExp) => {
      const row = due.body.split('<tr').find((part) => question.test(part)) ?? '';
      return /fragor-och-svar\/([0-9a-f-]{36})/.exec(row)?.[1] ?? '';
    };
    const schoolEntry = id(/Mitt barn ska byta skola/);
    const buildingEntry = id(/Hur lång tid tar det att få bygglov/);
    assert.match(due.body, /Markera ”Mitt barn ska byta skola[^”]*” som granskat/);
    assert.doesNotMatch(due.body, /Markera ”Hur lång tid tar det att få bygglov\?” som granskat/);
    assert.equal((await schoolOfficer.post(`${base}/${buildingEntry}/granskad`)).statusCode, 403);
    const reviewed = await schoolOfficer.post(`${base}/${schoolEntry}/granskad`, { tillbaka: 'granska' });
    assert.equal(reviewed.statusCode, 303);
    assert.equal(reviewed.headers.location, `${base}/granska?klart=granskad`);
    const after = await schoolOfficer.get(`${base}/granska?klart=granskad`);
    assert.match(after.body, /Svaret är markerat som granskat/);
    assert.doesNotMatch(after.body, /Mitt barn ska byta skola/);
    assert.deepEqual(await auditActions(tenant), ['knowledgeBase.reviewed']);
  });

  test('the home page search orders answers by the service it suggests first', async () => {
    const { tenant } = await demoTenant();
    // The admins' synonyms say that "kan inte åka buss" is about färdtjänst.
    assert.ok((await t.app.services.routing.seedDemo(tenant.id, readDemoRoutingSynonyms('exempelstad'))) > 0);
    const query = 'min mamma kan inte åka buss längre';
    const kb = t.app.services.knowledgeBase;
    const [suggested] = await t.app.services.routing.suggest(tenant.id, query);
    assert.equal(suggested?.slug, 'fardtjanst');
    const linked = await kb.forService(tenant.id, suggested?.serviceId ?? '');
    // By words alone an answer about the school bus comes first ("buss", "inte").
    const [plain] = await kb.search(tenant.id, query);
    assert.ok(plain && !linked.some((entry) => entry.id === plain.id), `by words alone: ${plain?.question}`);
    const page = await new TestClient(t.app).get(`/${tenant.slug}/sok?q=${encodeURIComponent(query)}`);
    const shown = [...page.body.matchAll(/<h3 class="answer-question">([^<]+)<\/h3>/g)].map(
      (match) => match[1],
    );
    assert.ok(
      linked.some((entry) => entry.question === shown[0]),
      `the first answer shown is one about färdtjänst: ${shown[0]}`,
    );
  });

  test('on English pages the Swedish questions, answers and topics are marked lang="sv" (WCAG 3.1.2)', async () => {
    const { tenant } = await demoTenant();
    const client = new TestClient(t.app);
    await client.get(`/${tenant.slug}/`);
    await client.get(`/sprak/en?tillbaka=${encodeURIComponent(`/${tenant.slug}/`)}`);
    const search = await client.get(`/${tenant.slug}/sok?q=${encodeURIComponent('vad kostar bygglov')}`);
    assert.match(search.body, /<html lang="en"/);
    assert.match(search.body, /<h3 class="answer-question" lang="sv">Vad kostar ett bygglov\?<\/h3>/);
    assert.match(search.body, /<p lang="sv">Avgiften beror på/);
    assert.match(search.body, /Read the answer<span class="visually-hidden">: <span lang="sv">Vad kostar/);
    const topics = await client.get(`/${tenant.slug}/fragor-och-svar`);
    assert.match(topics.body, /<span lang="sv">Bygga och bo<\/span> \(3\)/);
    const topic = await client.get(
      `/${tenant.slug}/fragor-och-svar?kategori=${encodeURIComponent('Bygga och bo')}`,
    );
    assert.match(topic.body, /<h1>Topic: <span lang="sv">Bygga och bo<\/span><\/h1>/);
    assert.match(topic.body, /<ul class="card-list" lang="sv">/);
    const id = /fragor-och-svar\/([0-9a-f-]{36})/.exec(topic.body)?.[1];
    const entry = await client.get(`/${tenant.slug}/fragor-och-svar/${id}`);
    assert.match(entry.body, /<div lang="sv"><h1>/);
    const start = await client.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    assert.match(start.body, /lang="sv">Har mitt barn rätt till skolskjuts\?<\/a>/);
    // On Swedish pages the attribute would only repeat the page's.
    await client.get(`/sprak/sv?tillbaka=${encodeURIComponent(`/${tenant.slug}/`)}`);
    const swedish = await client.get(`/${tenant.slug}/sok?q=${encodeURIComponent('vad kostar bygglov')}`);
    assert.match(swedish.body, /<h3 class="answer-question">Vad kostar ett bygglov\?<\/h3>/);
    assert.equal(swedish.body.match(/lang="sv"/g)?.length, 1, 'only the page’s own');
  });

  test('each e-service’s start page shows its answers and searches them, lifting the linked ones', async () => {
    const { tenant } = await demoTenant();
    const client = new TestClient(t.app);
    const start = await client.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Frågor och svar om /);
    assert.match(start.body, /Har mitt barn rätt till skolskjuts\?/);
    assert.doesNotMatch(start.body, /Hur lång tid tar det att få bygglov/);
    assert.match(start.body, /<input type="hidden" name="tjanst" value="skolskjuts"/);

    const searched = await client.get(
      `/${tenant.slug}/fragor-och-svar?q=${encodeURIComponent('hur lång tid')}&tjanst=skolskjuts`,
    );
    assert.equal(searched.statusCode, 200);
    assert.match(searched.body, /<h1>Svar om /);
    const kb = t.app.services.knowledgeBase;
    const services = await t.app.services.catalogue.liveServices(tenant.id);
    const school = services.find((service) => service.slug === 'skolskjuts');
    const plain = await kb.search(tenant.id, 'byta skola buss');
    const lifted = await kb.search(tenant.id, 'byta skola buss', { serviceId: school?.serviceId });
    const linkedIds = new Set(
      (await kb.forService(tenant.id, school?.serviceId ?? '')).map((entry) => entry.id),
    );
    assert.ok(linkedIds.has(lifted[0]?.id ?? ''), 'the best hit is an answer linked to the service');
    assert.ok((lifted[0]?.score ?? 0) >= (plain[0]?.score ?? 0));

    const topic = await client.get(
      `/${tenant.slug}/fragor-och-svar?kategori=${encodeURIComponent('Bygga och bo')}`,
    );
    assert.match(topic.body, /Behöver jag bygglov för att bygga ett garage/);
    const id = /fragor-och-svar\/([0-9a-f-]{36})/.exec(topic.body)?.[1];
    const answer = await client.get(`/${tenant.slug}/fragor-och-svar/${id}`);
    assert.equal(answer.statusCode, 200);
    assert.match(answer.body, /href="\/[a-z0-9-]+\/e-tjanster\/bygglov-garage"/);
    assert.equal(
      (await client.get(`/${tenant.slug}/fragor-och-svar/${crypto.randomUUID()}`)).statusCode,
      404,
    );
  });

  test('the pure rules: answer text, safe links, months, the form and the policy', () => {
    assert.deepEqual(answerBlocks('Hej [här](/a/b) och https://x.example/y.\n\n- ett\n- två'), [
      {
        kind: 'paragraph',
        lines: [
          [
            { text: 'Hej ' },
            { text: 'här', href: '/a/b' },
            { text: ' och ' },
            { text: 'https://x.example/y', href: 'https://x.example/y' },
            { text: '.' },
          ],
        ],
      },
      { kind: 'list', items: [[{ text: 'ett' }], [{ text: 'två' }]] },
    ]);
    assert.deepEqual(answerBlocks('[x](javascript:alert(1))')[0], {
      kind: 'paragraph',
      lines: [[{ text: '[x](javascript:alert(1)' }, { text: ')' }]],
    });
    for (const [href, safe] of [
      ['https://a.example', true],
      ['/exempelstad/x', true],
      ['//evil.example', false],
      ['http://a.example', false],
      ['javascript:alert(1)', false],
    ] as const)
      assert.equal(isSafeHref(href), safe, href);
    assert.equal(addMonths(new Date('2026-01-31T12:00:00Z'), 1).toISOString(), '2026-02-28T12:00:00.000Z');
    assert.equal(addMonths(new Date('2026-03-15T00:00:00Z'), -3).toISOString(), '2025-12-15T00:00:00.000Z');
    assert.match(excerptOf(`${'ord '.repeat(100)}`, 50), /^(ord ){1,12}ord …$/);
    const refused = checkEntryForm({
      question: 'x'.repeat(301),
      answer: ' ',
      category: 'Skola',
      status: 'gone',
    });
    assert.deepEqual('errors' in refused ? refused.errors.map((error) => error.message) : [], [
      'questionTooLong',
      'answerMissing',
      'statusInvalid',
      'intervalInvalid',
    ]);
    const officer = { role: 'officer' as const, unitIds: ['u1'] };
    assert.deepEqual(
      [
        canKnowledgeBase(officer, 'read'),
        canKnowledgeBase(officer, 'edit'),
        canKnowledgeBase(officer, 'markReviewed', 'u1'),
        canKnowledgeBase(officer, 'markReviewed', 'u2'),
        canKnowledgeBase({ role: 'customerCentre', unitIds: [] }, 'edit'),
        canKnowledgeBase({ role: 'unitLead', unitIds: [] }, 'markReviewed', null),
      ],
      [true, false, true, false, true, false],
    );
  });
});
