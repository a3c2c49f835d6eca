/** Texts of the development mailbox page. */
import { defineCatalogue } from '../i18n/i18n.ts';

export const devMailMessages = defineCatalogue({
  sv: {
    title: 'Utvecklingsbrevlåda',
    intro:
      'Här visas e-post som Ingång har skickat medan utvecklingsbrevlådan är på. Breven stannar här och skickas aldrig vidare till någon riktig mottagare.',
    showing: 'Visar de {count} senaste breven, nyaste först.',
    empty: 'Inga brev har kommit ännu.',
    mailList: 'Mottagna brev',
    noSubject: '(inget ämne)',
    to: 'Till',
    from: 'Från',
    received: 'Mottaget',
    messageId: 'Message-ID',
    body: 'Text',
  },
  en: {
    title: 'Development mailbox',
    intro:
      'This page shows the e-mail Ingång has sent while the development mailbox is on. The mail stays here and is never passed on to a real recipient.',
    showing: 'Showing the {count} most recent mails, newest first.',
    empty: 'No mail has arrived yet.',
    mailList: 'Received mail',
    noSubject: '(no subject)',
    to: 'To',
    from: 'From',
    received: 'Received',
    messageId: 'Message-ID',
    body: 'Text',
  },
});
