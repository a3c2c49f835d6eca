/**
 * Plain-language routing (issue #13): scrubbing (property-tested), the evaluation's floors with and
 * without the demo synonyms, the history classifier, the anonymous suggestions API, the search page
 * and the recorded choice, the admins' synonyms, and an officer's move of one case — in the history,
 * left alone by a later bulk move, and fed back to the classifier. One app for the file, one tenant per test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  JOHAN,
  KARIN,
  LENA,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { runEvaluation } from './evaluation/evaluation.ts';
import { suggestServices, trainHistory } from './model.ts';
import { scrubQuery } from './scrub.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('pure parts', () => {
  const digits = (length: number) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
      .map((list) => list.join(''));
  const personnummer = fc
    .tuple(fc.constantFrom('', '19', '20'), digits(6), fc.constantFrom('', '-', '+', ' '), digits(4))
    .map(([century, date, separator, last]) => `${century}${date}${separator}${last}`);
  const phone = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('070', '072', '073', '076', '079'),
        fc.constantFrom('', '-', ' '),
        digits(3),
        fc.constantFrom('', ' '),
        digits(2),
        fc.constantFrom('', ' '),
        digits(2),
      )
      .map((parts) => parts.join('')),
    fc
      .tuple(
        fc.constantFrom('+46 ', '+46', '0046 ', '+46 (0)'),
        fc.constantFrom('70', '8', '31', '40'),
        fc.constantFrom(' ', '-', ''),
        digits(3),
        fc.constantFrom(' ', ''),
        digits(2),
        fc.constantFrom(' ', ''),
        digits(2),
      )
      .map((parts) => parts.join('')),
    fc
      .tuple(fc.constantFrom('08-', '031-', '(08) ', '0340/'), digits(3), fc.constantFrom(' ', ''), digits(3))
      .map((parts) => parts.join('')),
  );
  const words = fc.constantFrom(
    'hjälp med färdtjänst',
    'ring mig på',
    'mitt personnummer är',
    'min mejl:',
    '',
    'lyktstolpen har vält,',
  );

  test('no generated personnummer, phone number or e-mail survives scrubbing; the words do', () => {
    fc.assert(
      fc.property(
        words,
        fc.oneof(personnummer, phone, fc.emailAddress()),
        words,
        (before, secret, afterwards) => {
          const scrubbed = scrubQuery(`${before} ${secret} ${afterwards}`);
          const compact = (text: string) => text.replace(/[\s\-+()/.]/g, '');
          assert.ok(!scrubbed.includes(secret), `${secret} survived in ${scrubbed}`);
          if (!secret.includes('@'))
            assert.ok(!compact(scrubbed).includes(compact(secret).slice(-6)), scrubbed);
          assert.ok(!scrubbed.includes('@'));
          for (const word of `${before} ${afterwards}`.split(' ').filter((w) => w && !/\d/.test(w)))
            assert.ok(scrubbed.includes(word.replace(/:$/, '')), `${word} was lost from ${scrubbed}`);
        },
      ),
      { numRuns: 300 },
    );
    assert.equal(scrubQuery('garage på Storgatan 12 år 2026'), 'garage på Storgatan 12 år 2026');
  });

  test('evaluation floors: ≥ 200 everyday queries, top-1 and top-3 with and without the demo synonyms', () => {
    const plain = runEvaluation({ synonyms: false });
    const withSynonyms = runEvaluation({ synonyms: true });
    assert.ok(plain.total >= 200, `${plain.total} queries`);
    assert.ok(plain.top1 >= 0.7, `top-1 without synonyms ${plain.top1}`);
    assert.ok(plain.top3 >= 0.82, `top-3 without synonyms ${plain.top3}`);
    assert.ok(withSynonyms.top1 >= 0.9, `top-1 with synonyms ${withSynonyms.top1}`);
    assert.ok(withSynonyms.top3 >= 0.95, `top-3 with synonyms ${withSynonyms.top3}`);
    assert.ok(withSynonyms.top1 > plain.top1, 'the synonyms help');
  });

  test('the history classifier moves a query no words decide; corrections count against the old service', () => {
    const services = ['a', 'b'].map((id) => ({
      serviceId: id,
      slug: id,
      name: id === 'a' ? 'Ansökan om skolskjuts' : 'Ansökan om färdtjänst',
      summary: '',
      description: '',
      keywords: [],
      lifeEvents: [],
    }));
    const query = 'mormor ska till frisören';
    assert.deepEqual(suggestServices(query, { services }), []);
    const choices = Array.from({ length: 100 }, () => ({
      query: 'mormor frisören tisdag',
      serviceId: 'b',
      weight: 1,
    }));
    const learned = suggestServices(query, { services, history: trainHistory(choices) });
    assert.equal(learned[0]?.slug, 'b');
    assert.ok((learned[0]?.parts.history ?? 0) > 0.9);
    const corrected = trainHistory([
      ...choices,
      ...Array.from({ length: 80 }, () => ({ query: 'mormor frisören', serviceId: 'a', weight: 1 })),
      ...Array.from({ length: 80 }, () => ({ query: 'mormor frisören', serviceId: 'b', weight: -1 })),
    ]);
    assert.equal(suggestServices(query, { services, history: corrected })[0]?.slug, 'a');
  });
});

describe('over HTTP', () => {
  test('the suggestions API: best first, 400 for a missing or too long q, 404 for an unknown municipality', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts', 'fardtjanst', 'bygglov-garage']);
    const ask = (q?: string) =>
      t.app.inject({
        url: `/api/v1/tenants/${tenant.slug}/suggestions${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`,
      });
    const answer = await ask('hur tar sig mitt barn till nya skolan');
    assert.equal(answer.statusCode, 200);
    const { suggestions } = answer.json();
    assert.equal(suggestions[0].service, 'skolskjuts');
    assert.equal(suggestions[0].name, 'Ansökan om skolskjuts');
    assert.ok(suggestions[0].score > 0 && suggestions[0].score <= 1);
    for (const [index, item] of suggestions.entries())
      if (index > 0) assert.ok(item.score <= suggestions[index - 1].score);
    assert.equal(
      (await ask('pappa behöver hjälp med resor till vårdcentralen')).json().suggestions[0].service,
      'fardtjanst',
    );
    for (const bad of [undefined, '', 'x'.repeat(201)]) {
      const refused = await ask(bad);
      assert.equal(refused.statusCode, 400);
      assert.match(String(refused.headers['content-type']), /problem\+json/);
    }
    assert.equal(
      (await t.app.inject({ url: '/api/v1/tenants/finns-inte/suggestions?q=garage' })).statusCode,
      404,
    );
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    assert.equal(spec.paths['/api/v1/tenants/{tenant}/suggestions'].get.operationId, 'suggestServices');
  });

  test('the search page ranks, the chosen link records the scrubbed query once and opens the service', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts', 'bygglov-garage']);
    const client = new TestClient(t.app);
    const home = await client.get(`/${tenant.slug}/`);
    assert.match(home.body, /<label for="q">Vad behöver du hjälp med\?<\/label>/);
    const query = 'gatlyktan är trasig ring 070-123 45 67';
    const page = await client.get(`/${tenant.slug}/sok?q=${encodeURIComponent(query)}`);
    assert.equal(page.statusCode, 200);
    const links = [...page.body.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)];
    assert.equal(links[0]?.[2], 'Felanmälan');
    const choice = (links[0]?.[1] ?? '').replaceAll('&amp;', '&');
    assert.match(choice, /\/sok\/val\?q=.+&tjanst=felanmalan$/);
    const chosen = await client.get(choice);
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, `/${tenant.slug}/e-tjanster/felanmalan`);
    await client.get(choice);
    // A service that was not suggested for the words is not learned from.
    await client.get(`/${tenant.slug}/sok/val?q=garage&tjanst=skolskjuts`);
    const stored = await t.app.services.db
      .selectFrom('routingExample')
      .where('tenantId', '=', tenant.id)
      .select(['query', 'source', 'weight'])
      .execute();
    assert.deepEqual(stored, [{ query: 'gatlyktan är trasig ring', source: 'choice', weight: 1 }]);
    const status = async (q: string) =>
      /<p role="status">(.*?)<\/p>/s.exec(
        (await client.get(`/${tenant.slug}/sok?q=${encodeURIComponent(q)}`)).body,
      )?.[1];
    assert.equal(
      await status('simhall'),
      `Vi hittade ingen e-tjänst för ”simhall”. Prova ett annat ord, <a href="/${tenant.slug}/">välj bland livshändelserna</a> eller <a href="/${tenant.slug}/hjalp">få hjälp av kundcenter</a>.`,
    );
    // The resident's words are text, never a placeholder of the sentence they are put into.
    const braces = (await status('{customerCentre} <b>')) ?? '';
    assert.match(braces, /^Vi hittade ingen e-tjänst för ”\{customerCentre\} &lt;b>”\. /);
    assert.equal(braces.match(/<a /g)?.length, 2);
  });

  test('admins keep synonyms (validated in Swedish, audited); officers may not; a synonym changes the ranking', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts', 'fardtjanst']);
    const units = await createTestUnits(t, tenant);
    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const url = `/${tenant.slug}/handlaggning/admin/synonymer`;
    assert.equal((await karin.get(url)).statusCode, 403);
    const top = async () => (await t.app.services.routing.suggest(tenant.id, 'kvartersbussen'))[0]?.slug;
    assert.notEqual(await top(), 'fardtjanst');
    await lena.get(url);
    const refused = await lena.post(`${url}/ny`, { phrase: 'm', serviceId: '', words: '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    assert.match(refused.body, /Skriv ett ord eller uttryck med minst två tecken/);
    assert.match(refused.body, /Välj en e-tjänst eller skriv ord som betyder samma sak/);
    const fardtjanst = await t.app.services.catalogue.liveService(tenant.id, 'fardtjanst');
    const added = await lena.post(`${url}/ny`, {
      phrase: 'Kvartersbuss',
      serviceId: fardtjanst.serviceId,
      words: '',
    });
    assert.equal(added.statusCode, 303);
    assert.equal(await top(), 'fardtjanst');
    const list = await lena.get(`${url}?klart=tillagd`);
    assert.match(list.body, /Synonymen har lagts till/);
    const id = /synonymer\/([0-9a-f-]{36})\/ta-bort/.exec(list.body)?.[1] ?? '';
    assert.equal((await karin.post(`${url}/${id}/ta-bort`)).statusCode, 403);
    assert.equal((await lena.post(`${url}/${id}/ta-bort`)).statusCode, 303);
    const actions = await t.app.services.db
      .selectFrom('auditLog')
      .where('tenantId', '=', tenant.id)
      .where('action', 'like', 'routing.%')
      .select('action')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((row) => row.action),
      ['routing.synonymAdded', 'routing.synonymRemoved'],
    );
  });

  test('an officer moves one case with a reason; a later bulk move leaves it; the correction feeds the classifier', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan', 'fardtjanst']);
    const units = await createTestUnits(t, tenant);
    const johan = await staffClient(t, tenant, JOHAN, 'unitLead', [units.school]);
    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const anna = await residentClient(t, ANNA);
    await anna.get(
      `/${tenant.slug}/sok/val?q=${encodeURIComponent('mamma kan inte gå till bussen till skolan')}&tjanst=skolskjuts`,
    );
    const moved = await submitSchoolTransport(anna, tenant);
    const stays = await submitSchoolTransport(anna, tenant);
    const fardtjanst = await t.app.services.catalogue.liveService(tenant.id, 'fardtjanst');
    const page = `/${tenant.slug}/handlaggning/arenden/${moved}`;
    await johan.get(page);
    const refused = await johan.post(`${page}/flytta`, {
      unitId: '',
      serviceId: fardtjanst.serviceId,
      reason: ' ',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Skriv varför ärendet flyttas/);
    const ok = await johan.post(`${page}/flytta`, {
      unitId: '',
      serviceId: fardtjanst.serviceId,
      reason: 'Gäller resor till vården, inte skolan',
    });
    assert.equal(ok.statusCode, 303);
    const after = await johan.get(`${page}?klart=flyttat`);
    assert.match(after.body, /Ärendet har flyttats/);
    assert.match(after.body, /Flyttat från Ansökan om skolskjuts till Ansökan om färdtjänst/);
    assert.match(after.body, /Gäller resor till vården, inte skolan/);
    // The admin gives skolskjuts and färdtjänst to the streets unit: the moved case stays with the school unit.
    await t.app.services.organisation.setServiceUnit(lena.actor, fardtjanst.serviceId, units.streets);
    const skolskjuts = await t.app.services.catalogue.liveService(tenant.id, 'skolskjuts');
    assert.equal(
      await t.app.services.organisation.setServiceUnit(lena.actor, skolskjuts.serviceId, units.streets),
      1,
    );
    const rows = await t.app.services.db
      .selectFrom('case')
      .where('reference', 'in', [moved, stays])
      .select(['reference', 'unitId', 'serviceId', 'placedIndividuallyAt'])
      .execute();
    const byReference = new Map(rows.map((row) => [row.reference, row]));
    assert.equal(byReference.get(moved)?.unitId, units.school);
    assert.equal(byReference.get(moved)?.serviceId, fardtjanst.serviceId);
    assert.ok(byReference.get(moved)?.placedIndividuallyAt);
    assert.equal(byReference.get(stays)?.unitId, units.streets);
    const examples = await t.app.services.db
      .selectFrom('routingExample')
      .where('tenantId', '=', tenant.id)
      .select(['query', 'serviceId', 'source', 'weight', 'personId'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      examples.map(({ source, weight, serviceId }) => [source, weight, serviceId]),
      [
        ['choice', 1, skolskjuts.serviceId],
        ['correction', 1, fardtjanst.serviceId],
        ['correction', -1, skolskjuts.serviceId],
      ],
    );
    assert.equal(examples[0]?.personId, null, 'the link to the person is cleared once used');
  });
});
