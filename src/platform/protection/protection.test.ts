/**
 * Protection at rest (issue #14, decision 0034): the keys' configuration, the codec, what the
 * database holds (queried raw), look-ups and the officers' search by keyed hash, key rotation and
 * the sealing of rows written before migration 0026.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { readDemoDefinition } from '../../cli/seed.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { parseQueueFilters } from '../../modules/case-handling/queue-model.ts';
import type { ServiceDefinition } from '../../modules/forms/definition.ts';
import { sealedFieldsOf } from '../../modules/forms/sealed-fields.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { schoolTransportSteps } from '../../test-support/school-transport.ts';
import { createTestUnits, KARIN, staffClient } from '../../test-support/staff.ts';
import { dataKeysFrom } from './data-keys.ts';
import { createDataProtection, SealedDataError, storedFormOf } from './data-protection.ts';
import { withDataProtection } from './opening-plugin.ts';
import { createDataKeyJobs } from './reseal.ts';

const KEY_1 = Buffer.alloc(32, 1).toString('base64');
const KEY_2 = Buffer.alloc(32, 2).toString('base64');
const LOOKUP = Buffer.alloc(32, 9).toString('base64');
const CHILD = '201601022385';
/** Production without the development features the production guard refuses (config.ts). */
const PRODUCTION = { NODE_ENV: 'production', DEV_IDP: 'false', SEED_DEMO: 'false' };
const NEEDS = 'Epilepsi, behöver rullstolsplats';

describe('data keys in the configuration', () => {
  test('the first key is current; malformed, repeated or missing keys are refused by name', () => {
    const keys = dataKeysFrom({ DATA_ENCRYPTION_KEYS: `k2:${KEY_2}, k1:${KEY_1}`, DATA_LOOKUP_KEY: LOOKUP });
    assert.deepEqual(
      keys.encryptionKeys.map((key) => key.id),
      ['k2', 'k1'],
    );
    assert.equal(keys.development, false);
    const refused: [Record<string, string>, RegExp][] = [
      [{ DATA_ENCRYPTION_KEYS: 'k1:c2hvcnQ=', DATA_LOOKUP_KEY: LOOKUP }, /32 bytes/],
      [{ DATA_ENCRYPTION_KEYS: `bad id:${KEY_1}`, DATA_LOOKUP_KEY: LOOKUP }, /entry 1 must be id:base64key/],
      [{ DATA_ENCRYPTION_KEYS: `k1:${KEY_1},k1:${KEY_2}`, DATA_LOOKUP_KEY: LOOKUP }, /names key "k1" twice/],
      [{ DATA_ENCRYPTION_KEYS: `k1:${KEY_1}`, DATA_LOOKUP_KEY: KEY_1 }, /must differ/],
      [{ ...PRODUCTION, DATA_LOOKUP_KEY: LOOKUP }, /DATA_ENCRYPTION_KEYS is required/],
      [{ ...PRODUCTION, DATA_ENCRYPTION_KEYS: `k1:${KEY_1}` }, /DATA_LOOKUP_KEY is required/],
    ];
    for (const [env, message] of refused) {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error instanceof ConfigError && message.test(error.message),
      );
      assert.throws(
        () => loadConfig(env),
        (error: Error) => !error.message.includes(KEY_1),
        'no key in the message',
      );
    }
  });

  test('outside production, derived development keys stand in and say so', () => {
    const config = loadConfig({});
    assert.equal(config.dataKeys.development, true);
    assert.equal(config.dataKeys.encryptionKeys[0]?.id, 'dev');
    const production = loadConfig({
      ...PRODUCTION,
      DATA_ENCRYPTION_KEYS: `k1:${KEY_1}`,
      DATA_LOOKUP_KEY: LOOKUP,
    });
    assert.equal(production.dataKeys.development, false);
  });
});

test('the demo forms seal their level-3 answers and every personnummer', () => {
  const demo = (service: string) => readDemoDefinition(service) as ServiceDefinition;
  assert.deepEqual(Object.fromEntries(sealedFieldsOf(demo('fardtjanst'))), {
    disabilityDescription: 'confidential',
    companionReason: 'confidential',
    medicalCertificate: 'confidential',
  });
  assert.deepEqual(Object.fromEntries(sealedFieldsOf(demo('skolskjuts'))), {
    childPersonalIdentityNumber: 'personalIdentityNumber',
    specialNeeds: 'confidential',
  });
  assert.deepEqual([...sealedFieldsOf(demo('felanmalan')).keys()], []);
});

