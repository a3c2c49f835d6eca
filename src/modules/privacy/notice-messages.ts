/** Texts of an e-service's privacy notice (GDPR art. 13, issue #14), in plain Swedish first. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';

export const noticeMessages = defineCatalogue({
  sv: {
    title: 'Så behandlar vi dina personuppgifter',
    lead: 'i e-tjänsten {service}',
    controllerTitle: 'Vem som ansvarar',
    controllerText: '{name} är personuppgiftsansvarig för uppgifterna du lämnar i e-tjänsten.',
    contactLine: 'Telefon {phone}, e-post {email}, postadress {address}.',
    dpoTitle: 'Dataskyddsombud',
    dpoText:
      'Har du frågor om hur vi behandlar dina personuppgifter kan du kontakta kommunens dataskyddsombud:',
    dpoEmail: 'E-post: {email}',
    dpoPhone: 'Telefon: {phone}',
    dpoAddress: 'Postadress: {address}',
    dpoFallback: 'Kontakta kommunen på {email}, så får du hjälp att nå kommunens dataskyddsombud.',
    purposeTitle: 'Varför vi behandlar uppgifterna',
    basisTitle: 'Vad som ger oss rätt att behandla uppgifterna',
    basisText: 'Den rättsliga grunden är dataskyddsförordningen artikel {article}: {basis}.',
    sensitiveText:
      'Några av uppgifterna är känsliga personuppgifter (artikel 9), till exempel om hälsa. Dem behandlar vi bara när lagen tillåter det, och de skyddas extra.',
    offencesText:
      'Några av uppgifterna gäller lagöverträdelser (artikel 10). Dem behandlar vi bara när lagen tillåter det.',
    dataTitle: 'Vilka uppgifter vi behandlar',
    subjectsTitle: 'Vems uppgifter det gäller',
    provisionTitle: 'Måste du lämna uppgifterna?',
    provision_required:
      'Ja, de frågor som är obligatoriska i e-tjänsten behöver du svara på för att vi ska kunna handlägga ditt ärende. Frågor som är märkta (valfritt) kan du hoppa över.',
    provision_contract: 'Uppgifterna behövs för att vi ska kunna ingå och fullgöra avtalet med dig.',
    provision_voluntary:
      'Nej, det är frivilligt. Du kan ta tillbaka ditt samtycke när du vill, men utan uppgifterna kan vi inte hantera ärendet.',
    recipientsTitle: 'Vem som får del av uppgifterna',
    recipientsNone: 'Ingen utanför den enhet som handlägger ärendet.',
    recipientsPublic:
      'Handlingar hos kommunen kan bli allmänna handlingar som vem som helst kan begära att få läsa, om inte sekretess gäller.',
    retentionTitle: 'Hur länge vi sparar uppgifterna',
    retentionText: 'Vi sparar uppgifterna {period}.',
    end_dispose: 'Sedan gallras de, det vill säga raderas.',
    end_archive: 'Sedan bevaras de för arkivet enligt arkivlagen.',
    decisionsTitle: 'Automatiserade beslut',
    decisions_automatic:
      'Beslut i den här e-tjänsten kan fattas automatiskt, utan att en handläggare är med, enligt {basis}. Beslutsbrevet säger att beslutet är automatiserat, och du kan på Mina sidor begära att en handläggare prövar beslutet.',
    decisions_proposal:
      'En regel föreslår ett beslut utifrån dina svar, men det är alltid en handläggare som beslutar.',
    decisions_officer: 'Vi fattar inga automatiserade beslut i den här e-tjänsten. En handläggare beslutar.',
    rightsTitle: 'Dina rättigheter',
    rightsIntro: 'Du har rätt att',
    right_access: 'få veta vilka uppgifter vi har om dig och få en kopia av dem (registerutdrag)',
    right_rectification: 'få felaktiga uppgifter rättade',
    right_erasure: 'få uppgifter raderade',
    right_erasureLimited:
      'få uppgifter raderade när de inte längre behövs – men inte när lagen eller arkivreglerna säger att vi ska spara dem',
    right_restriction:
      'begära att vi begränsar behandlingen, till exempel medan vi utreder om en uppgift är rätt',
    right_objection:
      'invända mot behandlingen, eftersom den bygger på en uppgift av allmänt intresse eller myndighetsutövning',
    right_portability:
      'få ut uppgifterna du lämnat i ett maskinläsbart format och flytta dem (dataportabilitet)',
    right_withdrawConsent: 'ta tillbaka ditt samtycke när du vill',
    right_humanReview: 'få ett automatiserat beslut prövat av en handläggare',
    rightsHow: 'Kontakta oss på {email} om du vill använda dina rättigheter.',
    right_complaint:
      'Du kan lämna klagomål till Integritetsskyddsmyndigheten (IMY) om du tycker att vi behandlar dina personuppgifter fel.',
    imyLink: 'Integritetsskyddsmyndigheten, imy.se',
    notDeclared: 'Uppgiften saknas för den här versionen av e-tjänsten. Kontakta kommunen så får du svar.',
    back: 'Tillbaka till e-tjänsten {service}',
  },
  en: {
    title: 'How we process your personal data',
    lead: 'in the e-service {service}',
    controllerTitle: 'Who is responsible',
    controllerText: '{name} is the controller of the data you give in the e-service.',
    contactLine: 'Phone {phone}, e-mail {email}, postal address {address}.',
    dpoTitle: 'Data protection officer',
    dpoText:
      'If you have questions about how we process your personal data, you can contact the municipality’s data protection officer:',
    dpoEmail: 'E-mail: {email}',
    dpoPhone: 'Phone: {phone}',
    dpoAddress: 'Postal address: {address}',
    dpoFallback:
      'Contact the municipality at {email}, and you will be helped to reach its data protection officer.',
    purposeTitle: 'Why we process the data',
    basisTitle: 'What gives us the right to process the data',
    basisText: 'The legal basis is GDPR article {article}: {basis}.',
    sensitiveText:
      'Some of the data is sensitive personal data (article 9), for example about health. We process it only where the law allows, and protect it more.',
    offencesText: 'Some of the data is about offences (article 10). We process it only where the law allows.',
    dataTitle: 'What data we process',
    subjectsTitle: 'Whose data it is',
    provisionTitle: 'Do you have to give the data?',
    provision_required:
      'Yes, you need to answer the questions that are required in the e-service for us to handle your case. Questions marked (optional) you may skip.',
    provision_contract: 'The data is needed for us to enter into and carry out the contract with you.',
    provision_voluntary:
      'No, it is voluntary. You can withdraw your consent whenever you like, but without the data we cannot handle the matter.',
    recipientsTitle: 'Who receives the data',
    recipientsNone: 'No one outside the unit that handles the case.',
    recipientsPublic:
      'Documents held by the municipality may become official documents that anyone can ask to read, unless secrecy applies.',
    retentionTitle: 'How long we keep the data',
    retentionText: 'We keep the data {period}.',
    end_dispose: 'Then it is disposed of, that is, deleted.',
    end_archive: 'Then it is kept for the archive under the Archives Act.',
    decisionsTitle: 'Automated decisions',
    decisions_automatic:
      'Decisions in this e-service may be made automatically, without an officer, under {basis}. The decision letter says that the decision was automated, and on My Pages you can ask for an officer to review it.',
    decisions_proposal: 'A rule proposes a decision from your answers, but an officer always decides.',
    decisions_officer: 'We make no automated decisions in this e-service. An officer decides.',
    rightsTitle: 'Your rights',
    rightsIntro: 'You have the right to',
    right_access: 'know what data we hold about you and get a copy of it',
    right_rectification: 'have incorrect data corrected',
    right_erasure: 'have data erased',
    right_erasureLimited:
      'have data erased when it is no longer needed – but not when the law or archiving rules say we must keep it',
    right_restriction:
      'ask us to restrict the processing, for example while we check whether a piece of data is right',
    right_objection:
      'object to the processing, since it rests on a task in the public interest or the exercise of official authority',
    right_portability: 'get the data you gave in a machine-readable format and move it (data portability)',
    right_withdrawConsent: 'withdraw your consent whenever you like',
    right_humanReview: 'have an automated decision reviewed by an officer',
    rightsHow: 'Contact us at {email} to use your rights.',
    right_complaint:
      'You can complain to the Swedish Authority for Privacy Protection (IMY) if you think we process your personal data wrongly.',
    imyLink: 'The Swedish Authority for Privacy Protection, imy.se',
    notDeclared:
      'This detail is missing for this version of the e-service. Contact the municipality for an answer.',
    back: 'Back to the e-service {service}',
  },
});
