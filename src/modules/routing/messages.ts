/** Texts of plain-language routing: the resident's search page and the admins' synonyms page. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';

export const routingMessages = defineCatalogue({
  sv: {
    searchLabel: 'Vad behöver du hjälp med?',
    searchHint: 'Skriv med egna ord, till exempel ”lyktstolpen har vält” eller ”skolskjuts för mitt barn”.',
    searchButton: 'Sök',
    resultsTitle: 'Sökresultat',
    resultsFor: 'Sökresultat för ”{query}”',
    servicesTitle: 'E-tjänster som kan passa',
    answersTitle: 'Frågor och svar',
    hits: '{count} e-tjänster kan passa det du skrev.',
    oneHit: '1 e-tjänst kan passa det du skrev.',
    noHits:
      'Vi hittade ingen e-tjänst för ”{query}”. Prova ett annat ord, välj bland livshändelserna eller kontakta kundcenter.',
    empty: 'Skriv ett eller flera ord att söka efter.',
    bestMatch: 'Bäst matchning',
    readAnswer: 'Läs svaret',
    synonymsNav: 'Synonymer för sökningen',
    synonymsTitle: 'Synonymer för sökningen',
    synonymsIntro:
      'Invånare skriver med egna ord. Här talar du om vad deras ord betyder i er kommun: ett ord eller uttryck leder till en e-tjänst, eller betyder samma sak som andra ord. Ett ord matchar också ord som börjar likadant: ”klott” matchar ”klotter” och ”klottrat”.',
    synonymsCaption: 'Kommunens synonymer',
    synonymsNone: 'Det finns inga synonymer ännu.',
    colPhrase: 'Ord eller uttryck',
    colService: 'Leder till e-tjänst',
    colWords: 'Betyder samma som',
    colActions: 'Åtgärder',
    remove: 'Ta bort ”{phrase}”',
    addTitle: 'Lägg till en synonym',
    phrase: 'Ord eller uttryck som invånare använder',
    phraseHint: 'Till exempel ”lyktstolpe” eller ”hål i vägen”.',
    service: 'E-tjänst',
    serviceHint: 'Välj en e-tjänst, eller lämna tomt och fyll i ord nedan.',
    serviceNone: 'Ingen e-tjänst',
    words: 'Betyder samma som (ord)',
    wordsHint: 'Till exempel ”carport” för ”skärmtak”. Skilj orden åt med mellanslag.',
    add: 'Lägg till synonymen',
    noticeAdded: 'Synonymen har lagts till.',
    noticeRemoved: 'Synonymen har tagits bort.',
    phraseMissing: 'Skriv ett ord eller uttryck med minst två tecken',
    phraseTooLong: 'Ordet eller uttrycket får vara högst 100 tecken',
    wordsTooLong: 'Orden får vara högst 300 tecken',
    targetMissing: 'Välj en e-tjänst eller skriv ord som betyder samma sak',
    serviceUnknown: 'Välj en av kommunens e-tjänster',
    invalid: 'Kontrollera uppgiften',
  },
  en: {
    searchLabel: 'What do you need help with?',
    searchHint:
      'Use your own words, for example “the lamp post has fallen” or “school transport for my child”.',
    searchButton: 'Search',
    resultsTitle: 'Search results',
    resultsFor: 'Search results for “{query}”',
    servicesTitle: 'E-services that may fit',
    answersTitle: 'Questions and answers',
    hits: '{count} e-services may fit what you wrote.',
    oneHit: '1 e-service may fit what you wrote.',
    noHits:
      'We found no e-service for “{query}”. Try another word, choose a life event or contact the customer centre.',
    empty: 'Enter one or more words to search for.',
    bestMatch: 'Best match',
    readAnswer: 'Read the answer',
    synonymsNav: 'Search synonyms',
    synonymsTitle: 'Search synonyms',
    synonymsIntro:
      'Residents write in their own words. Here you say what their words mean in your municipality: a word or phrase leads to an e-service, or means the same as other words. A word also matches words that start the same way: “klott” matches “klotter” and “klottrat”.',
    synonymsCaption: 'The municipality’s synonyms',
    synonymsNone: 'There are no synonyms yet.',
    colPhrase: 'Word or phrase',
    colService: 'Leads to e-service',
    colWords: 'Means the same as',
    colActions: 'Actions',
    remove: 'Remove “{phrase}”',
    addTitle: 'Add a synonym',
    phrase: 'Word or phrase residents use',
    phraseHint: 'For example “lyktstolpe” or “hål i vägen”.',
    service: 'E-service',
    serviceHint: 'Choose an e-service, or leave it empty and fill in words below.',
    serviceNone: 'No e-service',
    words: 'Means the same as (words)',
    wordsHint: 'For example “carport” for “skärmtak”. Separate the words with spaces.',
    add: 'Add the synonym',
    noticeAdded: 'The synonym has been added.',
    noticeRemoved: 'The synonym has been removed.',
    phraseMissing: 'Enter a word or phrase of at least two characters',
    phraseTooLong: 'The word or phrase may be at most 100 characters',
    wordsTooLong: 'The words may be at most 300 characters',
    targetMissing: 'Choose an e-service or enter words that mean the same',
    serviceUnknown: 'Choose one of the municipality’s e-services',
    invalid: 'Check this field',
  },
});

export type RoutingMessageKey = keyof (typeof routingMessages)['sv'];

const ERROR_KEYS = [
  'phraseMissing',
  'phraseTooLong',
  'wordsTooLong',
  'targetMissing',
  'serviceUnknown',
] as const;

/** The message key of a field error code (unknown codes get a generic text). */
export function synonymErrorKey(code: string): RoutingMessageKey {
  return (ERROR_KEYS as readonly string[]).includes(code) ? (code as RoutingMessageKey) : 'invalid';
}
