/** The API client administration pages' texts (Swedish first, English beside), issue #12. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';
import type { ApiScope, RegistrationError } from './model.ts';

export const apiClientMessages = defineCatalogue({
  sv: {
    clientsTitle: 'API-klienter',
    clientsIntro:
      'Verksamhetssystem, till exempel ett ärendehanteringssystem eller ett ekonomisystem, använder API:et för att läsa och ändra ärenden. Varje system får en egen API-klient med de behörigheter och de ärenden det behöver, och loggar in med sitt klient-id och sin hemlighet. Klientens id står i listan över klienter; hemligheten visas bara när den skapas.',
    tokenUrlLabel: 'Adress för åtkomsttoken (OAuth 2.0)',
    referenceLabel: 'API-referens',
    referenceLink: 'API-referensen (läsbar sida; maskinläsbar: /api/v1/openapi.json)',
    clientsNone: 'Inga API-klienter är registrerade ännu.',
    clientsCaption: 'Registrerade API-klienter',
    colName: 'System',
    colClientId: 'Klient-id',
    colScopes: 'Behörigheter',
    colReach: 'Når ärenden hos',
    colSecret: 'Hemlighet',
    colCreated: 'Registrerad',
    colLastUsed: 'Senast använd',
    colStatus: 'Status',
    colActions: 'Åtgärder',
    never: 'Aldrig',
    reachNone: 'Inga ärenden',
    active: 'Aktiv',
    revokedAt: 'Återkallad {date}',
    rotate: 'Byt hemlighet för {name}',
    revoke: 'Återkalla {name}',
    createTitle: 'Registrera en API-klient',
    name: 'Systemets namn',
    nameHint:
      'Namnet visas i loggen och som registrerare på ärenden som systemet skapar, till exempel ”Ekonomisystemet”.',
    scopesLegend: 'Behörigheter',
    scopesHint: 'Ge bara de behörigheter som systemet behöver.',
    reachLegend: 'Vilka ärenden systemet når',
    reachHint:
      'Systemet når ärenden hos de valda enheterna och ärenden i de valda e-tjänsterna. Behörigheterna som gäller ärenden kräver minst ett val.',
    unitsLegend: 'Enheter',
    unitsNone: 'Det finns inga enheter ännu.',
    servicesLegend: 'E-tjänster',
    servicesNone: 'Det finns inga e-tjänster ännu.',
    create: 'Registrera och skapa hemlighet',
    registeredTitle: 'API-klienten {name} är registrerad',
    rotatedTitle: 'Ny hemlighet för {name}',
    secretIntro:
      'Kopiera hemligheten nu och lämna den till systemets utvecklare på ett säkert sätt. Den visas bara den här gången; vi sparar bara ett kontrollvärde av den.',
    rotatedIntro: 'Den gamla hemligheten och alla åtkomsttoken som hämtats med den slutade gälla nu.',
    secretLabel: 'Hemlighet',
    usageTitle: 'Så använder systemet hemligheten',
    usageOAuth:
      'Med OAuth 2.0 (client credentials): skicka grant_type=client_credentials till adressen för åtkomsttoken, med klient-id och hemlighet som HTTP Basic. Åtkomsttoken gäller i {minutes} minuter och skickas som Authorization: Bearer.',
    usageApiKey: 'Eller som API-nyckel: skicka hemligheten i huvudet X-API-Key i varje anrop.',
    back: 'Tillbaka till API-klienterna',
    noticeRevoked: 'API-klienten är återkallad. Dess hemlighet och åtkomsttoken gäller inte längre.',
    nameMissing: 'Ange systemets namn',
    nameTooLong: 'Namnet får vara högst 200 tecken',
    scopesMissing: 'Välj minst en behörighet',
    reachMissing: 'Välj minst en enhet eller e-tjänst för behörigheterna som gäller ärenden',
    'scope:cases:read': 'Läsa ärenden, historik och filer',
    'scope:cases:protected': 'Läsa skyddade uppgifter (sekretessnivå 3) och deras filer',
    'scope:cases:status': 'Ändra status',
    'scope:cases:messages': 'Skicka meddelanden till sökande',
    'scope:cases:decisions': 'Fatta beslut med beslutsbrev',
    'scope:cases:create': 'Registrera nya ärenden',
    'scope:opendata:read': 'Läsa öppna data',
  },
  en: {
    clientsTitle: 'API clients',
    clientsIntro:
      'Business systems, such as a case management or a finance system, use the API to read and change cases. Each system gets an API client of its own with the scopes and the cases it needs, and signs in with its client id and its secret. A client’s id is in the list of clients; the secret is shown only when it is created.',
    tokenUrlLabel: 'Access token address (OAuth 2.0)',
    referenceLabel: 'API reference',
    referenceLink: 'The API reference (a readable page; for machines: /api/v1/openapi.json)',
    clientsNone: 'No API clients are registered yet.',
    clientsCaption: 'Registered API clients',
    colName: 'System',
    colClientId: 'Client id',
    colScopes: 'Scopes',
    colReach: 'Reaches cases of',
    colSecret: 'Secret',
    colCreated: 'Registered',
    colLastUsed: 'Last used',
    colStatus: 'Status',
    colActions: 'Actions',
    never: 'Never',
    reachNone: 'No cases',
    active: 'Active',
    revokedAt: 'Revoked {date}',
    rotate: 'Change the secret of {name}',
    revoke: 'Revoke {name}',
    createTitle: 'Register an API client',
    name: 'The system’s name',
    nameHint:
      'Shown in the log and as the registrar of cases the system creates, for example “Finance system”.',
    scopesLegend: 'Scopes',
    scopesHint: 'Give only the scopes the system needs.',
    reachLegend: 'Which cases the system reaches',
    reachHint:
      'The system reaches the cases of the chosen units and the cases of the chosen e-services. The scopes about cases need at least one choice.',
    unitsLegend: 'Units',
    unitsNone: 'There are no units yet.',
    servicesLegend: 'E-services',
    servicesNone: 'There are no e-services yet.',
    create: 'Register and create a secret',
    registeredTitle: 'The API client {name} is registered',
    rotatedTitle: 'New secret for {name}',
    secretIntro:
      'Copy the secret now and give it to the system’s developers in a safe way. It is shown only this once; we keep only a check value of it.',
    rotatedIntro: 'The old secret and every access token fetched with it stopped working now.',
    secretLabel: 'Secret',
    usageTitle: 'How the system uses the secret',
    usageOAuth:
      'With OAuth 2.0 (client credentials): send grant_type=client_credentials to the access token address, with the client id and secret as HTTP Basic. The access token is valid for {minutes} minutes and is sent as Authorization: Bearer.',
    usageApiKey: 'Or as an API key: send the secret in the X-API-Key header of every request.',
    back: 'Back to the API clients',
    noticeRevoked: 'The API client is revoked. Its secret and access tokens no longer work.',
    nameMissing: 'Enter the system’s name',
    nameTooLong: 'The name may be at most 200 characters',
    scopesMissing: 'Choose at least one scope',
    reachMissing: 'Choose at least one unit or e-service for the scopes about cases',
    'scope:cases:read': 'Read cases, their history and files',
    'scope:cases:protected': 'Read protected details (confidentiality level 3) and their files',
    'scope:cases:status': 'Change the status',
    'scope:cases:messages': 'Send messages to applicants',
    'scope:cases:decisions': 'Make decisions with decision letters',
    'scope:cases:create': 'Register new cases',
    'scope:opendata:read': 'Read open data',
  },
});

export type ApiClientMessageKey = keyof (typeof apiClientMessages)['sv'];

/** The message key of a scope's words. */
export function scopeKey(scope: ApiScope): ApiClientMessageKey {
  return `scope:${scope}`;
}

const ERROR_KEYS: readonly string[] = ['nameMissing', 'nameTooLong', 'scopesMissing', 'reachMissing'];

/** The message key of a registration error code (an unknown code reads as a missing name). */
export function registrationErrorKey(code: string): RegistrationError['message'] {
  return (ERROR_KEYS.includes(code) ? code : 'nameMissing') as RegistrationError['message'];
}
