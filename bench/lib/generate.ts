/**
 * Case data generated in SQL (issue #4, item 2): N cases for the demo tenant `exempelstad` in a few
 * big INSERT … SELECT statements over generate_series, no HTTP. The database must be migrated and
 * demo-seeded first. Every value is a function of the row number (hashes, not random()), so two
 * databases of different sizes hold the same measured resident and officer data.
 */
import os from 'node:os';
import pg from 'pg';
import type { ServiceDefinition } from '../../src/modules/forms/definition.ts';
import { sealedFieldsOf } from '../../src/modules/forms/sealed-fields.ts';
import { dataKeysFrom } from '../../src/platform/protection/data-keys.ts';
import {
  createDataProtection,
  PERSON_NUMBER_PURPOSE,
} from '../../src/platform/protection/data-protection.ts';

export interface GenerateOptions {
  /** How many cases in total (the measured resident's included). */
  cases: number;
  /** Distinct applicants to spread the cases over. */
  persons: number;
  /** Open cases of the unit assigned to the measured officer (same in every database). */
  officerOpen: number;
  /** Closed cases of the unit assigned to the measured officer. */
  officerClosed: number;
  /** The instant the data is generated around (submitted_at spreads over 3 years before it). */
  now: Date;
  log?: (message: string) => void;
}

/** Who and what the measurements use; identical in databases made with the same options but `cases`. */
export interface GeneratedData {
  tenantId: string;
  /** The measured resident: RESIDENT_CASES cases of their own in every database. */
  resident: { personId: string; name: string; cases: number };
  /** The measured officer (Karin Berg, Skolskjutsenheten). */
  officer: {
    personId: string;
    staffId: string;
    unitId: string;
    assignedOpen: number;
    assignedClosed: number;
  };
  /** A unit lead in two units (Skolskjutsenheten and Färdtjänstenheten): the `unit_id IN (…)` case. */
  lead: { personId: string; staffId: string; unitIds: string[] };
  /** Free-text searches: one matching the same few cases at any size, one matching a share of all. */
  search: { rare: string; common: string };
  counts: Record<string, number>;
  seconds: number;
}

export const RESIDENT_CASES = 30;
/** The measured resident's open cases (the rest are closed); two of them are in the officer's unit. */
const RESIDENT_OPEN = 8;
const RESIDENT = { pin: '191212121212', givenName: 'Ingrid', familyName: 'Vinterqvist' };
const KARIN_PIN = '196701292846';
const STAFF_PER_UNIT = 6;

const GIVEN = [
  'Anna',
  'Eva',
  'Maria',
  'Karin',
  'Sara',
  'Lena',
  'Emma',
  'Kerstin',
  'Elin',
  'Ida',
  'Sofia',
  'Linnea',
  'Johan',
  'Lars',
  'Anders',
  'Erik',
  'Per',
  'Mikael',
  'Karl',
  'Peter',
  'Jonas',
  'Ali',
  'Omar',
  'Fatima',
  'Nils',
  'Oskar',
  'Hugo',
  'Amira',
  'Leila',
  'Mats',
  'Björn',
  'Åsa',
  'Ingela',
  'Göran',
  'Sven',
  'Hanna',
];
const FAMILY = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Jönsson',
  'Lindberg',
  'Jakobsson',
  'Magnusson',
  'Olofsson',
  'Lindström',
  'Lindqvist',
  'Lindgren',
  'Berg',
  'Axelsson',
  'Hassan',
  'Mohammed',
  'Ali',
  'Holm',
  'Strand',
  'Ek',
  'Öberg',
  'Sandberg',
  'Forsberg',
  'Sjöberg',
  'Wallin',
  'Engström',
  'Lund',
];
const STREETS = [
  'Storgatan',
  'Kyrkogatan',
  'Skolgatan',
  'Järnvägsgatan',
  'Ringvägen',
  'Parkvägen',
  'Björkvägen',
  'Tallvägen',
  'Granvägen',
  'Ekvägen',
  'Sjövägen',
  'Strandvägen',
  'Industrivägen',
  'Torggatan',
  'Norra Vägen',
  'Södra Vägen',
  'Östra Långgatan',
  'Västra Långgatan',
  'Backvägen',
  'Ängsvägen',
  'Lärkvägen',
  'Mossvägen',
  'Hagvägen',
  'Åkervägen',
  'Kvarngatan',
];
/** Storgatan, the main street, is on about a quarter of all addresses: the common free-text search. */
const ADDRESS_STREETS = [...STREETS, ...Array<string>(8).fill('Storgatan')];
const FAULTS = [
  'Lampan vid busshållplatsen är trasig.',
  'Stort hål i asfalten vid övergångsstället.',
  'Gungan på lekplatsen har gått sönder.',
  'Klotter på väggen vid gångtunneln.',
  'Det är mycket halt på gångvägen, ingen sandning.',
  'Nedfallet träd över cykelbanan.',
  'Gatubelysningen blinkar hela kvällen.',
  'Papperskorgen är full och har inte tömts på länge.',
];
const DISABILITIES = [
  'Jag har svårt att gå längre sträckor på grund av artros i knäna.',
  'Jag använder rullstol efter en stroke och kan inte åka buss själv.',
  'Nedsatt syn gör att jag inte hittar till hållplatsen.',
  'KOL gör att jag blir andfådd efter några meter.',
];
const MESSAGES_RESIDENT = [
  'Hej! Jag undrar hur det går med mitt ärende?',
  'Jag har fått nytt telefonnummer, se ovan.',
  'Kan ni ringa mig när ni har tid?',
];
const MESSAGES_OFFICER = [
  'Hej, vi handlägger ditt ärende och återkommer inom kort.',
  'Tack för ditt meddelande, vi har noterat uppgiften.',
  'Vi behöver lite mer tid, du får besked nästa vecka.',
];

