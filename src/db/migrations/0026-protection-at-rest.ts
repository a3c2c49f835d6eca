/**
 * Issue #14, protection at rest (platform/protection, docs/privacy.md, decision 0034).
 *
 * - `person.personal_identity_number` holds the sealed personnummer (`aes1:<key id>:…`) from now
 *   on: its uniqueness and digit check move to `personal_identity_number_hash`, the HMAC-SHA256
 *   every look-up goes through.
 * - `sealed_key_id` on person, draft, case and case_event names the data key a row's sealed values
 *   are under; null when the row has none, '' while no process has looked at it yet. Rows that
 *   exist when this runs are '': SQL cannot seal (the keys are the application's configuration,
 *   never the database's), so the application does it, with the mechanism that moves rows to a new
 *   key after a rotation: person rows before it serves (look-ups need the hashes), the others in the
 *   background (platform/protection/reseal.ts). The default stays '' for person, draft and case, so
 *   a row written by anything that does not seal (a script, a bench) is looked at too.
 * - `case.personal_identity_number_hashes`: the hashes of a case's personnummer answers (GIN), the
 *   officers' exact search by personnummer.
 * - `case.search` no longer indexes sealed values (their ciphertext would only be noise).
 * - An archived case stays read-only (migration 0023) with one narrow exception, made the way the
 *   disposal's is: inside a transaction that set `ingang.reseal = 'on'` (SET LOCAL, re-sealing
 *   only), its answers may be written again under another key. Nothing else of the row may change,
 *   no answer may come or go, and an answer sealed in neither the old nor the new row must stay
 *   the same; without it an archived case would keep a retired key (or its clear text) forever.
 */
import { type Kysely, sql } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

/** `true` when an UPDATE of an archived case only re-seals its answers (see the header). */
const RESEALING_ONLY = `coalesce(current_setting('ingang.reseal', true), '') = 'on'
  and (to_jsonb(new) - array['answers', 'sealed_key_id', 'personal_identity_number_hashes', 'search'])
    = (to_jsonb(old) - array['answers', 'sealed_key_id', 'personal_identity_number_hashes', 'search'])
  and not exists (
    select 1 from jsonb_each(old.answers) o full join jsonb_each(new.answers) n on n.key = o.key
    where o.key is null or n.key is null
      or (o.value is distinct from n.value
        and not (jsonb_typeof(o.value) = 'object' and o.value ? '$sealed')
        and not (jsonb_typeof(n.value) = 'object' and n.value ? '$sealed')))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table person
      drop constraint person_personal_identity_number_key,
      drop constraint person_personal_identity_number_check,
      add constraint person_personal_identity_number_form
        check (personal_identity_number ~ '^[0-9]{12}$' or personal_identity_number like 'aes1:%'),
      add column personal_identity_number_hash text
        check (personal_identity_number_hash ~ '^[0-9a-f]{64}$'),
      add column sealed_key_id text default '';
    create unique index person_personal_identity_number_hash on person (personal_identity_number_hash);
    create index person_sealed_key on person (sealed_key_id);

    alter table draft add column sealed_key_id text default '';
    create index draft_sealed_key on draft (sealed_key_id) where sealed_key_id is not null;

    alter table "case"
      add column sealed_key_id text default '',
      add column personal_identity_number_hashes text[];
    create index case_sealed_key on "case" (sealed_key_id) where sealed_key_id is not null;
    create index case_personal_identity_number_hashes on "case" using gin (personal_identity_number_hashes);

    alter table case_event add column sealed_key_id text;
    update case_event set sealed_key_id = '' where data ? 'previousAnswers';
    create index case_event_sealed_key on case_event (sealed_key_id) where sealed_key_id is not null;

    alter table "case" drop column search;
    alter table "case" add column search tsvector generated always as (
      to_tsvector('swedish', reference || ' ' || coalesce(applicant_name, ''))
      || jsonb_to_tsvector('swedish', jsonb_path_query_array(answers, '$.* ? (!exists(@."$sealed"))'),
        '["string", "numeric"]')
    ) stored;
    create index case_search on "case" using gin (search);
    alter table "case" alter column search set statistics 1000;
    analyze "case";
  `,
  );
  // One statement on its own: the function body holds semicolons that executeStatements would split at.
  await sql
    .raw(`create or replace function ingang_archived_case_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and ${RESEALING_ONLY} then
        return new;
      end if;
      raise exception 'case % is archived and read-only', old.reference using errcode = 'restrict_violation';
    end $$`)
    .execute(db);
}
