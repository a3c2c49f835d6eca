/**
 * Resident login: starts and completes the OpenID Connect flow, keeps the person's profile in step
 * with the e-ID, and answers "who is logged in, and at which level?" for every other module.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { LoginRealm, SessionData } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import type { SessionService, StoredSession } from '../sessions/session-service.ts';
import {
  type AssuranceLevel,
  acrValuesFor,
  identityFromClaims,
  meetsLevel,
  parseRequestedLevel,
  type RequiredLevel,
  type VerifiedIdentity,
} from './model.ts';
import type { OidcClient } from './oidc-client.ts';

export { type AssuranceLevel, loginPath, type RequiredLevel } from './model.ts';

/** What identity needs from the profile module (its service satisfies this). */
export interface PersonDirectory {
  upsertFromLogin(identity: {
    personalIdentityNumber: string;
    givenName: string;
    familyName: string;
  }): Promise<{ id: string }>;
}

export interface IdentityServiceDeps {
  sessions: SessionService;
  profile: PersonDirectory;
  /** Per realm: undefined when neither an external issuer nor the development IdP is configured. */
  clients: Record<LoginRealm, RealmClient | undefined>;
  log: FastifyBaseLogger;
}

/** One OIDC provider and the claim that carries the personnummer there. */
export interface RealmClient {
  client: OidcClient;
  personalIdentityNumberClaim: string;
}

export interface IdentityService {
  /**
   * Where to send the browser for `/logga-in`: the IdP (with state, nonce and PKCE verifier kept in
   * the session), or straight back when the session already has the requested level.
   */
  startLogin(
    session: StoredSession,
    request: { returnTo: string; level?: AssuranceLevel; realm?: LoginRealm },
  ): Promise<string>;
  /** Verifies the IdP's answer, upserts the person and starts a brand-new session; returns its cookie token. */
  completeLogin(
    session: StoredSession | undefined,
    callbackUrl: URL,
  ): Promise<{ token: string; returnTo: string }>;
  /** Ends the session (the caller clears the cookie). */
  logout(session: StoredSession | undefined): Promise<void>;
}

type PendingLogin = NonNullable<SessionData['login']>;

/** A logged-in resident, as seen by e-services. */
export interface Resident {
  personId: string;
  givenName: string;
  familyName: string;
  personalIdentityNumber: string;
  assuranceLevel: AssuranceLevel;
}

/**
 * The logged-in resident, or AppError('LOGIN_REQUIRED') (detail = the level needed) when nobody is
 * logged in or the session's level of assurance is below `minimumLevel` ('none' = any login).
 */
export function requireResident(request: FastifyRequest, minimumLevel: RequiredLevel = 'none'): Resident {
  const session = request.session;
  const level = session?.data.assuranceLevel;
  if (!session?.person || !meetsLevel(level, minimumLevel) || (level !== 'loa2' && level !== 'loa3')) {
    throw new AppError('LOGIN_REQUIRED', minimumLevel);
  }
  const { id, givenName, familyName, personalIdentityNumber } = session.person;
  return { personId: id, givenName, familyName, personalIdentityNumber, assuranceLevel: level };
}

/** The logged-in resident or undefined; never throws (for pages that work for both). */
export function currentResident(request: FastifyRequest): Resident | undefined {
  try {
    return requireResident(request, 'none');
  } catch {
    return undefined;
  }
}

function loginFailed(log: FastifyBaseLogger, reason: string, error?: unknown): AppError {
  log.warn({ err: error, reason }, 'login failed');
  return new AppError('LOGIN_FAILED');
}

/** The verified claims of a callback, or LOGIN_FAILED (with the reason logged, never shown). */
async function verifiedIdentity(
  deps: IdentityServiceDeps,
  callbackUrl: URL,
  login: PendingLogin,
): Promise<VerifiedIdentity> {
  const { log } = deps;
  const realm = deps.clients[login.realm ?? 'resident'];
  if (!realm) throw loginFailed(log, 'no identity provider is configured');
  let claims: Record<string, unknown>;
  try {
    claims = await realm.client.redeem(callbackUrl, login);
  } catch (error) {
    throw loginFailed(log, 'authorization response rejected', error);
  }
  const identity = identityFromClaims(claims, realm.personalIdentityNumberClaim);
  if ('problem' in identity) throw loginFailed(log, identity.problem);
  const requested = parseRequestedLevel(login.level) ?? 'none';
  if (!meetsLevel(identity.assuranceLevel, requested)) {
    throw loginFailed(log, `got ${identity.assuranceLevel}, needed ${requested}`);
  }
  return identity;
}

/** Wires the login use cases. */
export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { sessions, log } = deps;
  return {
    async startLogin(session, { returnTo, level, realm = 'resident' }) {
      const sameRealm = (session.data.realm ?? 'resident') === realm;
      if (session.personId && sameRealm && meetsLevel(session.data.assuranceLevel, level ?? 'none')) {
        return returnTo;
      }
      const provider = deps.clients[realm];
      if (!provider) throw loginFailed(log, 'no identity provider is configured (OIDC_ISSUER or DEV_IDP)');
      // Always ask for our levels: providers only put `acr` in the ID token when it was requested.
      const request = await provider.client
        .authorizationRequest({ acrValues: acrValuesFor(level ?? 'loa2') })
        .catch((error) => {
          throw loginFailed(log, 'identity provider discovery failed', error);
        });
      const { url, ...pending } = request;
      await sessions.saveData(session, {
        ...session.data,
        login: { ...pending, returnTo, level: level ?? 'none', realm },
      });
      return url;
    },

    async completeLogin(session, callbackUrl) {
      const login = session?.data.login;
      if (!session || !login) throw loginFailed(log, 'no login in progress in this session');
      // One attempt per state: the pending login is spent whatever happens next.
      await sessions.saveData(session, { ...session.data, login: undefined });
      const { personalIdentityNumber, givenName, familyName, assuranceLevel } = await verifiedIdentity(
        deps,
        callbackUrl,
        login,
      );
      const person = await deps.profile.upsertFromLogin({ personalIdentityNumber, givenName, familyName });
      // A brand-new session id at login: an id planted before login is worth nothing (session fixation).
      const { token } = await sessions.start(person.id, { assuranceLevel, realm: login.realm ?? 'resident' });
      await sessions.end(session.id);
      return { token, returnTo: login.returnTo };
    },

    async logout(session) {
      if (session) await sessions.end(session.id);
    },
  };
}