/** A SQL text[] literal of plain strings (our own constants: no quotes inside). */
function textArray(values: string[]): string {
  return `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}

/** Picks from a constant array by a hash of the row number and a salt. */
function pick(values: string[], salt: number, n = 'n'): string {
  return `(${textArray(values)})[1 + pg_temp.h(${n}, ${salt}) % ${values.length}]`;
}

/** The Luhn sum of nine digits (weights 2, 1, 2, …) as one expression, so the function inlines. */
const LUHN_SUM = Array.from({ length: 9 }, (_, i) => {
  const digit = `substr(digits, ${i + 1}, 1)::int`;
  return i % 2 === 0 ? `(2 * ${digit} - 9 * (${digit} >= 5)::int)` : digit;
}).join(' + ');

const SETUP = `
create function pg_temp.h(n bigint, salt int) returns bigint language sql immutable parallel safe as
  $$ select (hashint8extended(n, salt) & 2147483647) $$;
create function pg_temp.r(n bigint, salt int) returns float8 language sql immutable parallel safe as
  $$ select (hashint8extended(n, salt) & 2147483647)::float8 / 2147483648.0 $$;
create function pg_temp.age_days(n bigint) returns float8 language sql immutable parallel safe as $$
  select case when n <= ${RESIDENT_CASES} then (n - 1) * 36 + 3 + pg_temp.r(n, 2) * 30
    else pg_temp.r(n, 2) * 1095 end $$;
create function pg_temp.luhn(digits text) returns int language sql immutable parallel safe as $$
  select (10 - (${LUHN_SUM}) % 10) % 10 $$;
create function pg_temp.pin(birth date, serial int) returns text language sql stable as $$
  select to_char(birth, 'YYYYMMDD') || lpad(serial::text, 3, '0')
    || pg_temp.luhn(to_char(birth, 'YYMMDD') || lpad(serial::text, 3, '0')) $$;
`;

function personsSql(tenantPersons: number): string {
  return `
  create unlogged table bench_gen_person as
  select idx, gen_random_uuid() as id,
    pg_temp.pin(date '1940-01-01' + idx, 600 + idx % 100) as pin,
    ${pick(GIVEN, 11, 'idx')} as given_name,
    ${pick(FAMILY, 12, 'idx')} as family_name
  from generate_series(1, ${tenantPersons}) idx;
  alter table bench_gen_person add primary key (idx);
  insert into person (id, personal_identity_number, given_name, family_name, email, created_at, updated_at)
  select id, pin, given_name, family_name,
    lower(translate(given_name || '.' || family_name, 'åäöÅÄÖé', 'aaoAAOe')) || idx || '@example.se',
    now() - interval '3 years', now() - interval '3 years'
  from bench_gen_person;`;
}

/** Officers for each handling unit (not the measured one) who hold the generated cases. */
function staffSql(tenantId: string): string {
  return `
  create unlogged table bench_gen_staff as
  select u.id as unit_id, k, gen_random_uuid() as person_id, gen_random_uuid() as staff_id,
    row_number() over (order by u.name, k) as idx
  from unit u cross join generate_series(1, ${STAFF_PER_UNIT}) k
  where u.tenant_id = '${tenantId}';
  insert into person (id, personal_identity_number, given_name, family_name)
  select person_id, pg_temp.pin(date '1960-01-01' + idx::int * 3, 700 + k), ${pick(GIVEN, 21, 'idx')},
    ${pick(FAMILY, 22, 'idx')}
  from bench_gen_staff;
  insert into staff_member (id, tenant_id, person_id, role)
  select staff_id, '${tenantId}', person_id, 'officer' from bench_gen_staff;
  insert into unit_membership (unit_id, staff_member_id, tenant_id)
  select unit_id, staff_id, '${tenantId}' from bench_gen_staff;
  create unlogged table bench_gen_service as
  select s.slug, s.id as service_id, v.id as version_id, h.unit_id,
    (select array_agg(g.staff_id order by g.k) from bench_gen_staff g where g.unit_id = h.unit_id) as staff
  from service s
  join service_version v on v.service_id = s.id and v.status = 'published'
  join service_handling h on h.service_id = s.id
  where s.tenant_id = '${tenantId}';`;
}

const address = (salt: number) =>
  `jsonb_build_object('street', ${pick(ADDRESS_STREETS, salt)} || ' ' || (1 + pg_temp.h(n, ${salt + 1}) % 60),
    'postalCode', '12' || (3 + pg_temp.h(n, ${salt + 2}) % 6) || ' ' || lpad((pg_temp.h(n, ${salt + 3}) % 100)::text, 2, '0'),
    'city', 'Exempelstad')`;

const file = (name: string, salt: number) =>
  `jsonb_build_array(jsonb_build_object('filename', '${name}', 'sizeBytes', 40000 + pg_temp.h(n, ${salt}) % 900000,
    'contentType', 'application/pdf', 'attachmentId', md5(n || ':${name}')::uuid))`;

const phone = (salt: number) =>
  `'07' || (pg_temp.h(n, ${salt}) % 10) || '-' || lpad((pg_temp.h(n, ${salt + 1}) % 10000000)::text, 7, '0')`;

/** Distinct answer sets per service; each case copies one (as if many people filled in the form alike). */
const ANSWER_VARIANTS = 4000;

/** Answers shaped like the demo services' real submissions (see demo/services/*.json). */
const ANSWERS = `case slug
  when 'skolskjuts' then jsonb_build_object(
    'childPersonalIdentityNumber', pg_temp.pin(date '2010-01-01' + (pg_temp.h(n, 31) % 3600)::int, 200 + pg_temp.h(n, 32)::int % 99),
    'childName', ${pick(GIVEN, 33)},
    'school', ${pick(['bjorkangsskolan', 'ekbackens-skola', 'sjoviksskolan', 'tallasens-skola', 'larkangens-skola'], 34)},
    'grade', ${pick(['fk', '1', '2', '3', '4', '5'], 35)},
    'distanceKm', round((2 + pg_temp.r(n, 36) * 18)::numeric, 1),
    'reason', ${pick(['long-distance', 'long-distance', 'long-distance', 'dangerous-route'], 37)},
    'hasSpecialNeeds', false,
    'guardianEmail', lower(translate(${pick(GIVEN, 39)}, 'åäöÅÄÖ', 'aaoAAO')) || n || '@example.se',
    'guardianPhone', ${phone(38)},
    'homeAddress', ${address(40)})
  when 'felanmalan' then jsonb_build_object(
    'category', ${pick(['street-lighting', 'street-pavement', 'park-playground', 'graffiti', 'snow-ice', 'other'], 51)},
    'description', ${pick(FAULTS, 52)},
    'location', jsonb_build_object('address', ${pick(ADDRESS_STREETS, 53)} || ' ' || (1 + pg_temp.h(n, 54) % 80)),
    'wantsContact', false)
  when 'fardtjanst' then jsonb_build_object(
    'disabilityDescription', ${pick(DISABILITIES, 61)},
    'disabilityDuration', ${pick(['over-6-months', 'permanent', '3-6-months'], 62)},
    'usesMobilityAids', true,
    'mobilityAids', jsonb_build_array(${pick(['walker', 'manual-wheelchair', 'walking-stick'], 63)}),
    'wheelchairInVehicle', false,
    'canTravelByBus', ${pick(['no', 'sometimes'], 64)},
    'needsCompanion', false,
    'hasMedicalCertificate', true,
    'medicalCertificate', ${file('lakarintyg.pdf', 65)},
    'phone', ${phone(66)},
    'address', ${address(70)},
    'hasRepresentative', false)
  else jsonb_build_object(
    'propertyDesignation', 'Exempelstad ' || ${pick(['Björken', 'Eken', 'Lönnen', 'Tallen', 'Aspen'], 81)} || ' ' || (1 + pg_temp.h(n, 82) % 30) || ':' || (1 + pg_temp.h(n, 83) % 90),
    'propertyAddress', ${address(84)},
    'detailPlan', ${pick(['inside', 'inside', 'inside', 'outside', 'unknown'], 85)},
    'hasOneOrTwoDwellingHouse', true,
    'isPropertyOwner', true,
    'buildingType', ${pick(['garage', 'carport', 'garage-with-storage'], 88)},
    'areaM2', 18 + pg_temp.h(n, 89) % 40,
    'heightM', round((2.5 + pg_temp.r(n, 90) * 2)::numeric, 1),
    'distanceToBoundaryM', round((1 + pg_temp.r(n, 91) * 6)::numeric, 1),
    'neighboursApproved', true,
    'buildingDescription', 'Fristående ' || ${pick(['garage', 'carport', 'garage med förråd'], 92)} || ' i trä med sadeltak.',
    'sitePlan', ${file('situationsplan.pdf', 93)},
    'email', lower(translate(${pick(GIVEN, 95)}, 'åäöÅÄÖ', 'aaoAAO')) || n || '@example.se',
    'phone', ${phone(94)},
    'postalAddress', ${address(96)})
  end`;

const ANSWERS_SQL = `
  create unlogged table bench_gen_answers as
  select slug, k, ${ANSWERS} as answers
  from (select s.slug, k, k * 4 + s.i as n
    from unnest(array['skolskjuts', 'felanmalan', 'fardtjanst', 'bygglov-garage']) with ordinality as s(slug, i)
    cross join generate_series(0, ${ANSWER_VARIANTS - 1}) k) v;
  alter table bench_gen_answers add primary key (slug, k);
  alter table bench_gen_answers add column sealed_key_id text, add column pin_hashes text[];`;

/** Open statuses: a share of each status of the service's workflow (skolskjuts has its own). */
const OPEN_STATUS = `case
  when pg_temp.r(n, 4) < 0.25 then 'received'
  when pg_temp.r(n, 4) < 0.6 then 'inProgress'
  when pg_temp.r(n, 4) < 0.7 then case when slug = 'skolskjuts' then 'awaitingSchool' else 'inProgress' end
  when pg_temp.r(n, 4) < 0.8 then 'completionRequested'
  else 'decided' end`;

/**
 * The cases of one quarter of a Swedish year in one INSERT … SELECT (quarters load in parallel, each
 * numbering on from the quarters before it in the year): service (the measured resident's spread over all four), age
 * over 3 years, open (most recent ones) or closed, status, applicant, who holds it, due date, and the
 * reference numbered per Swedish year in submission order. The measured officer gets none here.
 */
function casesSql(cases: number): string {
  const residentSlugs = textArray(['skolskjuts', 'felanmalan', 'fardtjanst', 'bygglov-garage']);
  return `
  insert into "case" (id, tenant_id, reference, service_id, service_version_id, draft_id, applicant_person_id,
    anonymous_session_id, answers, language, status, status_category, submitted_at, updated_at, closed_at,
    unit_id, assigned_staff_id, applicant_name, status_changed_at, due_at, channel, registered_by_kind,
    registered_by_id, registered_by_label, applicant_kind, sealed_key_id, personal_identity_number_hashes)
  with base as (
    select n,
      case when n <= ${RESIDENT_CASES} then (${residentSlugs})[1 + n % 4]
        else case when pg_temp.h(n, 1) % 100 < 40 then 'felanmalan' when pg_temp.h(n, 1) % 100 < 65 then 'skolskjuts'
          when pg_temp.h(n, 1) % 100 < 80 then 'fardtjanst' else 'bygglov-garage' end end as slug,
      pg_temp.age_days(n) as age_days
    from generate_series(1, ${cases}) n
  ), shaped as (
    select b.*,
      case when n <= ${RESIDENT_CASES} then n <= ${RESIDENT_OPEN}
        when age_days < 60 then pg_temp.r(n, 3) < 0.9 else pg_temp.r(n, 3) < 0.03 end as open,
      case when n <= ${RESIDENT_CASES} then 0 when slug = 'felanmalan' and pg_temp.h(n, 5) % 2 = 0 then null
        else 1 + pg_temp.h(n, 6) % (select count(*) from bench_gen_person) end as person_idx,
      $2::timestamptz - make_interval(secs => age_days * 86400) as submitted_at
    from base b
  ), statused as (
    select s.*, case when open then ${OPEN_STATUS} else 'closed' end as status from shaped s
  ), planned as (
    select st.*, g.service_id, g.version_id, g.unit_id, g.staff,
      case when n <= ${RESIDENT_CASES} then '${RESIDENT.givenName} ${RESIDENT.familyName}'
        when p.id is null then null else p.given_name || ' ' || p.family_name end as applicant_name,
      case when n <= ${RESIDENT_CASES} then (select id from person where personal_identity_number_hash = $6)
        else p.id end as person_id,
      least($2::timestamptz, st.submitted_at + make_interval(secs => 86400 *
        case when status = 'closed' then 5 + pg_temp.r(n, 10) * 55 else pg_temp.r(n, 10) * least(age_days, 20) end))
        as changed_at,
      extract(year from st.submitted_at at time zone 'Europe/Stockholm')::int as year,
      extract(quarter from st.submitted_at at time zone 'Europe/Stockholm')::int as quarter
    from statused st
    join bench_gen_service g on g.slug = st.slug
    left join bench_gen_person p on p.idx = st.person_idx
  ), numbered as (
    select c.*, $5::int + row_number() over (order by submitted_at, n) as seq from planned c
    where year = $3 and quarter = $4
  )
  select md5(n || ':case')::uuid, $1::uuid,
    'EXS-' || year || '-' || case when seq < 1000000 then lpad(seq::text, 6, '0') else seq::text end,
    service_id, version_id, md5(n || ':draft')::uuid, person_id,
    case when person_id is null then md5(n || ':session') end,
    a.answers, case when pg_temp.h(n, 7) % 20 = 0 then 'en' else 'sv' end,
    status,
    case status when 'received' then 'received' when 'completionRequested' then 'waitingForResident'
      when 'decided' then 'decided' when 'closed' then 'closed' else 'inProgress' end,
    submitted_at, changed_at, case when status = 'closed' then changed_at end,
    unit_id,
    case when status = 'closed' or (status <> 'received' and pg_temp.r(n, 8) < 0.9)
      or (status = 'received' and pg_temp.r(n, 8) < 0.2) then staff[1 + pg_temp.h(n, 9) % array_length(staff, 1)] end,
    applicant_name, changed_at,
    case when status = 'closed' then null
      else changed_at + make_interval(days => case status when 'received' then 5
        when 'inProgress' then case when c.slug = 'skolskjuts' then 15 else 20 end
        when 'awaitingSchool' then 10 when 'decided' then 10 end) end,
    'web', case when person_id is null then 'anonymous' else 'resident' end, person_id::text, applicant_name,
    case when person_id is null then 'anonymous' else 'person' end, a.sealed_key_id, a.pin_hashes
  from numbered c
  join bench_gen_answers a on a.slug = c.slug and a.k = pg_temp.h(n, 30) % ${ANSWER_VARIANTS}`;
}

const DRAFT_INSERT = `
  insert into draft (id, tenant_id, service_version_id, person_id, session_id, answers, current_step, status,
    case_id, created_at, updated_at, sealed_key_id)
  select c.draft_id, c.tenant_id, c.service_version_id, c.applicant_person_id, c.anonymous_session_id,
    c.answers, 'contact', 'submitted', c.id, c.submitted_at - interval '12 minutes', c.submitted_at, c.sealed_key_id
  from "case" c where c.tenant_id = $1 and c.draft_id is not null`;

// The generated cases all have a draft; `draft_id is not null` leaves out the demo's own seeded cases.
const EVENTS_INSERT = `
  insert into case_event (tenant_id, case_id, type, actor, data, created_at, visibility)
  select $1::uuid, c.id, 'submitted',
    case when c.applicant_person_id is null then '{"kind": "anonymous"}'::jsonb
      else jsonb_build_object('kind', 'resident', 'personId', c.applicant_person_id, 'name', c.applicant_name) end,
    jsonb_build_object('reference', c.reference), c.submitted_at, 'resident'
  from "case" c where c.tenant_id = $1 and c.draft_id is not null
  order by c.submitted_at`;

const STATUS_EVENTS_INSERT = `
  insert into case_event (tenant_id, case_id, type, actor, data, created_at, visibility)
  select $1::uuid, c.id, 'statusChanged',
    jsonb_build_object('kind', 'officer', 'staffId', c.assigned_staff_id, 'name', 'Handläggare'),
    jsonb_build_object('from', 'received', 'to', c.status), c.status_changed_at,
    case when c.status = 'awaitingSchool' then 'internal' else 'resident' end
  from "case" c where c.tenant_id = $1 and c.draft_id is not null and c.status <> 'received'
  order by c.status_changed_at`;

/** A tenth of the cases with applicants have a short conversation; some replies are still unread. */
function messagesSql(): string {
  const n = 'hashtext(c.id::text)';
  return `
  insert into case_message (tenant_id, case_id, author_kind, author_person_id, author_staff_id, author_name,
    body, created_at, read_at)
  select $1::uuid, c.id, 'resident', c.applicant_person_id, null, c.applicant_name, ${pick(MESSAGES_RESIDENT, 101, n)},
    c.submitted_at + interval '1 day',
    case when c.status <> 'closed' and pg_temp.h(${n}, 102) % 3 = 0 then null else c.submitted_at + interval '2 days' end
  from "case" c where c.tenant_id = $1 and c.draft_id is not null and c.applicant_person_id is not null and c.assigned_staff_id is not null
    and pg_temp.h(${n}, 100) % 10 = 0
  union all
  select $1::uuid, c.id, 'officer', null, c.assigned_staff_id, 'Handläggare', ${pick(MESSAGES_OFFICER, 103, n)},
    c.submitted_at + interval '2 days',
    case when c.status <> 'closed' and pg_temp.h(${n}, 104) % 2 = 0 then null else c.submitted_at + interval '3 days' end
  from "case" c where c.tenant_id = $1 and c.draft_id is not null and c.applicant_person_id is not null and c.assigned_staff_id is not null
    and pg_temp.h(${n}, 100) % 10 = 0
  order by 8`;
}

const COUNTER_UPSERT = `
  insert into case_reference_counter (tenant_id, year, last_value)
  select $1::uuid, split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int)
  from "case" where tenant_id = $1 group by 2
  on conflict (tenant_id, year) do update
    set last_value = greatest(case_reference_counter.last_value, excluded.last_value)`;

interface Task {
  label: string;
  sql: string;
  values?: unknown[];
}

/** Runs the tasks on the connections, each taking the next task when it is free. */
async function runParallel(clients: pg.Client[], tasks: Task[], log: (message: string) => void) {
  const queue = [...tasks];
  await Promise.all(
    clients.map(async (client) => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const started = performance.now();
        await client.query(task.sql, task.values);
        log(`  ${task.label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    }),
  );
}