describe('the codec', () => {
  const keys = (list: string) =>
    createDataProtection(dataKeysFrom({ DATA_ENCRYPTION_KEYS: list, DATA_LOOKUP_KEY: LOOKUP }));
  const k1 = keys(`k1:${KEY_1}`);

  test('a sealed text names its key, hides its plaintext, opens for its purpose only', () => {
    const sealed = k1.sealText(CHILD, 'person.personalIdentityNumber');
    assert.match(sealed, /^aes1:k1:[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes(CHILD));
    assert.notEqual(k1.sealText(CHILD, 'x'), k1.sealText(CHILD, 'x'), 'a fresh IV every time');
    assert.equal(k1.openText(sealed, 'person.personalIdentityNumber'), CHILD);
    assert.throws(() => k1.openText(sealed, 'answer:childName'), SealedDataError, 'bound to its purpose');
    assert.equal(k1.openText(CHILD, 'any'), CHILD, 'text written before sealing reads as it is');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    assert.throws(() => k1.openText(tampered, 'person.personalIdentityNumber'), /does not open/);
  });

  test('after a rotation older keys still open; a missing key fails naming it', () => {
    const sealed = k1.sealText('hemlig', 'p');
    const rotated = keys(`k2:${KEY_2},k1:${KEY_1}`);
    assert.equal(rotated.currentKeyId, 'k2');
    assert.equal(rotated.openText(sealed, 'p'), 'hemlig');
    assert.throws(
      () => keys(`k2:${KEY_2}`).openText(sealed, 'p'),
      (error: Error) => error instanceof SealedDataError && /key "k1"/.test(error.message),
    );
    assert.throws(() => keys(`k1:${KEY_2}`).openText(sealed, 'p'), /key differs/);
    assert.equal(rotated.lookupHash(CHILD), k1.lookupHash(CHILD), 'hashes do not depend on the data key');
    assert.match(k1.lookupHash(CHILD), /^[0-9a-f]{64}$/);
  });

  test('answers: only the sealed fields are sealed, personnummer hashed, and they open again', () => {
    const fields = new Map([
      ['needs', 'confidential' as const],
      ['child', 'personalIdentityNumber' as const],
    ]);
    const answers = { needs: NEEDS, child: CHILD, grade: '3', files: [{ attachmentId: 'a' }] };
    const stored = k1.sealAnswers(new Map([...fields, ['files', 'confidential' as const]]), answers);
    assert.equal(stored.keyId, 'k1');
    assert.deepEqual(stored.personalIdentityNumberHashes, [k1.lookupHash(CHILD)]);
    assert.equal(stored.answers.grade, '3');
    const text = JSON.stringify(stored.answers);
    for (const secret of ['Epilepsi', CHILD, 'attachmentId']) assert.ok(!text.includes(secret), secret);
    const opened = k1.openAnswers(stored.answers as Record<string, unknown>);
    assert.deepEqual(opened, answers);
    assert.equal(storedFormOf(opened), stored.answers, 'the stored form stays at hand for comparisons');
    assert.equal(k1.sealAnswers(fields, { grade: '3', needs: '' }).keyId, null, 'nothing to seal');
    assert.throws(() => k1.sealAnswers(fields, { grade: stored.answers.needs }), SealedDataError);
  });
});

describe('at rest in the database', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t?.close();
  });

  /** Anna applies for school transport with special needs; Karin is the unit's officer. */
  async function scene() {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const anna = await residentClient(t, ANNA);
    await anna.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    for (const [step, answers] of schoolTransportSteps('Vilgot')) {
      const special: Record<string, string> =
        step === 'need' ? { hasSpecialNeeds: 'yes', specialNeeds: NEEDS } : {};
      const saved = await anna.post(`${base}/steg/${step}`, { ...answers, ...special });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    }
    // The submit's one-statement path (decision 0005) compares the draft's stored, sealed answers.
    const cases = t.app.services.cases;
    const guarded = cases.createGuarded;
    let fastPath: unknown;
    cases.createGuarded = async (input) => {
      fastPath = await guarded(input);
      return fastPath as Awaited<ReturnType<typeof guarded>>;
    };
    assert.equal((await anna.post(`${base}/skicka`)).statusCode, 303);
    cases.createGuarded = guarded;
    const receipt = await anna.get(`${base}/kvitto`);
    const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1] ?? '';
    return { tenant, karin, anna, reference, draftId: base.split('/').pop() ?? '', fastPath };
  }

  test('the tables hold ciphertext and hashes; every reader sees the answers', async () => {
    const { tenant, karin, reference, draftId, anna, fastPath } = await scene();
    assert.ok(fastPath, 'the draft guard matched the sealed answers: the case was made in one statement');
    const protection = t.app.services.protection;
    const raw = await sql<{ answers: string; sealedKeyId: string; hashes: string[] }>`
      select answers::text as answers, sealed_key_id, personal_identity_number_hashes as hashes
      from "case" where reference = ${reference}`.execute(t.database.db);
    const row = raw.rows[0];
    assert.ok(row);
    for (const secret of ['Epilepsi', 'rullstol', CHILD]) assert.ok(!row.answers.includes(secret), secret);
    assert.match(row.answers, /"\$sealed": "aes1:dev:/);
    assert.match(row.answers, /Vilgot/, 'a confidentiality-2 answer stays searchable text');
    assert.equal(row.sealedKeyId, 'dev');
    assert.deepEqual(row.hashes, [protection.lookupHash(CHILD)]);
    const draft = await sql<{ answers: string }>`
      select answers::text as answers from draft where id = ${draftId}::uuid`.execute(t.database.db);
    assert.ok(!draft.rows[0]?.answers.includes('Epilepsi'), 'the draft too');
    const person = await sql<{ pin: string; hash: string }>`
      select personal_identity_number as pin, personal_identity_number_hash as hash
      from person where id = ${anna.personId}::uuid`.execute(t.database.db);
    assert.match(person.rows[0]?.pin ?? '', /^aes1:dev:/);
    assert.ok(!person.rows[0]?.pin.includes(ANNA.personalIdentityNumber));
    assert.equal(person.rows[0]?.hash, protection.lookupHash(ANNA.personalIdentityNumber));

    const read = await t.app.services.cases.caseRow(reference);
    assert.equal(read?.answers.specialNeeds, NEEDS);
    assert.equal(read?.answers.childPersonalIdentityNumber, CHILD);
    assert.equal(
      (await t.app.services.profile.personByNumber(ANNA.personalIdentityNumber))?.id,
      anna.personId,
    );
    // The officer sees the level-3 answer once revealed with a reason (decision 0033), opened.
    const page = `/${tenant.slug}/handlaggning/arenden/${reference}`;
    assert.doesNotMatch((await karin.get(page)).body, /Epilepsi/);
    const reveal = await karin.post(`${page}/visa`, { fieldId: 'specialNeeds', reason: 'Beställa fordon' });
    assert.equal(reveal.statusCode, 303);
    assert.match((await karin.get(page)).body, /Epilepsi, behöver rullstolsplats/);
    const mine = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(mine.body, /Epilepsi, behöver rullstolsplats/);
  });

  test('officers search level-3 text in vain, and find the case by personnummer through its hash', async () => {
    const { karin, reference } = await scene();
    const refs = async (sok: string) =>
      (
        await t.app.services.caseHandling.queue(karin.actor, parseQueueFilters({ sok }), undefined, 25)
      ).rows.map((row) => row.reference);
    assert.deepEqual(await refs('Epilepsi'), [], 'a confidentiality-3 answer is not indexed');
    assert.deepEqual(await refs('rullstolsplats'), []);
    assert.deepEqual(await refs('Vilgot'), [reference], 'other answers still are');
    assert.deepEqual(await refs('20160102-2385'), [reference], "the child's personnummer");
    assert.deepEqual(await refs('201601022385'), [reference]);
    assert.deepEqual(await refs(ANNA.personalIdentityNumber), [reference], "the applicant's personnummer");
    assert.deepEqual(await refs('197901012398'), [], 'another personnummer finds nothing');
    assert.deepEqual(await refs('2016010223'), [], 'a part of one is no match');
  });
});

