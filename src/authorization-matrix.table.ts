/**
 * The authorization matrix's table (issue #14): for every route the app registers, what each actor
 * gets. Read src/authorization-matrix.test.ts for how a row is checked, and docs/security.md
 * ("Authorization matrix") for how to declare a new route.
 *
 * A row lists one outcome per actor, in this order (ACTORS in test-support/security-actors.ts):
 *
 *   anonymous resident otherResident representative customerCentre officer otherOfficer unitLead admin dataProtectionOfficer client clientWithoutScope
 *
 * Outcomes: `ok` allowed · `L` redirected to the residents' login · `SL` to the officers' login ·
 * `401` `403` `404` refused with that status · any other number: exactly that status.
 * "resident" owns every resource (Anna); "representative" acts for her; the officers and the unit
 * lead belong to (or not, "otherOfficer") the unit that handles both services; the data protection
 * officer (a staff role of its own, in no unit) keeps the record of processing with the administrators.
 */
import type { Credential } from './test-support/security-actors.ts';
import { FAQ_FORM, OFFER_FORM } from './test-support/security-admin.ts';
import { DECISION_FORM } from './test-support/security-fixtures.ts';
import { type Fresh, fresh } from './test-support/security-fresh.ts';

/** Ids of the scene by name (see security-scene.ts); a function gets them all. */
type Value = string | ((ids: Record<string, string>) => string);

export interface RouteSpec {
  /** One outcome per actor (see above). */
  expect: string;
  /** Path parameters other than the defaults of `PARAMS`, as scene id names or functions. */
  params?: Record<string, Value>;
  /** A query string to append (without `?`). */
  query?: Value;
  /** The form (or JSON) body; a function gets the scene's ids. */
  body?: object | ((ids: Record<string, string>) => object);
  /** A JSON body (`application/json`, or the content type given here). */
  json?: boolean | string;
  /** How machines authenticate here, and the scope the route needs (see security-actors.ts). */
  credential?: Credential;
  scope?: string;
  /** For allowed requests that change or use up their resource: ids of a resource of their own. */
  fresh?: Fresh;
}

/** The default value of each path parameter: a scene id name, or a literal prefixed with `=`. */
export const PARAMS: Record<string, string> = {
  tenant: 'tenant',
  reference: 'reference',
  draftId: 'draftId',
  service: '=felanmalan',
  stepId: '=what',
  attachmentId: 'caseAttachmentId',
  decisionId: 'decisionId',
  id: 'messageAttachmentId',
  proposalId: 'proposalId',
  jobId: 'jobId',
  staffId: 'staffId',
  unitId: 'unitId',
  serviceId: 'serviceId',
  versionId: 'versionId',
  slug: '=skolskjuts',
  deviceId: 'deviceId',
  assetId: 'assetId',
  synonymId: 'synonymId',
  entryId: 'entryId',
  offerId: 'offerId',
  subscriptionId: 'subscriptionId',
  deliveryId: 'deliveryId',
  personId: 'annaPersonId',
  clientId: 'clientId',
  token: 'followToken',
  event: '=barn-och-skola',
  lang: '=en',
  name: '=app.css',
  dataset: '=arendestatistik',
  file: '=arendestatistik.csv',
  uid: '=no-such-interaction',
  shareId: 'shareId',
};