/** A connection for bulk loading: foreign-key triggers off (draft ↔ case point at each other). */
async function loader(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', (error) => console.warn(`loader connection lost: ${error.message}`));
  await client.connect();
  await client.query(`set work_mem = '256MB'; set maintenance_work_mem = '1GB'; set jit = off;
    set synchronous_commit = off; set session_replication_role = replica`);
  await client.query(SETUP);
  return client;
}

/** How many cases fall in each quarter of each Swedish year, and how many earlier in the same year. */
async function chunksOf(client: pg.Client, cases: number, now: Date) {
  const { rows } = await client.query(
    `select year, quarter, count(*)::int as count,
       (coalesce(sum(count(*)) over (partition by year order by quarter rows between unbounded preceding and 1 preceding), 0))::int as offset
     from (select extract(year from t)::int as year, extract(quarter from t)::int as quarter
       from (select ($1::timestamptz - make_interval(secs => pg_temp.age_days(n) * 86400)) at time zone 'Europe/Stockholm' as t
         from generate_series(1, $2::int) n) s) q
     group by year, quarter order by count(*) desc`,
    [now, cases],
  );
  return rows as { year: number; quarter: number; count: number; offset: number }[];
}

/**
 * Fills a migrated, demo-seeded database; returns the measured people and the row counts. Loads in
 * parallel over a few connections, with the plain indexes dropped during the load and rebuilt after
 * (building an index once is many times faster than updating it row by row, GIN above all); the
 * foreign keys are checked once at the end instead of row by row. Not atomic: on failure, drop the
 * database.
 */