/**
 * Rotation and first sealing act on every row of the database, so they run on a database of their
 * own: an embedded one, or the PostgreSQL in PROTECTION_TEST_DATABASE_URL (never the shared test
 * database, whose other files' rows are sealed under the development key).
 */
describe('key rotation and rows written before migration 0026', () => {
  let r: TestApp;
  const env = (keys: string) => ({ DATA_ENCRYPTION_KEYS: keys, DATA_LOOKUP_KEY: LOOKUP });
  before(async () => {
    r = await createTestApp({
      DATABASE_URL: process.env.PROTECTION_TEST_DATABASE_URL ?? '',
      // k1 is current; k2 is known, so the app still reads what the rotation below moves to it.
      ...env(`k1:${KEY_1},k2:${KEY_2}`),
    });
  });
  after(async () => {
    await r?.close();
  });

  /** The database as a process configured with `keys` reads it, and that process's re-sealing. */
  function processWith(keys: string) {
    const { db, protection } = withDataProtection(r.database.db, dataKeysFrom(env(keys)));
    const jobs = createDataKeyJobs({
      db,
      protection,
      // A query every time, as a process that has not cached the version makes: on the embedded
      // database it must not run beside the batch's open transaction (one connection).
      sealedFieldsOfVersion: async (id) => {
        const version = await db
          .selectFrom('serviceVersion')
          .select('definition')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return sealedFieldsOf(version.definition);
      },
    });
    return { db, protection, jobs };
  }

  async function submittedCase() {
    const tenant = await createTestTenant(r, ['skolskjuts']);
    const anna = await residentClient(r, ANNA);
    await anna.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    for (const [step, answers] of schoolTransportSteps('Vilgot')) {
      const special: Record<string, string> =
        step === 'need' ? { hasSpecialNeeds: 'yes', specialNeeds: NEEDS } : {};
      assert.equal((await anna.post(`${base}/steg/${step}`, { ...answers, ...special })).statusCode, 303);
    }
    assert.equal((await anna.post(`${base}/skicka`)).statusCode, 303);
    const row = await r.database.db
      .selectFrom('case')
      .select(['id', 'reference'])
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    return { caseId: row.id, personId: anna.personId };
  }

  const keyIdsOf = async (table: 'person' | 'draft' | 'case') =>
    (
      await sql<{
        keyId: string | null;
      }>`select distinct sealed_key_id as key_id from ${sql.table(table)}`.execute(r.database.db)
    ).rows.map((row) => row.keyId);

  test('a new key first: two processes re-seal every row once, the old key can go, data reads the same', async () => {
    const { caseId, personId } = await submittedCase();
    assert.deepEqual(await keyIdsOf('case'), ['k1']);
    const before = await processWith(`k2:${KEY_2},k1:${KEY_1}`).jobs.status();
    assert.equal(before.currentKeyId, 'k2');
    assert.ok(before.pending >= 3, 'the person, the draft and the case are on k1');
    const [one, two] = [processWith(`k2:${KEY_2},k1:${KEY_1}`), processWith(`k2:${KEY_2},k1:${KEY_1}`)];
    const written = await Promise.all([one.jobs.resealAll(), two.jobs.resealAll()]);
    const total = written.flatMap((byTable) => Object.values(byTable)).reduce((sum, count) => sum + count, 0);
    assert.equal(total, before.pending, 'each row re-sealed exactly once');
    const afterwards = await one.jobs.status();
    assert.equal(afterwards.pending, 0);
    assert.deepEqual(afterwards.unknownKeyIds, []);
    for (const table of ['person', 'draft', 'case'] as const)
      assert.deepEqual(await keyIdsOf(table), ['k2'], table);

    // k1 removed from the configuration: everything still opens.
    const onlyNew = processWith(`k2:${KEY_2}`);
    const read = await onlyNew.db
      .selectFrom('case')
      .select('answers')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(read.answers.specialNeeds, NEEDS);
    assert.equal(read.answers.childPersonalIdentityNumber, CHILD);
    const person = await onlyNew.db
      .selectFrom('person')
      .select(['personalIdentityNumber', 'personalIdentityNumberHash'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.personalIdentityNumber, ANNA.personalIdentityNumber);
    assert.equal(
      person.personalIdentityNumberHash,
      onlyNew.protection.lookupHash(ANNA.personalIdentityNumber),
    );

    // A process that lacks the key the rows are under fails, naming it, rather than reading garbage.
    const onlyOld = processWith(`k1:${KEY_1}`);
    await assert.rejects(
      onlyOld.db.selectFrom('case').select('answers').where('id', '=', caseId).execute(),
      (error: Error) => error instanceof SealedDataError && /key "k2"/.test(error.message),
    );
    const status = await onlyOld.jobs.status();
    assert.deepEqual(status.unknownKeyIds, ['k2']);
  });

  test('rows from before protection at rest are sealed: persons before serving, the rest in the background', async () => {
    const { caseId, personId } = await submittedCase();
    const db = r.database.db;
    // As migration 0026 leaves a row written before it: in clear, marked '' (not sealed yet).
    await sql`update person set personal_identity_number = ${ANNA.personalIdentityNumber},
      personal_identity_number_hash = null, sealed_key_id = '' where id = ${personId}::uuid`.execute(db);
    await sql`update "case" set answers = ${JSON.stringify({ specialNeeds: NEEDS, childPersonalIdentityNumber: CHILD, childName: 'Vilgot' })}::jsonb,
      personal_identity_number_hashes = null, sealed_key_id = '' where id = ${caseId}::uuid`.execute(db);
    const current = processWith(`k1:${KEY_1},k2:${KEY_2}`);
    assert.equal(
      await r.app.services.profile.personByNumber(ANNA.personalIdentityNumber),
      undefined,
      'no hash yet',
    );
    const inClear = await current.db
      .selectFrom('case')
      .select('answers')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(inClear.answers.specialNeeds, NEEDS, 'read as it is meanwhile');

    assert.ok((await current.jobs.sealPersonsBeforeServing()) >= 1);
    assert.equal((await r.app.services.profile.personByNumber(ANNA.personalIdentityNumber))?.id, personId);
    const written = await current.jobs.resealAll();
    assert.ok(written.case >= 1);
    const raw = await sql<{ answers: string; keyId: string; hashes: string[] }>`
      select answers::text as answers, sealed_key_id as key_id, personal_identity_number_hashes as hashes
      from "case" where id = ${caseId}::uuid`.execute(db);
    assert.ok(!raw.rows[0]?.answers.includes('Epilepsi'));
    assert.ok(!raw.rows[0]?.answers.includes(CHILD));
    assert.equal(raw.rows[0]?.keyId, 'k1');
    assert.deepEqual(raw.rows[0]?.hashes, [current.protection.lookupHash(CHILD)]);
    assert.equal((await current.jobs.status()).pending, 0);
  });

  test('an archived case is re-sealed too, and otherwise stays read-only (migration 0023)', async () => {
    const { caseId } = await submittedCase();
    const db = r.database.db;
    const plain = { specialNeeds: NEEDS, childPersonalIdentityNumber: CHILD, childName: 'Vilgot' };
    // Kept for the archive (decision 0031) while its answers were still in clear.
    await sql`update "case" set answers = ${JSON.stringify(plain)}::jsonb, personal_identity_number_hashes = null,
      sealed_key_id = '', status_category = 'closed', closed_at = now(), archived_at = now()
      where id = ${caseId}::uuid`.execute(db);
    const current = processWith(`k1:${KEY_1},k2:${KEY_2}`);
    assert.ok((await current.jobs.resealAll()).case >= 1);
    const raw = await sql<{ answers: string; keyId: string }>`
      select answers::text as answers, sealed_key_id as key_id from "case" where id = ${caseId}::uuid`.execute(
      db,
    );
    assert.ok(!raw.rows[0]?.answers.includes('Epilepsi'));
    assert.equal(raw.rows[0]?.keyId, 'k1');
    const read = await current.db
      .selectFrom('case')
      .select('answers')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(read.answers, plain, 'the same answers');

    const archived = /archived and read-only/;
    await assert.rejects(
      sql`update "case" set applicant_name = 'Någon annan' where id = ${caseId}::uuid`.execute(db),
      archived,
    );
    // Even while re-sealing, an archived case's answers cannot change, come or go.
    for (const change of [
      sql`answers = answers || '{"childName": "Någon annan"}'::jsonb`,
      sql`answers = answers - 'childName'`,
      sql`answers = answers || '{"extra": "1"}'::jsonb`,
      sql`answers = answers, applicant_name = 'Någon annan'`,
    ])
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await sql`select set_config('ingang.reseal', 'on', true)`.execute(trx);
          await sql`update "case" set ${change} where id = ${caseId}::uuid`.execute(trx);
        }),
        archived,
      );
  });
});