// Rows that recur. Machines (the last two columns) carry no session: HTML forms refuse them by CSRF.
const PUBLIC = 'ok ok ok ok ok ok ok ok ok ok ok ok';
/** Any logged-in person's own pages (staff are persons too, with their own My Pages). */
const MINE = 'L ok ok ok ok ok ok ok ok ok L L';
const MINE_POST = 'L ok ok ok ok ok ok ok ok ok 403 403';
/** Anna's case on My Pages: Anna, and Erik acting for her. */
const HERS = 'L ok 404 ok 404 404 404 404 404 404 L L';
const HERS_POST = 'L ok 404 ok 404 404 404 404 404 404 403 403';
/** Anna's draft: hers, and her representative's while acting for her (decision 0028, point 7). */
const DRAFT = '404 ok 404 ok 404 404 404 404 404 404 404 404';
const DRAFT_POST = '404 ok 404 ok 404 404 404 404 404 404 403 403';
/** A case of the unit: its officers and unit lead; anyone else in the back office is told nothing. */
const CASE = 'SL SL SL SL 404 ok 404 ok 404 404 SL SL';
const CASE_POST = 'SL SL SL SL 404 ok 404 ok 404 404 403 403';
/** What only the unit lead (or the assigned officer) does to a case; the officer may read but not do. */
const LEAD = 'SL SL SL SL 404 403 404 ok 404 404 SL SL';
const LEAD_POST = 'SL SL SL SL 404 403 404 ok 404 404 403 403';
/** Every staff member of the tenant. */
const STAFF = 'SL SL SL SL ok ok ok ok ok ok SL SL';
const ADMIN = 'SL SL SL SL 403 403 403 403 ok 403 SL SL';
const ADMIN_POST = 'SL SL SL SL 403 403 403 403 ok 403 403 403';
/** The record of processing (docs/privacy.md), the audit log and the disposal schedule: administrators and the data protection officer. */
const KEEPERS = 'SL SL SL SL 403 403 403 403 ok ok SL SL';
const KEEPERS_POST = 'SL SL SL SL 403 403 403 403 ok ok 403 403';
const CENTRE = 'SL SL SL SL ok 403 403 403 403 403 SL SL';
const CENTRE_POST = 'SL SL SL SL ok 403 403 403 403 403 403 403';
/** The knowledge base's editors: administrators and the customer centre. */
const EDITORS = 'SL SL SL SL ok 403 403 403 ok 403 SL SL';
const EDITORS_POST = 'SL SL SL SL ok 403 403 403 ok 403 403 403';
/** The business API: a client with the scope; without it 403; anyone without a key 401. */
const API = '401 401 401 401 401 401 401 401 401 401 ok 403';
/** Staff JSON API by session cookie: administrators; residents 401; machines have no session (CSRF). */
const ADMIN_API = '401 401 401 401 403 403 403 403 ok 403 403 403';
/** An HTML form any visitor with a session may post (machines have none: CSRF). */
const PUBLIC_POST = 'ok ok ok ok ok ok ok ok ok ok 403 403';

const faultCase = { reference: 'faultReference' };
const decided = { reference: 'decidedReference' };
const draft = { service: '=felanmalan', draftId: 'draftId' };
const caseBody = {
  service: 'felanmalan',
  answers: {
    category: 'street-lighting',
    description: 'Lampan är trasig',
    location: { address: 'Storgatan 3' },
    wantsContact: false,
  },
  applicant: { kind: 'anonymous' },
};