export async function generateCases(databaseUrl: string, options: GenerateOptions): Promise<GeneratedData> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const connections = Math.max(2, Math.min(4, os.availableParallelism()));
  const clients = await Promise.all(Array.from({ length: connections }, () => loader(databaseUrl)));
  const [client] = clients as [pg.Client];
  try {
    const one = async (text: string, values?: unknown[]) => (await client.query(text, values)).rows[0];
    const tenant = await one(`select id from tenant where slug = 'exempelstad'`);
    if (!tenant) throw new Error('tenant exempelstad is missing: seed the demo first');
    const tenantId = tenant.id as string;
    await client.query(
      `insert into person (personal_identity_number, personal_identity_number_hash, sealed_key_id, given_name,
         family_name, email)
       values ($1, $2, $3, $4, $5, 'ingrid.vinterqvist@example.se')`,
      [
        protection.sealText(RESIDENT.pin, PERSON_NUMBER_PURPOSE),
        protection.lookupHash(RESIDENT.pin),
        protection.currentKeyId,
        RESIDENT.givenName,
        RESIDENT.familyName,
      ],
    );
    await runParallel(
      [client],
      [
        { label: 'persons', sql: personsSql(options.persons) },
        { label: 'staff', sql: staffSql(tenantId) },
        { label: 'answers', sql: ANSWERS_SQL },
      ],
      log,
    );
    await sealAnswerVariants(client, tenantId);
    const indexes = await dropSecondaryIndexes(client, LOADED_TABLES);
    const chunks = await chunksOf(client, options.cases, options.now);
    const caseSql = casesSql(options.cases);
    // The demo seeds a few cases of its own (fault reports): number on after them, per year.
    const seeded = await client.query(
      `select split_part(reference, '-', 2)::int as year, max(split_part(reference, '-', 3)::int) as last
         from "case" where tenant_id = $1 group by 1`,
      [tenantId],
    );
    const seededLast = new Map(seeded.rows.map((row) => [Number(row.year), Number(row.last)]));
    await runParallel(
      clients,
      chunks.map((chunk) => ({
        label: `cases ${chunk.year} Q${chunk.quarter} (${chunk.count})`,
        sql: caseSql,
        values: [
          tenantId,
          options.now,
          chunk.year,
          chunk.quarter,
          chunk.offset + (seededLast.get(chunk.year) ?? 0),
          protection.lookupHash(RESIDENT.pin),
        ],
      })),
      log,
    );
    await client.query(COUNTER_UPSERT, [tenantId]);
    const officer = await assignOfficer(client, tenantId, options);
    const lead = await createLead(client, tenantId);
    await sealPersons(client, log);
    // The GIN index takes longest: build it on one connection while the others load the rest.
    const isGin = (index: { sql: string }) => / USING gin /i.test(index.sql);
    const ofCase = (index: { sql: string }) => index.sql.includes(' ON public."case" ');
    const gin = runParallel(clients.slice(0, 1), indexes.filter(isGin).map(indexTask), log).then(
      () => undefined,
      (error: unknown) => error,
    );
    await runParallel(
      clients.slice(1),
      [
        { label: 'events', sql: EVENTS_INSERT, values: [tenantId] },
        { label: 'status events', sql: STATUS_EVENTS_INSERT, values: [tenantId] },
        { label: 'drafts', sql: DRAFT_INSERT, values: [tenantId] },
        { label: 'messages', sql: messagesSql(), values: [tenantId] },
        ...indexes.filter((index) => !isGin(index) && ofCase(index)).map(indexTask),
      ],
      log,
    );
    await runParallel(clients.slice(1), indexes.filter((index) => !ofCase(index)).map(indexTask), log);
    const ginError = await gin;
    if (ginError) throw ginError;
    await checkConsistency(client);
    await runParallel(
      clients,
      ['"case"', 'case_event', 'draft', 'case_message', 'person', 'staff_member', 'unit_membership'].map(
        (table) => ({ label: `vacuum ${table}`, sql: `vacuum (analyze) ${table}` }),
      ),
      log,
    );
    await client.query('drop table bench_gen_person, bench_gen_staff, bench_gen_service, bench_gen_answers');
    const resident = await one(`select id from person where personal_identity_number_hash = $1`, [
      protection.lookupHash(RESIDENT.pin),
    ]);
    const counts = await one(
      `select (select count(*) from "case")::int as cases, (select count(*) from draft)::int as drafts,
        (select count(*) from person)::int as persons, (select count(distinct applicant_person_id) from "case")::int as applicants,
        (select count(*) from case_event)::int as events, (select count(*) from case_message)::int as messages,
        (select count(*) from "case" where unit_id = $1)::int as "officerUnitCases",
        (select count(*) from "case" where status_category <> 'closed')::int as "openCases"`,
      [officer.unitId],
    );
    return {
      tenantId,
      resident: {
        personId: resident.id,
        name: `${RESIDENT.givenName} ${RESIDENT.familyName}`,
        cases: RESIDENT_CASES,
      },
      officer,
      lead,
      search: { rare: RESIDENT.familyName, common: 'Storgatan' },
      counts,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.all(clients.map((each) => each.end()));
  }
}

