/** The case-handling journey (case-handling-journey.ts) in a browser with JavaScript. */
import { describeCaseHandlingJourney } from './case-handling-journey.ts';

describeCaseHandlingJourney(true);
