/**
 * Login gates for resident pages, written once: who the applicant is, and a redirect to the login
 * page (returning to where the resident was) when a page needs a logged-in person.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type ActingFor,
  type ApplicantActor,
  loginPath,
  type RequiredLevel,
} from '../../platform/identity/model.ts';
import { seeOther } from '../render.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set while the logged-in person acts for someone as representative or guardian (issue #13),
     * checked against the representations in force on every request (modules/representatives).
     */
    actingFor?: {
      principal: { personId: string; givenName: string; familyName: string };
      acting: ActingFor;
    };
  }
}

/**
 * The applicant as the session knows them: a logged-in person, or an anonymous session. While a
 * representative acts for someone, the applicant is that person and `actingFor` says who acts.
 */
export function applicantOf(request: FastifyRequest): ApplicantActor {
  const session = request.session;
  const level = session?.data.assuranceLevel;
  const represented = request.actingFor;
  if (represented && session) {
    return {
      personId: represented.principal.personId,
      sessionId: session.id,
      assuranceLevel: level === 'loa2' || level === 'loa3' ? level : 'none',
      givenName: represented.principal.givenName,
      familyName: represented.principal.familyName,
      actingFor: represented.acting,
    };
  }
  return {
    personId: session?.personId ?? null,
    sessionId: session?.id ?? null,
    assuranceLevel: level === 'loa2' || level === 'loa3' ? level : 'none',
    givenName: session?.person?.givenName,
    familyName: session?.person?.familyName,
  };
}

/** The resident login page, asking for `level` and returning to `returnTo` afterwards. */
export function residentLoginPath(returnTo: string, level?: RequiredLevel): string {
  return loginPath(returnTo, level);
}

/**
 * The logged-in person's id; without one, redirects to the login page (returning to `returnTo`,
 * by default this page) and gives undefined — the handler then returns the reply as it is.
 */
export function personOrLogin(
  request: FastifyRequest,
  reply: FastifyReply,
  returnTo: string = request.url,
): string | undefined {
  const personId = request.session?.personId;
  if (personId) return personId;
  seeOther(reply, residentLoginPath(returnTo));
  return undefined;
}