/**
 * Personal data as the server keeps it (decision 0034), under the keys the bench's servers get from the
 * same environment (the development keys unless DATA_ENCRYPTION_KEYS is set).
 */
const protection = createDataProtection(dataKeysFrom(process.env));

/**
 * Seals each answer variant as a submission of its service's form would be sealed: the cases copy
 * them, so a variant's sealed values are the same bytes in every case that copies it (as the same
 * plaintext sealed once would be; no case's data is learnt from another's).
 */
async function sealAnswerVariants(client: pg.Client, tenantId: string) {
  const { rows } = await client.query(
    `select a.slug, a.k, a.answers, v.definition from bench_gen_answers a
     join service s on s.slug = a.slug and s.tenant_id = $1
     join service_version v on v.service_id = s.id and v.status = 'published'`,
    [tenantId],
  );
  const sealed = rows.flatMap((row) => {
    const stored = protection.sealAnswers(sealedFieldsOf(row.definition as ServiceDefinition), row.answers);
    if (!stored.keyId) return [];
    const hashes = stored.personalIdentityNumberHashes;
    return [
      {
        ...row,
        answers: JSON.stringify(stored.answers),
        keyId: stored.keyId,
        hashes: hashes.length > 0 ? `{${hashes.join(',')}}` : null,
      },
    ];
  });
  await client.query(
    `update bench_gen_answers a set answers = v.answers::jsonb, sealed_key_id = v.key_id, pin_hashes = v.hashes::text[]
     from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[]) as v(slug, k, answers, key_id, hashes)
     where a.slug = v.slug and a.k = v.k`,
    [
      sealed.map((row) => row.slug),
      sealed.map((row) => row.k),
      sealed.map((row) => row.answers),
      sealed.map((row) => row.keyId),
      sealed.map((row) => row.hashes),
    ],
  );
}