// biome-ignore format: one route a line keeps the table readable
export const MATRIX: Record<string, RouteSpec> = {
  // Platform: open to all.
  'GET /healthz': { expect: PUBLIC },
  'GET /static/:name': { expect: PUBLIC },
  'GET /static/leaflet-1.9.4/:name': { expect: PUBLIC, params: { name: '=leaflet.css' } },
  'GET /static/leaflet-1.9.4/images/:name': { expect: PUBLIC, params: { name: '=marker-icon.png' } },
  'GET /sprak/:lang': { expect: PUBLIC },
  'GET /:tenant/tema.css': { expect: PUBLIC },
  'GET /dev-mail': { expect: PUBLIC },
  'GET /api/v1/openapi.json': { expect: PUBLIC },
  'GET /api/v1/reference': { expect: PUBLIC },
  // Identity. The development IdP's endpoints are the OIDC provider's, protected by its protocol;
  // an interaction exists only during a login (platform/identity/login.test.ts walks one).
  'GET /logga-in': { expect: PUBLIC },
  'GET /handlaggning/logga-in': { expect: PUBLIC },
  // Where an ended session (idle or absolute timeout) is sent: says why, to anyone.
  'GET /utloggad': { expect: PUBLIC },
  'GET /auth/callback': { expect: '401 401 401 401 401 401 401 401 401 401 401 401' },
  'POST /logga-ut': { expect: PUBLIC_POST, fresh: fresh.session },
  'GET /dev-idp/*': { expect: PUBLIC, params: { '*': '=.well-known/openid-configuration' } },
  'POST /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'PUT /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'PATCH /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'DELETE /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'OPTIONS /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'TRACE /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'QUERY /dev-idp/*': { expect: '404 404 404 404 404 404 404 404 404 404 404 404', params: { '*': '=no-such-endpoint' } },
  'GET /dev-idp/interaction/:uid': { expect: '401 401 401 401 401 401 401 401 401 401 401 401' },
  'POST /dev-idp/interaction/:uid/login': { expect: '401 401 401 401 401 401 401 401 401 401 403 403' },
  'POST /dev-idp/interaction/:uid/abort': { expect: '401 401 401 401 401 401 401 401 401 401 403 403' },

  // Catalogue, search and the municipality's public pages.
  'GET /': { expect: PUBLIC },
  'GET /:tenant': { expect: PUBLIC },
  'GET /:tenant/': { expect: PUBLIC },
  'GET /:tenant/livshandelser/:event': { expect: PUBLIC },
  'GET /:tenant/e-tjanster/:service': { expect: PUBLIC },
  // Each e-service's privacy notice (GDPR art. 13) is public.
  'GET /:tenant/e-tjanster/:service/personuppgifter': { expect: PUBLIC },
  'GET /:tenant/sok': { expect: PUBLIC, query: 'q=skolskjuts' },
  'GET /:tenant/sok/val': { expect: PUBLIC, query: 'q=skolbuss&tjanst=skolskjuts' },
  'GET /:tenant/kontakt': { expect: PUBLIC },
  'GET /:tenant/hjalp': { expect: PUBLIC },
  'GET /:tenant/tillganglighet': { expect: PUBLIC },
  // The same pages from a page of no municipality (My Pages' footer): the municipality is chosen.
  'GET /kontakt': { expect: PUBLIC },
  'GET /hjalp': { expect: PUBLIC },
  'GET /tillganglighet': { expect: PUBLIC },
  'GET /:tenant/fragor-och-svar': { expect: PUBLIC },
  'GET /:tenant/fragor-och-svar/:entryId': { expect: PUBLIC },
  'GET /:tenant/digital-hjalp': { expect: PUBLIC },
  'GET /:tenant/digital-hjalp/:offerId': { expect: PUBLIC },
  'GET /:tenant/oppna-data': { expect: PUBLIC },
  'GET /:tenant/oppna-data/catalog.jsonld': { expect: PUBLIC },
  'GET /:tenant/oppna-data/catalog.ttl': { expect: PUBLIC },
  'GET /:tenant/oppna-data/:file': { expect: PUBLIC },
  'GET /api/v1/tenants': { expect: PUBLIC },
  'GET /api/v1/tenants/:tenant/services': { expect: PUBLIC },
  'GET /api/v1/tenants/:tenant/search': { expect: PUBLIC, query: 'q=skola' },
  'GET /api/v1/tenants/:tenant/suggestions': { expect: PUBLIC, query: 'q=skolbuss' },

  // Applying: anyone may start; a draft is its owner's alone.
  'POST /:tenant/e-tjanster/:service/starta': { expect: PUBLIC_POST },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId': { expect: DRAFT, params: draft },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId': { expect: DRAFT, params: draft },
  'POST /:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId': { expect: DRAFT_POST, params: draft },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId/granska': { expect: DRAFT, params: draft },
  'POST /:tenant/e-tjanster/:service/utkast/:draftId/skicka': { expect: DRAFT_POST, params: draft },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId/kvitto': { expect: DRAFT, params: { service: '=skolskjuts', draftId: 'submittedDraftId' } },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId/kvitto.pdf': { expect: DRAFT, params: { service: '=skolskjuts', draftId: 'submittedDraftId' } },
  'GET /:tenant/e-tjanster/:service/utkast/:draftId/bilagor/:attachmentId': { expect: DRAFT, params: { ...draft, attachmentId: 'draftAttachmentId' } },
  'POST /:tenant/e-tjanster/:service/utkast/:draftId/ta-bort': { expect: DRAFT_POST, params: draft, fresh: fresh.draft },

  // My Pages.
  'GET /mina-sidor': { expect: MINE },
  'GET /mina-sidor/meddelanden': { expect: MINE },
  // The profile page answers 401 with a login button rather than redirecting.
  'GET /mina-sidor/profil': { expect: '401 ok ok ok ok ok ok ok ok ok 401 401' },
  'POST /mina-sidor/profil': { expect: '401 ok ok ok ok ok ok ok ok ok 403 403', body: { email: 'matris@example.se', phone: '' } },
  'GET /api/v1/me/cases': { expect: '401 ok ok ok ok ok ok ok ok ok 401 401' },
  'GET /mina-sidor/ombud': { expect: MINE },
  'POST /mina-sidor/ombud': { expect: MINE_POST },
  'POST /mina-sidor/ombud/:id/aterkalla': { expect: 'L ok 404 404 404 404 404 404 404 404 403 403', params: { id: 'representationId' }, fresh: fresh.representation },
  'GET /mina-sidor/agera-for': { expect: MINE },
  'POST /mina-sidor/agera-for': { expect: MINE_POST, body: (ids) => ({ personId: ids.annaPersonId }) },
  'GET /mina-sidor/arenden/:reference': { expect: HERS },
  'GET /mina-sidor/arenden/:reference/kvitto.pdf': { expect: HERS },
  'GET /mina-sidor/arenden/:reference/bilagor/:attachmentId': { expect: HERS, params: faultCase },
  'GET /mina-sidor/arenden/:reference/beslut/:decisionId/beslut.pdf': { expect: HERS, params: decided },
  'POST /mina-sidor/arenden/:reference/provning': { expect: HERS_POST, params: { reference: 'automaticReference' }, body: { reason: 'Avståndet är fel.' }, fresh: fresh.automaticCase },
  'POST /mina-sidor/arenden/:reference/komplettera': { expect: HERS_POST, fresh: fresh.completionCase },
  'GET /mina-sidor/arenden/:reference/meddelanden': { expect: HERS },
  'POST /mina-sidor/arenden/:reference/meddelanden': { expect: HERS_POST, body: { body: 'Hej!' } },
  'GET /mina-sidor/arenden/:reference/meddelanden/bilagor/:id': { expect: HERS },
  // "Not fixed" is not open to a representative yet (docs/representatives.md).
  'GET /mina-sidor/arenden/:reference/inte-atgardat': { expect: 'L ok 404 404 404 404 404 404 404 404 L L', params: faultCase },
  'POST /mina-sidor/arenden/:reference/inte-atgardat': { expect: 'L ok 404 404 404 404 404 404 404 404 403 403', params: faultCase, body: { comment: 'Lampan är fortfarande släckt.' } },

  // Residents' rights (decision 0032): every logged-in person's own, also while acting for someone —
  // so the representative gets their own export and log, and not who read Anna's case (point 9).
  'GET /mina-sidor/mina-uppgifter': { expect: MINE },
  'GET /mina-sidor/mina-uppgifter/mina-uppgifter.json': { expect: MINE },
  'GET /mina-sidor/mina-uppgifter/mina-uppgifter.pdf': { expect: MINE },
  'GET /mina-sidor/mina-uppgifter/vem-har-last': { expect: MINE },
  'GET /mina-sidor/arenden/:reference/vem-har-last': { expect: 'L ok 404 404 404 404 404 404 404 404 L L' },
  // Deleting a draft follows My Pages' acting rules (point 9): Erik's representation covers every service.
  'GET /mina-sidor/utkast/:draftId/ta-bort': { expect: 'L ok 404 ok 404 404 404 404 404 404 L L' },
  'POST /mina-sidor/utkast/:draftId/ta-bort': { expect: 'L ok 404 ok 404 404 404 404 404 404 403 403', fresh: fresh.draft },
  // Anyone may ask to delete their own profile; what keeps it (cases, representations, a staff post) answers 409.
  'GET /mina-sidor/mina-uppgifter/ta-bort-profil': { expect: MINE },
  'POST /mina-sidor/mina-uppgifter/ta-bort-profil': { expect: MINE_POST, fresh: fresh.profile },
  'GET /mina-sidor/profil-borttagen': { expect: PUBLIC },

  // Fault reports in public: the open list and map, one report, the anonymous reporter's follow link.
  'GET /:tenant/felanmalan/oppna': { expect: PUBLIC },
  'GET /:tenant/felanmalan/oppna.geojson': { expect: PUBLIC },
  'GET /:tenant/felanmalan/nara.json': { expect: PUBLIC, query: 'lat=59.2&lon=17.6' },
  'GET /:tenant/felanmalan/oppna/:reference': { expect: PUBLIC, params: faultCase },
  'GET /:tenant/felanmalan/folj/:token': { expect: PUBLIC },
  'POST /:tenant/felanmalan/folj/:token/inte-atgardat': { expect: PUBLIC_POST, body: { comment: 'Lampan är fortfarande släckt.' } },

  // Case handling.
  'GET /:tenant/handlaggning': { expect: PUBLIC },
  'GET /:tenant/handlaggning/': { expect: STAFF },
  'GET /:tenant/handlaggning/arenden/:reference': { expect: CASE },
  'GET /:tenant/handlaggning/arenden/:reference/bilagor/:attachmentId': { expect: CASE, params: faultCase },
  'POST /:tenant/handlaggning/arenden/:reference/ta': { expect: CASE_POST, fresh: fresh.case },
  'POST /:tenant/handlaggning/arenden/:reference/slapp': { expect: CASE_POST, fresh: fresh.assignedCase },
  'POST /:tenant/handlaggning/arenden/:reference/tilldela': { expect: LEAD_POST, body: (ids) => ({ staffId: ids.officerStaffId }), fresh: fresh.case },
  'POST /:tenant/handlaggning/arenden/:reference/status': { expect: LEAD_POST, body: { status: 'inProgress' }, fresh: fresh.case },
  'POST /:tenant/handlaggning/arenden/:reference/anteckning': { expect: CASE_POST, body: { note: 'En anteckning' } },
  'POST /:tenant/handlaggning/arenden/:reference/komplettering': { expect: LEAD_POST, body: { steps: 'need', message: 'Ange avståndet' }, fresh: fresh.case },
  'POST /:tenant/handlaggning/arenden/:reference/flytta': { expect: LEAD_POST, body: (ids) => ({ unitId: ids.unitId, serviceId: '', reason: 'Fel enhet' }), fresh: fresh.case },
  // Merging fault reports (decision 0018) changes the status: the unit lead's (or the assigned officer's).
  'GET /:tenant/handlaggning/arenden/:reference/sammanfoga': { expect: LEAD, params: faultCase },
  'POST /:tenant/handlaggning/arenden/:reference/sammanfoga': { expect: LEAD_POST, params: faultCase, body: (ids) => ({ into: ids.anonymousFaultReference }), fresh: fresh.faultReports },
  'GET /:tenant/handlaggning/arenden/:reference/beslut': { expect: LEAD },
  'POST /:tenant/handlaggning/arenden/:reference/beslut': { expect: LEAD_POST, body: DECISION_FORM, fresh: fresh.caseInProgress },
  'POST /:tenant/handlaggning/arenden/:reference/beslut/forslag/:proposalId/godkann': { expect: LEAD_POST, fresh: fresh.proposal },
  'GET /:tenant/handlaggning/arenden/:reference/beslut/:decisionId/beslut.pdf': { expect: CASE, params: decided },
  'GET /:tenant/handlaggning/arenden/:reference/meddelanden': { expect: CASE },
  'POST /:tenant/handlaggning/arenden/:reference/meddelanden': { expect: CASE_POST, body: { body: 'Hej!' } },
  'GET /:tenant/handlaggning/arenden/:reference/meddelanden/bilagor/:id': { expect: CASE },
  // Secrecy (decision 0033): the handling unit shares and reveals; the unit shared with reads but never revokes.
  'POST /:tenant/handlaggning/arenden/:reference/dela': { expect: CASE_POST, body: (ids) => ({ unitId: ids.unitId, reason: 'Behöver yttrande', endsOn: ids.shareEndsOn }), fresh: fresh.case },
  'POST /:tenant/handlaggning/arenden/:reference/visa': { expect: CASE_POST, body: { fieldId: 'specialNeeds', reason: 'Beställa rätt fordon' } },
  'POST /:tenant/handlaggning/arenden/:reference/delning/:shareId/aterkalla': { expect: 'SL SL SL SL 404 ok 403 ok 404 404 403 403', params: { reference: 'sharedReference' }, fresh: fresh.share },

  // The customer centre (statistics are also the administrators').
  'GET /:tenant/handlaggning/kundcenter': { expect: CENTRE },
  'POST /:tenant/handlaggning/kundcenter/sok': { expect: CENTRE_POST, body: (ids) => ({ personalIdentityNumber: ids.annaPersonalIdentityNumber }) },
  'GET /:tenant/handlaggning/kundcenter/personer/:personId': { expect: CENTRE },
  'GET /:tenant/handlaggning/kundcenter/registrera': { expect: CENTRE },
  'POST /:tenant/handlaggning/kundcenter/registrera': { expect: CENTRE_POST, body: (ids) => ({ ccPin: ids.annaPersonalIdentityNumber, tjanst: 'felanmalan' }) },
  'POST /:tenant/handlaggning/kundcenter/registrera/:service': { expect: CENTRE_POST },
  'GET /:tenant/handlaggning/kundcenter/registrerat': { expect: CENTRE, query: 'arende=X-2026-000001' },
  'GET /:tenant/handlaggning/kundcenter/kontakt': { expect: CENTRE },
  'POST /:tenant/handlaggning/kundcenter/kontakt': { expect: CENTRE_POST, body: { channel: 'phone', category: 'other', outcome: 'gaveInformation' } },
  'GET /:tenant/handlaggning/kundcenter/statistik': { expect: 'SL SL SL SL ok 403 403 403 ok 403 SL SL' },

  // The knowledge base: every staff member reads; administrators and the customer centre write.
  'GET /:tenant/handlaggning/fragor-och-svar': { expect: STAFF },
  'GET /:tenant/handlaggning/fragor-och-svar/ny': { expect: EDITORS },
  'POST /:tenant/handlaggning/fragor-och-svar/ny': { expect: EDITORS_POST, body: FAQ_FORM },
  'GET /:tenant/handlaggning/fragor-och-svar/granska': { expect: STAFF },
  'GET /:tenant/handlaggning/fragor-och-svar/:entryId': { expect: STAFF },
  'GET /:tenant/handlaggning/fragor-och-svar/:entryId/andra': { expect: EDITORS },
  'POST /:tenant/handlaggning/fragor-och-svar/:entryId/andra': { expect: EDITORS_POST, body: FAQ_FORM },
  'POST /:tenant/handlaggning/fragor-och-svar/:entryId/granskad': { expect: EDITORS_POST },

  // Sensors: every staff member sees assets; administrators manage devices; devices post readings.
  'GET /:tenant/handlaggning/sensorer': { expect: STAFF },
  'GET /:tenant/handlaggning/sensorer/:assetId': { expect: STAFF },
  'POST /:tenant/sensorer/v1/readings': { expect: '401 401 401 401 401 401 401 401 401 401 ok 401', credential: 'device', json: 'application/senml+json', body: (ids) => [{ bn: ids.deviceBaseName, n: 'fillLevel', u: '%', v: 40 }] },
  'GET /:tenant/handlaggning/admin/sensorer': { expect: ADMIN },
  'GET /:tenant/handlaggning/admin/sensorer/ny': { expect: ADMIN, query: 'typ=sopkarl' },
  'POST /:tenant/handlaggning/admin/sensorer/ny': { expect: ADMIN_POST, query: 'typ=sopkarl' },
  'GET /:tenant/handlaggning/admin/sensorer/:deviceId': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/sensorer/:deviceId/token': { expect: ADMIN_POST, fresh: fresh.device },
  'POST /:tenant/handlaggning/admin/sensorer/:deviceId/token/aterkalla': { expect: ADMIN_POST, fresh: fresh.device },
  'POST /:tenant/handlaggning/admin/sensorer/:deviceId/granser': { expect: ADMIN_POST, body: { upper: '80', lower: '' } },

  // Open311: reads are public; posting needs an Open311 client's key (a business API key is not one).
  'GET /:tenant/open311/v2/:a': { expect: PUBLIC, params: { a: '=requests.json' } },
  'GET /:tenant/open311/v2/:a/:b': { expect: PUBLIC, params: { a: '=requests', b: (ids) => `${ids.faultReference}.json` } },
  'POST /:tenant/open311/v2/:a': { expect: '403 403 403 403 403 403 403 403 403 403 ok 403', credential: 'open311', params: { a: '=requests.json' }, body: { service_code: 'street-lighting', description: 'Lampan är släckt', address_string: 'Storgatan 3' } },
  'GET /:tenant/handlaggning/admin/open311': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/open311/ny': { expect: ADMIN_POST, body: { name: 'App' } },
  'POST /:tenant/handlaggning/admin/open311/:clientId/aterkalla': { expect: ADMIN_POST, params: { clientId: 'open311ClientId' }, fresh: fresh.open311Client },

  // The business API (issue #12).
  'POST /api/v1/oauth/token': { expect: '401 401 401 401 401 401 401 401 401 401 ok 400', credential: 'oauth', scope: 'cases:read', body: { grant_type: 'client_credentials' } },
  'GET /api/v1/cases': { expect: API, scope: 'cases:read' },
  'POST /api/v1/cases': { expect: API, scope: 'cases:create', json: true, body: caseBody },
  'GET /api/v1/cases/:reference': { expect: API, scope: 'cases:read' },
  'GET /api/v1/cases/:reference/history': { expect: API, scope: 'cases:read' },
  'GET /api/v1/cases/:reference/attachments/:attachmentId': { expect: API, scope: 'cases:read', params: faultCase },
  'POST /api/v1/cases/:reference/status': { expect: API, scope: 'cases:status', json: true, body: { status: 'inProgress' } },
  'POST /api/v1/cases/:reference/messages': { expect: API, scope: 'cases:messages', json: true, body: { body: 'Hej!' } },
  'POST /api/v1/cases/:reference/completion-request': { expect: API, scope: 'cases:status', json: true, body: { steps: ['need'], message: 'Ange avståndet' } },
  'POST /api/v1/cases/:reference/decisions': { expect: API, scope: 'cases:decisions', json: true, body: { outcome: 'granted', justification: 'Lång väg.', legalBasis: 'Skollagen 10 kap. 32 §' }, fresh: fresh.caseInProgress },
  'GET /api/v1/cases/:reference/decisions/:decisionId/letter': { expect: API, scope: 'cases:read', params: decided },
  'GET /api/v1/open-data/:dataset': { expect: API, scope: 'opendata:read' },
  'POST /api/v1/tenants/:tenant/services/:slug/versions/:versionId/simulation': { expect: ADMIN_API, json: true, body: {} },

  // Administration.
  'GET /:tenant/handlaggning/admin': { expect: ADMIN },
  'GET /:tenant/handlaggning/admin/personal': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/personal': { expect: ADMIN_POST },
  'POST /:tenant/handlaggning/admin/personal/:staffId/enheter': { expect: ADMIN_POST, body: (ids) => ({ unitIds: ids.unitId }) },
  'POST /:tenant/handlaggning/admin/enheter': { expect: ADMIN_POST, body: { name: 'Ny enhet' } },
  'POST /:tenant/handlaggning/admin/enheter/:unitId': { expect: ADMIN_POST, body: { name: 'Andra enheten' } },
  'POST /:tenant/handlaggning/admin/tjanster/:serviceId': { expect: ADMIN_POST, body: (ids) => ({ unitId: ids.ownUnitId }) },
  'GET /:tenant/handlaggning/admin/logg': { expect: KEEPERS },
  'GET /:tenant/handlaggning/admin/logg.csv': { expect: KEEPERS, query: (ids) => `arende=${ids.reference}` },
  'GET /:tenant/handlaggning/admin/logg.json': { expect: KEEPERS, query: (ids) => `arende=${ids.reference}` },
  'GET /:tenant/handlaggning/admin/jobb': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/jobb/:jobId/forsok-igen': { expect: ADMIN_POST, fresh: fresh.deadJob },
  'GET /:tenant/handlaggning/admin/regler': { expect: ADMIN },
  'GET /:tenant/handlaggning/admin/regler/:service/ny-modell': { expect: ADMIN, params: { service: '=skolskjuts' } },
  'POST /:tenant/handlaggning/admin/regler/:service/ny-modell': { expect: ADMIN_POST, params: { service: '=skolskjuts' } },
  'GET /:tenant/handlaggning/admin/regler/:service/versioner/:versionId': { expect: ADMIN, params: { service: '=skolskjuts' } },
  'GET /:tenant/handlaggning/admin/regler/:service/versioner/:versionId/modell.dmn': { expect: ADMIN, params: { service: '=skolskjuts' } },
  'POST /:tenant/handlaggning/admin/regler/:service/versioner/:versionId/prova': { expect: ADMIN_POST, params: { service: '=skolskjuts' } },
  'GET /:tenant/handlaggning/admin/regler/:service/versioner/:versionId/simulering': { expect: ADMIN, params: { service: '=skolskjuts' } },
  'POST /:tenant/handlaggning/admin/regler/:service/versioner/:versionId/publicera': { expect: ADMIN_POST, params: { service: '=skolskjuts' } },
  'GET /:tenant/handlaggning/admin/synonymer': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/synonymer/ny': { expect: ADMIN_POST, body: { phrase: 'buss till skolan', serviceId: '', words: 'skolskjuts' } },
  'POST /:tenant/handlaggning/admin/synonymer/:synonymId/ta-bort': { expect: ADMIN_POST, fresh: fresh.synonym },
  'GET /:tenant/handlaggning/admin/oppna-data': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/oppna-data': { expect: ADMIN_POST },
  'GET /:tenant/handlaggning/admin/api-klienter': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/api-klienter/ny': { expect: ADMIN_POST, body: { name: 'System', scopes: 'opendata:read' } },
  'POST /:tenant/handlaggning/admin/api-klienter/:clientId/byt-hemlighet': { expect: ADMIN_POST, fresh: fresh.apiClient },
  'POST /:tenant/handlaggning/admin/api-klienter/:clientId/aterkalla': { expect: ADMIN_POST, fresh: fresh.apiClient },
  'GET /:tenant/handlaggning/admin/webhooks': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/webhooks/ny': { expect: ADMIN_POST },
  'GET /:tenant/handlaggning/admin/webhooks/:subscriptionId': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/webhooks/:subscriptionId/pausa': { expect: ADMIN_POST, fresh: fresh.webhook },
  'POST /:tenant/handlaggning/admin/webhooks/:subscriptionId/ateruppta': { expect: ADMIN_POST, fresh: fresh.webhook },
  'POST /:tenant/handlaggning/admin/webhooks/:subscriptionId/ta-bort': { expect: ADMIN_POST, fresh: fresh.webhook },
  'POST /:tenant/handlaggning/admin/webhooks/:subscriptionId/skicka-igen': { expect: ADMIN_POST, fresh: fresh.webhook },
  'POST /:tenant/handlaggning/admin/webhooks/:subscriptionId/leveranser/:deliveryId/skicka-igen': { expect: ADMIN_POST, fresh: fresh.webhook },
  'GET /:tenant/handlaggning/admin/digital-stod': { expect: ADMIN },
  'GET /:tenant/handlaggning/admin/digital-stod/ny': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/digital-stod/ny': { expect: ADMIN_POST, body: OFFER_FORM },
  'GET /:tenant/handlaggning/admin/digital-stod/matris': { expect: ADMIN },
  'GET /:tenant/handlaggning/admin/digital-stod/intervjuer': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/digital-stod/intervjuer': { expect: ADMIN_POST },
  'GET /:tenant/handlaggning/admin/digital-stod/:offerId': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/digital-stod/:offerId': { expect: ADMIN_POST, body: OFFER_FORM },
  'GET /:tenant/handlaggning/admin/kontakt': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/kontakt': { expect: ADMIN_POST },
  'GET /:tenant/handlaggning/admin/invanarlogg': { expect: ADMIN },
  'POST /:tenant/handlaggning/admin/invanarlogg': { expect: ADMIN_POST, body: { showNames: 'yes' } },
  'GET /:tenant/handlaggning/admin/gallring': { expect: KEEPERS },

  // Privacy (docs/privacy.md): the record of processing, the data inventory and the data protection
  // officer's contact details.
  'GET /:tenant/handlaggning/dataskydd': { expect: KEEPERS },
  'GET /:tenant/handlaggning/dataskydd/datainventering': { expect: KEEPERS },
  'GET /:tenant/handlaggning/dataskydd/registerforteckning.csv': { expect: KEEPERS },
  'GET /:tenant/handlaggning/dataskydd/datainventering.csv': { expect: KEEPERS },
  'GET /:tenant/handlaggning/dataskydd/dataskyddsombud': { expect: KEEPERS },
  'POST /:tenant/handlaggning/dataskydd/dataskyddsombud': { expect: KEEPERS_POST, body: { email: 'dataskyddsombud@matris.example', phone: '', address: '' } },
};
