/** Texts of the development IdP's login page, and of the page saying why a session ended. */
import { defineCatalogue } from '../i18n/i18n.ts';

export const identityMessages = defineCatalogue({
  sv: {
    devIdpTitle: 'Testinloggning',
    devIdpIntro:
      'Det här är en testinloggning för utveckling och demonstration, inte en riktig e-legitimation. Välj vem du vill logga in som.',
    devIdpWarning:
      'Personerna är påhittade och personnumren är Skatteverkets testnummer. Använd aldrig riktiga personuppgifter här.',
    devIdpStepUp: 'Tjänsten kräver tillitsnivå 3, därför visas bara den.',
    residentsHeading: 'Invånare',
    staffHeading: 'Personal',
    staffIntro: 'Personal loggar in på samma sätt. De blir handläggare och administratörer i demon.',
    personalIdentityNumber: 'Personnummer',
    loginLoa3: 'Logga in med tillitsnivå 3 (som BankID)',
    loginLoa2: 'Logga in med tillitsnivå 2',
    loginAs: 'som {name}',
    cancelLogin: 'Avbryt inloggningen',
    loggedOutTitle: 'Du har loggats ut',
    loggedOutIdle:
      'Du har loggats ut eftersom du inte har gjort något på {minutes} minuter. Det skyddar dina uppgifter om du har lämnat datorn.',
    loggedOutAbsolute:
      'Du har loggats ut eftersom det har gått {hours} timmar sedan du loggade in. Det skyddar dina uppgifter om du har lämnat datorn.',
    loggedOutKept:
      'Det du redan har sparat finns kvar. Ett påbörjat ärende sparas efter varje steg, så du kan fortsätta där du var.',
    loggedOutLogIn: 'Logga in igen',
    loggedOutContinue: 'Fortsätt utan att logga in',
  },
  en: {
    devIdpTitle: 'Test login',
    devIdpIntro:
      'This is a test login for development and demonstrations, not a real e-ID. Choose who you want to log in as.',
    devIdpWarning:
      'The people are made up and the personal identity numbers are Skatteverket’s test numbers. Never use real personal data here.',
    devIdpStepUp: 'The service requires level of assurance 3, so only that level is offered.',
    residentsHeading: 'Residents',
    staffHeading: 'Staff',
    staffIntro: 'Staff log in the same way. In the demo they become officers and administrators.',
    personalIdentityNumber: 'Personal identity number',
    loginLoa3: 'Log in at level of assurance 3 (like BankID)',
    loginLoa2: 'Log in at level of assurance 2',
    loginAs: 'as {name}',
    cancelLogin: 'Cancel login',
    loggedOutTitle: 'You have been logged out',
    loggedOutIdle:
      'You have been logged out because you have not done anything for {minutes} minutes. This protects your information if you have left the computer.',
    loggedOutAbsolute:
      'You have been logged out because {hours} hours have passed since you logged in. This protects your information if you have left the computer.',
    loggedOutKept:
      'What you have already saved is kept. An application in progress is saved after every step, so you can continue where you were.',
    loggedOutLogIn: 'Log in again',
    loggedOutContinue: 'Continue without logging in',
  },
});