/** The persons generated in SQL (in clear, not sealed yet: ''): sealed and hashed, a chunk at a time. */
async function sealPersons(client: pg.Client, log: (message: string) => void) {
  const started = performance.now();
  let total = 0;
  for (;;) {
    const { rows } = await client.query(
      `select id, personal_identity_number as pin from person where sealed_key_id = '' limit 20000`,
    );
    if (rows.length === 0) break;
    await client.query(
      `update person p set personal_identity_number = v.sealed, personal_identity_number_hash = v.hash,
         sealed_key_id = $4
       from unnest($1::uuid[], $2::text[], $3::text[]) as v(id, sealed, hash) where p.id = v.id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => protection.sealText(row.pin, PERSON_NUMBER_PURPOSE)),
        rows.map((row) => protection.lookupHash(row.pin)),
        protection.currentKeyId,
      ],
    );
    total += rows.length;
  }
  log(`  persons sealed (${total}): ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const indexTask = (index: { name: string; sql: string }): Task => ({ label: index.name, sql: index.sql });

const LOADED_TABLES = ['case', 'draft', 'case_event', 'case_message'];

/**
 * Drops the plain (non-unique) indexes of the bulk-loaded tables and returns their definitions:
 * building an index once after the load is many times faster than updating it row by row (GIN above
 * all). They are recreated after the load, exactly as the migrations defined them.
 */
async function dropSecondaryIndexes(client: pg.Client, tables: string[]) {
  const { rows } = await client.query(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as sql
     from pg_index i join pg_class t on t.oid = i.indrelid
     where t.relname = any($1) and t.relnamespace = 'public'::regnamespace and not i.indisunique
     order by 1`,
    [tables],
  );
  for (const row of rows) await client.query(`drop index ${row.name}`);
  return rows as { name: string; sql: string }[];
}

/** Karin Berg holds the same number of open and closed cases of her unit in every database. */
async function assignOfficer(client: pg.Client, tenantId: string, options: GenerateOptions) {
  const { rows } = await client.query(
    `select s.id as staff_id, s.person_id, m.unit_id from staff_member s
     join person p on p.id = s.person_id join unit_membership m on m.staff_member_id = s.id
     where s.tenant_id = $1 and p.personal_identity_number_hash = $2`,
    [tenantId, protection.lookupHash(KARIN_PIN)],
  );
  const karin = rows[0];
  if (!karin || rows.length !== 1) throw new Error('Karin Berg should be staff in exactly one unit');
  const assign = async (open: boolean, limit: number) => {
    const result = await client.query(
      `update "case" set assigned_staff_id = $1 where id in (
         select id from "case" where unit_id = $2 and (status_category <> 'closed') = $3
           and applicant_person_id is distinct from (select id from person where personal_identity_number_hash = $4)
         order by hashtext(reference) limit $5)`,
      [karin.staff_id, karin.unit_id, open, protection.lookupHash(RESIDENT.pin), limit],
    );
    return result.rowCount ?? 0;
  };
  const assignedOpen = await assign(true, options.officerOpen);
  const assignedClosed = await assign(false, options.officerClosed);
  return {
    personId: karin.person_id as string,
    staffId: karin.staff_id as string,
    unitId: karin.unit_id as string,
    assignedOpen,
    assignedClosed,
  };
}

/** A unit lead of two units: the queue then spans `unit_id IN (a, b)`. */
async function createLead(client: pg.Client, tenantId: string) {
  const person = await client.query(
    `insert into person (personal_identity_number, given_name, family_name)
     values (pg_temp.pin(date '1971-03-15', 812), 'Maja', 'Enhetschef') returning id`,
  );
  const personId = person.rows[0].id as string;
  const staff = await client.query(
    `insert into staff_member (tenant_id, person_id, role) values ($1, $2, 'unitLead') returning id`,
    [tenantId, personId],
  );
  const staffId = staff.rows[0].id as string;
  const units = await client.query(
    `insert into unit_membership (unit_id, staff_member_id, tenant_id)
     select id, $2, $1 from unit where tenant_id = $1 and name in ('Skolskjutsenheten', 'Färdtjänstenheten')
     returning unit_id`,
    [tenantId, staffId],
  );
  return { personId, staffId, unitIds: units.rows.map((row) => row.unit_id as string) };
}

/** The foreign keys were not checked during the load: check what they would have. */
async function checkConsistency(client: pg.Client): Promise<void> {
  const { rows } = await client.query(`select
    (select count(*) from "case" c left join draft d on d.id = c.draft_id where c.draft_id is not null and d.id is null)::int as "caseWithoutDraft",
    (select count(*) from draft d left join "case" c on c.id = d.case_id where d.case_id is not null and c.id is null)::int as "draftWithoutCase",
    (select count(*) from "case" c left join person p on p.id = c.applicant_person_id where c.applicant_person_id is not null and p.id is null)::int as "caseWithoutPerson",
    (select count(*) from case_event e left join "case" c on c.id = e.case_id where c.id is null)::int as "eventWithoutCase",
    (select count(*) from case_message m left join "case" c on c.id = m.case_id where c.id is null)::int as "messageWithoutCase",
    (select count(*) from "case" c left join staff_member s on s.id = c.assigned_staff_id where c.assigned_staff_id is not null and s.id is null)::int as "caseWithoutStaff"`);
  const broken = Object.entries(rows[0] as Record<string, number>).filter(([, count]) => count > 0);
  if (broken.length > 0) throw new Error(`generated data is inconsistent: ${JSON.stringify(broken)}`);
}
