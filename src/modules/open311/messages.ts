/** The Open311 administration page's texts (Swedish first, English beside). */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';

export const open311Messages = defineCatalogue({
  sv: {
    clientsTitle: 'Open311-appar',
    clientsIntro:
      'Appar för felanmälan som använder Open311 GeoReport v2 behöver en API-nyckel för att skicka in felanmälningar. Adressen till tjänsten är {url}.',
    clientsNone: 'Inga appar är registrerade ännu.',
    clientsCaption: 'Registrerade appar',
    colName: 'App',
    colCreated: 'Registrerad',
    colStatus: 'Nyckel',
    active: 'Aktiv',
    revokedAt: 'Återkallad {date}',
    revoke: 'Återkalla nyckeln för {name}',
    createTitle: 'Registrera en app',
    name: 'Appens namn',
    nameHint: 'Namnet visas som registrerare på ärendena, till exempel ”FelanmälningsAppen AB”.',
    create: 'Registrera och skapa nyckel',
    keyTitle: 'API-nyckel för {name}',
    keyIntro:
      'Kopiera nyckeln nu och lämna den till appens utvecklare. Den visas bara den här gången; vi sparar bara ett kontrollvärde av den.',
    keyLabel: 'API-nyckel',
    back: 'Tillbaka till Open311-apparna',
    noticeRevoked: 'Nyckeln är återkallad. Appen kan inte längre skicka in felanmälningar.',
    nameMissing: 'Ange appens namn',
    nameTooLong: 'Namnet får vara högst 200 tecken',
  },
  en: {
    clientsTitle: 'Open311 apps',
    clientsIntro:
      'Fault reporting apps using Open311 GeoReport v2 need an API key to post reports. The service address is {url}.',
    clientsNone: 'No apps are registered yet.',
    clientsCaption: 'Registered apps',
    colName: 'App',
    colCreated: 'Registered',
    colStatus: 'Key',
    active: 'Active',
    revokedAt: 'Revoked {date}',
    revoke: 'Revoke the key of {name}',
    createTitle: 'Register an app',
    name: 'The app’s name',
    nameHint: 'Shown as the registrar on the cases, for example “FaultApp Ltd”.',
    create: 'Register and create a key',
    keyTitle: 'API key for {name}',
    keyIntro:
      'Copy the key now and give it to the app’s developers. It is shown only this once; we keep only a check value of it.',
    keyLabel: 'API key',
    back: 'Back to the Open311 apps',
    noticeRevoked: 'The key is revoked. The app can no longer post reports.',
    nameMissing: 'Enter the app’s name',
    nameTooLong: 'The name may be at most 200 characters',
  },
});
