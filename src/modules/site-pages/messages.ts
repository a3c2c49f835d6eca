/** Texts of the contact, accessibility and "get help" pages (Swedish first, English beside), issue #13. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';

export const sitePagesMessages = defineCatalogue({
  sv: {
    contactTitle: 'Kontakta oss',
    contactIntro:
      'Kommunens kundcenter svarar på frågor om alla kommunens verksamheter och hjälper dig med e-tjänsterna. Du kan ringa, skriva eller komma på besök.',
    phone: 'Telefon',
    email: 'E-post',
    visitingAddress: 'Besöksadress',
    openingHours: 'Öppettider',
    address: 'Postadress',
    contactMore: 'Mer hjälp',
    helpLink: 'Få hjälp – frågor och svar och stöd att komma igång digitalt',
    accessibilityLink: 'Tillgänglighetsredogörelse',
    helpTitle: 'Få hjälp',
    chooseMunicipality: 'Ingång används av flera kommuner. Välj din kommun, så kommer du till dess sida.',
    helpIntro: 'Här hittar du hjälp om du har frågor eller om något är svårt att göra digitalt.',
    helpCustomerCentre: 'Kontakta kundcenter',
    helpCustomerCentreText:
      'Kundcenter kan svara på frågor, hjälpa dig med e-tjänsterna och registrera ett ärende åt dig. Ring {phone} eller skriv till {email}.',
    helpContactPage: 'Telefon, e-post, besöksadress och öppettider',
    helpFaq: 'Frågor och svar',
    helpFaqText: 'Svar på vanliga frågor till kommunen.',
    helpFaqLink: 'Sök bland frågor och svar',
    helpDigital: 'Hjälp att komma igång digitalt',
    helpDigitalText:
      'Bibliotek, föreningar och kommunen hjälper dig gratis med dator, telefon, e-legitimation och e-tjänster.',
    helpDigitalLink: 'Hitta digitalt stöd nära dig',
    helpAccessibility: 'Problem med tillgängligheten?',
    helpAccessibilityLink: 'Läs tillgänglighetsredogörelsen och rapportera brister',
    a11yTitle: 'Tillgänglighetsredogörelse',
    a11yIntro:
      '{tenant} står bakom den här webbplatsen, e-tjänsteplattformen Ingång. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur webbplatsen uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan rapportera problem till oss så att vi kan åtgärda dem.',
    a11yStatusTitle: 'Hur tillgänglig är webbplatsen?',
    a11yStatus:
      'Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.',
    a11yAlternativeTitle: 'Vad kan du göra om du inte kan använda delar av webbplatsen?',
    a11yAlternative:
      'Om du behöver innehåll i ett annat format eller inte kan använda en e-tjänst kan du kontakta kommunens kundcenter. De kan hjälpa dig och registrera ärendet åt dig. Ring {phone} eller skriv till {email}.',
    a11yReportTitle: 'Rapportera brister i webbplatsens tillgänglighet',
    a11yReport:
      'Vi strävar hela tiden efter att förbättra webbplatsens tillgänglighet. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns. Skriv till {email} eller ring {phone}.',
    a11yEnforcementTitle: 'Tillsyn',
    a11yEnforcement:
      'Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påpeka det.',
    a11yEnforcementLink: 'Anmäl bristande tillgänglighet till Digg',
    a11yIssuesTitle: 'Innehåll som inte är tillgängligt',
    a11yIssuePdf:
      'Beslutsbrev som PDF-filer är inte taggade. Skärmläsare kan läsa dem i fel ordning och utan rubriker (WCAG 1.3.1). Kontakta oss om du behöver beslutet i ett annat format.',
    a11yIssueMap:
      'Kartan i felanmälan är svår att använda med tangentbord och skärmläsare (WCAG 2.1.1). Du kan i stället skriva en adress eller beskriva platsen med ord.',
    a11yIssueLanguage:
      'Texter som andra skriver, till exempel beskrivningar i förteckningen över digitalt stöd och bilagor i ärenden, finns oftast bara på svenska och är inte granskade av oss.',
    a11yIssueManual:
      'Vi har ännu inte granskat webbplatsen manuellt med skärmläsare, förstoring eller taligenkänning. Automatiska kontroller hittar bara en del av alla brister, så det kan finnas problem som vi inte känner till.',
    a11yMethodTitle: 'Hur vi testat webbplatsen',
    a11yMethod:
      'Vi har gjort en självskattning (intern testning). Varje sida som våra automatiska webbläsartester besöker kontrolleras med verktyget axe-core mot WCAG 2.1 nivå A och AA, både med och utan JavaScript, och i 320 pixlars bredd, som en liten mobilskärm, för att se att inget behöver rullas i sidled. Vi kontrollerar också att ingen text klipps bort när radavstånd, teckenavstånd och ordavstånd ökas. Alla formulär fungerar utan JavaScript, och fel i formulär visas i text vid fältet och i en sammanfattning överst.',
    a11yDate: 'Redogörelsen uppdaterades senast den {date}.',
    adminContactTitle: 'Kontaktuppgifter',
    adminContactIntro:
      'Uppgifterna visas på kontaktsidan, på sidan Få hjälp och i tillgänglighetsredogörelsen.',
    adminContactPublic: 'Se kontaktsidan',
    adminAddressHint: 'Till exempel Kommunen, Kundcenter, Storgatan 1, 123 45 Exempelstad.',
    adminOpeningHoursHint: 'Till exempel Måndag–fredag 8–17.',
    save: 'Spara',
    saved: 'Kontaktuppgifterna är sparade.',
    errRequired: 'Fyll i {field}',
    errInvalidPhone: 'Ange ett telefonnummer med siffror, till exempel 08-123 456 78',
    errInvalidEmail: 'Ange en e-postadress i rätt format, till exempel kontakt@kommun.se',
    errTooLong: '{field} får vara högst 300 tecken',
  },
  en: {
    contactTitle: 'Contact us',
    contactIntro:
      'The municipality’s customer centre answers questions about all the municipality’s services and helps you with the e-services. You can call, write or visit.',
    phone: 'Phone',
    email: 'E-mail',
    visitingAddress: 'Visiting address',
    openingHours: 'Opening hours',
    address: 'Postal address',
    contactMore: 'More help',
    helpLink: 'Get help – questions and answers, and support getting started digitally',
    accessibilityLink: 'Accessibility statement',
    helpTitle: 'Get help',
    chooseMunicipality: 'Ingång serves several municipalities. Choose yours to go to its page.',
    helpIntro: 'Help if you have questions or if something is hard to do digitally.',
    helpCustomerCentre: 'Contact the customer centre',
    helpCustomerCentreText:
      'The customer centre can answer questions, help you with the e-services and register a matter for you. Call {phone} or write to {email}.',
    helpContactPage: 'Phone, e-mail, visiting address and opening hours',
    helpFaq: 'Questions and answers',
    helpFaqText: 'Answers to common questions to the municipality.',
    helpFaqLink: 'Search questions and answers',
    helpDigital: 'Help getting started digitally',
    helpDigitalText:
      'Libraries, associations and the municipality help you for free with computers, phones, e-ID and e-services.',
    helpDigitalLink: 'Find digital support near you',
    helpAccessibility: 'Problems with accessibility?',
    helpAccessibilityLink: 'Read the accessibility statement and report problems',
    a11yTitle: 'Accessibility statement',
    a11yIntro:
      '{tenant} is responsible for this website, the Ingång e-services platform. We want as many people as possible to be able to use it. This statement describes how the website complies with the Swedish Act (2018:1937) on accessibility to digital public services, the problems we know of and how to report problems to us so that we can fix them.',
    a11yStatusTitle: 'How accessible is the website?',
    a11yStatus:
      'The website is partially compliant with the Act on accessibility to digital public services, because of the problems described below.',
    a11yAlternativeTitle: 'What can you do if you cannot use parts of the website?',
    a11yAlternative:
      'If you need content in another format or cannot use an e-service, contact the municipality’s customer centre. They can help you and register the matter for you. Call {phone} or write to {email}.',
    a11yReportTitle: 'Reporting accessibility problems',
    a11yReport:
      'We keep working to make the website more accessible. If you find problems not described on this page, or think we do not meet the requirements of the law, let us know. Write to {email} or call {phone}.',
    a11yEnforcementTitle: 'Enforcement',
    a11yEnforcement:
      'The Agency for Digital Government (Digg) is responsible for enforcing the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact Digg.',
    a11yEnforcementLink: 'Report a lack of accessibility to Digg',
    a11yIssuesTitle: 'Content that is not accessible',
    a11yIssuePdf:
      'Decision letters as PDF files are not tagged. Screen readers may read them in the wrong order and without headings (WCAG 1.3.1). Contact us if you need the decision in another format.',
    a11yIssueMap:
      'The map in the fault report is hard to use with a keyboard and a screen reader (WCAG 2.1.1). You can type an address or describe the place in words instead.',
    a11yIssueLanguage:
      'Texts written by others, for example descriptions in the digital-support directory and attachments in cases, are usually only in Swedish and have not been reviewed by us. On the English pages, questions and answers, the directory’s descriptions and our opening hours are marked as Swedish, so that a screen reader reads them as Swedish. An e-service’s texts that have no English version are shown in Swedish without that mark.',
    a11yIssueManual:
      'We have not yet reviewed the website manually with a screen reader, magnification or speech recognition. Automated checks find only some problems, so there may be problems we do not know of.',
    a11yMethodTitle: 'How we tested the website',
    a11yMethod:
      'We have made a self-assessment (internal testing). Every page our automated browser tests visit is checked with the axe-core tool against WCAG 2.1 levels A and AA, with and without JavaScript, and at 320 pixels wide, like a small phone screen, to see that nothing needs scrolling sideways. We also check that no text is cut off when line, letter and word spacing are increased. Every form works without JavaScript, and form errors are shown in text next to the field and in a summary at the top.',
    a11yDate: 'The statement was last updated on {date}.',
    adminContactTitle: 'Contact details',
    adminContactIntro:
      'The details are shown on the contact page, the get help page and in the accessibility statement.',
    adminContactPublic: 'See the contact page',
    adminAddressHint: 'For example The municipality, Customer centre, Storgatan 1, 123 45 Exempelstad.',
    adminOpeningHoursHint: 'For example Monday–Friday 8–17.',
    save: 'Save',
    saved: 'The contact details are saved.',
    errRequired: 'Enter {field}',
    errInvalidPhone: 'Enter a phone number in digits, for example 08-123 456 78',
    errInvalidEmail: 'Enter an e-mail address in the right format, for example contact@kommun.se',
    errTooLong: '{field} must be at most 300 characters',
  },
});

const ERRORS = {
  required: 'errRequired',
  invalidPhone: 'errInvalidPhone',
  invalidEmail: 'errInvalidEmail',
  tooLong: 'errTooLong',
} as const;

/** The message key of a contact form error code. */
export function contactErrorKey(code: string): (typeof ERRORS)[keyof typeof ERRORS] {
  return ERRORS[code as keyof typeof ERRORS] ?? 'errRequired';
}
