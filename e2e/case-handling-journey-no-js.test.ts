/** The case-handling journey (case-handling-journey.ts) in a browser without JavaScript. */
import { describeCaseHandlingJourney } from './case-handling-journey.ts';

describeCaseHandlingJourney(false);
