/** Texts of automatic decisions and the resident's request for human review (issue #10), Swedish first. */
import { defineCatalogue } from '../../platform/i18n/i18n.ts';
import type { ReviewErrorKey } from './review-model.ts';

const sv = {
  automaticTerm: 'Hur beslutet fattades',
  automaticText: 'Automatiskt, av e-tjänstens regler, utan att en handläggare prövade ärendet.',
  automaticBasisTerm: 'Stöd för att besluta automatiskt',
  automaticRule: 'Regeln «{rule}»',
  reviewTitle: 'Begär att en handläggare prövar beslutet',
  reviewIntro:
    'Beslutet fattades automatiskt. Du kan begära att en handläggare prövar det. Handläggaren fattar då ett nytt beslut som ersätter det automatiska, och du får ett nytt beslutsbrev.',
  reviewAppealNote:
    'Din rätt att överklaga påverkas inte, men begäran förlänger inte tiden för att överklaga.',
  reviewReason: 'Varför vill du att en handläggare prövar beslutet? (valfritt)',
  reviewReasonHint: 'Skriv gärna vad du tycker att reglerna har missat. Högst 2 000 tecken.',
  reviewSubmit: 'Begär att en handläggare prövar beslutet',
  reviewSent: 'Din begäran är skickad. En handläggare prövar beslutet och du får besked här på Mina sidor.',
  reviewPendingTitle: 'Du har begärt att en handläggare prövar beslutet',
  reviewPending:
    'Du begärde prövningen {date}. Ärendet ligger nu hos en handläggare, som fattar ett nytt beslut.',
  reviewYourReason: 'Det du skrev',
  reviewReasonTooLong: 'Skriv högst 2 000 tecken om varför beslutet ska prövas',
  reviewAlreadyRequested:
    'Du har redan begärt att en handläggare prövar beslutet. Du kan inte begära det igen förrän handläggaren har fattat ett nytt beslut',
  officerReviewTitle: 'Begäran om prövning',
  officerReviewIntro:
    'Den sökande begärde {date} att en handläggare prövar det automatiska beslutet från {decidedOn}. Ta ärendet och fatta ett nytt beslut. Det ersätter det automatiska beslutet.',
  officerReviewReason: 'Den sökandes motivering',
  officerReviewNoReason: 'Den sökande skrev ingen motivering.',
  formReviewIntro:
    'Den sökande har begärt att en handläggare prövar det automatiska beslutet från {date} ({outcome}). Ditt beslut ersätter det automatiska beslutet, och den sökande får ett nytt beslutsbrev.',
} satisfies Record<ReviewErrorKey, string> & Record<string, string>;

export const reviewMessages = defineCatalogue<keyof typeof sv>({
  sv,
  en: {
    automaticTerm: 'How the decision was made',
    automaticText: 'Automatically, by the e-service’s rules, without an officer assessing the case.',
    automaticBasisTerm: 'Legal basis for deciding automatically',
    automaticRule: 'The rule «{rule}»',
    reviewTitle: 'Ask for an officer to review the decision',
    reviewIntro:
      'The decision was made automatically. You can ask for an officer to review it. The officer then makes a new decision that replaces the automatic one, and you get a new decision letter.',
    reviewAppealNote: 'Your right to appeal is not affected, but asking does not extend the time to appeal.',
    reviewReason: 'Why do you want an officer to review the decision? (optional)',
    reviewReasonHint: 'You may write what you think the rules have missed. At most 2,000 characters.',
    reviewSubmit: 'Ask for an officer to review the decision',
    reviewSent:
      'Your request has been sent. An officer reviews the decision and you will hear from us on My Pages.',
    reviewPendingTitle: 'You have asked for an officer to review the decision',
    reviewPending: 'You asked on {date}. The case is now with an officer, who makes a new decision.',
    reviewYourReason: 'What you wrote',
    reviewReasonTooLong: 'Write at most 2,000 characters about why the decision should be reviewed',
    reviewAlreadyRequested:
      'You have already asked for an officer to review the decision. You cannot ask again until the officer has made a new decision',
    officerReviewTitle: 'Request for review',
    officerReviewIntro:
      'On {date} the applicant asked for an officer to review the automatic decision of {decidedOn}. Take the case and make a new decision. It replaces the automatic decision.',
    officerReviewReason: 'The applicant’s reason',
    officerReviewNoReason: 'The applicant gave no reason.',
    formReviewIntro:
      'The applicant has asked for an officer to review the automatic decision of {date} ({outcome}). Your decision replaces the automatic decision, and the applicant gets a new decision letter.',
  },
});
