/** Texts of notification mail. They never name the person or say anything about the case's contents. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';

export const notificationMessages = defineCatalogue({
  sv: {
    greeting: 'Hej!',
    receivedSubject: 'Vi har tagit emot ditt ärende hos {tenant}',
    receivedText: 'Vi har tagit emot ditt ärende hos {tenant}. Du kan följa det på Mina sidor: {link}',
    updateSubject: 'Nytt i ditt ärende hos {tenant}',
    updateText:
      'Det finns något nytt i ditt ärende hos {tenant}. Logga in på Mina sidor för att läsa: {link}',
    anonymousSubject: 'Nytt i din anmälan till {tenant}',
    anonymousText:
      'Det finns något nytt i det du anmälde till {tenant}. Öppna länken som du fick när du skickade anmälan för att läsa mer.',
    fixedText:
      'Det du anmälde till {tenant} är markerat som åtgärdat. Öppna länken som du fick när du skickade anmälan – där kan du också tala om för oss om felet inte är åtgärdat.',
    noReply: 'Det här mejlet går inte att svara på.',
    otherLanguage: 'In English',
  },
  en: {
    greeting: 'Hello,',
    receivedSubject: 'We have received your case',
    receivedText: 'We have received your case with {tenant}. You can follow it on My Pages: {link}',
    updateSubject: 'News in your case',
    updateText: 'There is news in your case with {tenant}. Log in to My Pages to read it: {link}',
    anonymousSubject: 'News in your report to {tenant}',
    anonymousText:
      'There is news in what you reported to {tenant}. Open the link you got when you sent the report to read more.',
    fixedText:
      'What you reported to {tenant} has been marked as fixed. Open the link you got when you sent the report – there you can also tell us if the fault is not fixed.',
    noReply: 'You cannot reply to this email.',
    otherLanguage: 'På svenska',
  },
});
