/**
 * The development identity provider: a real OpenID Connect provider (`oidc-provider`) running in
 * process under /dev-idp, so the app logs in through the same code path it uses against a real
 * e-ID broker. Keys, client secret and sessions live in memory: they only have to last one run.
 * Never enabled unless `config.devIdp` (DEV_IDP) says so.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { type InteractionDetails, interactionPolicy, Provider } from 'oidc-provider';
import { ACR } from './model.ts';
import type { PersonaDirectory } from './personas.ts';

export const DEV_IDP_PATH = '/dev-idp';
export const DEV_CLIENT_ID = 'ingang-dev';
/** The Swedish OIDC profile's personnummer claim, which the development IdP releases. */
export const DEV_PIN_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';
const PIN_SCOPE = 'https://id.oidc.se/scope/naturalPersonNumber';

/** The raw Node request/response pair the provider's interaction helpers work on. */
export interface RawExchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** A running development IdP and the client registration the app uses with it. */
export interface DevIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  provider: Provider;
  personas: PersonaDirectory;
}

/**
 * The ID tokens' algorithm: ECDSA P-256 (ES256). Its key is made in well under a millisecond, where a
 * 2048-bit RSA key took 0.1–0.4 s of CPU at every start of the app (and of every test app).
 */
export const DEV_ID_TOKEN_ALG = 'ES256';

function signingKey(): Record<string, unknown> {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: crypto.randomUUID(),
    use: 'sig',
    alg: DEV_ID_TOKEN_ALG,
  };
}

/** Every authorization request shows the persona page, even when the IdP still has a session. */
function alwaysChoosePersona() {
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy
    .get('login')
    ?.checks.add(
      new Check('dev_idp_choose_persona', 'the test IdP asks which persona to log in as every time', (ctx) =>
        ctx.oidc.result?.login ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

function findAccount(personas: PersonaDirectory) {
  return async (_ctx: unknown, subject: string) => {
    const persona = personas.bySubject(subject);
    if (!persona) return undefined;
    return {
      accountId: subject,
      claims: () => ({
        sub: subject,
        given_name: persona.givenName,
        family_name: persona.familyName,
        name: `${persona.givenName} ${persona.familyName}`,
        [DEV_PIN_CLAIM]: persona.personalIdentityNumber,
      }),
    };
  };
}

function providerConfiguration(publicUrl: string, clientSecret: string, personas: PersonaDirectory) {
  return {
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${publicUrl}/auth/callback`],
        post_logout_redirect_uris: [`${publicUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: DEV_ID_TOKEN_ALG,
      },
    ],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    acrValues: [ACR.loa3, ACR.loa2],
    claims: {
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'name'],
      [PIN_SCOPE]: [DEV_PIN_CLAIM],
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      policy: alwaysChoosePersona(),
      url: (_ctx: unknown, interaction: { uid: string }) => `${DEV_IDP_PATH}/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 900,
      Session: 3600,
      Grant: 3600,
    },
    findAccount: findAccount(personas),
  };
}

/** Creates the provider with a fresh signing key and client secret (both die with the process). */
export function createDevIdp(publicUrl: string, personas: PersonaDirectory): DevIdp {
  const issuer = `${publicUrl}${DEV_IDP_PATH}`;
  const clientSecret = crypto.randomBytes(32).toString('base64url');
  const provider = new Provider(issuer, providerConfiguration(publicUrl, clientSecret, personas));
  // The app runs behind proxies that set X-Forwarded-Proto (Fastify's trustProxy is on too).
  provider.proxy = true;
  return { issuer, clientId: DEV_CLIENT_ID, clientSecret, provider, personas };
}

/**
 * Mounts the provider's own endpoints (discovery, auth, token, userinfo, jwks, …) at /dev-idp/*.
 * Encapsulated, with a content-type parser that leaves bodies unread: the provider reads them itself.
 */
export async function mountDevIdp(app: FastifyInstance, devIdp: DevIdp): Promise<void> {
  const callback = devIdp.provider.callback();
  await app.register(async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    instance.all(`${DEV_IDP_PATH}/*`, async (request, reply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      const url = raw.url ?? DEV_IDP_PATH;
      // Express-style mounting: the provider routes on the stripped path and rebuilds its own URLs from originalUrl.
      raw.originalUrl = url;
      raw.url = url.slice(DEV_IDP_PATH.length) || '/';
      await callback(raw, reply.raw);
    });
  });
}

/** The claims a request asked for by name (the `claims` parameter), for the automatic grant. */
function requestedClaims(details: InteractionDetails): string[] {
  if (typeof details.params.claims !== 'string') return [];
  try {
    const parsed = JSON.parse(details.params.claims) as { id_token?: object; userinfo?: object };
    return [...Object.keys(parsed.id_token ?? {}), ...Object.keys(parsed.userinfo ?? {})];
  } catch {
    return [];
  }
}

/**
 * Finishes an interaction as `subject` at `acr`, granting every requested scope and claim (the app is
 * first party, so there is no consent screen). Returns where the browser continues.
 */
export async function completeInteraction(
  devIdp: DevIdp,
  raw: RawExchange,
  details: InteractionDetails,
  login: { subject: string; acr: string },
): Promise<string> {
  const grant = new devIdp.provider.Grant({
    accountId: login.subject,
    clientId: String(details.params.client_id),
  });
  grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
  const claims = requestedClaims(details);
  if (claims.length > 0) grant.addOIDCClaims(claims);
  const grantId = await grant.save();
  const next = await devIdp.provider.interactionResult(
    raw.req,
    raw.res,
    { login: { accountId: login.subject, acr: login.acr, remember: false }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  // After storing the result: the provider checks the interaction's principal against the session.
  await forgetEarlierPersona(devIdp, details);
  return next;
}

/** Ends an interaction with `access_denied` (the resident cancelled); returns where the browser continues. */
export function cancelInteraction(devIdp: DevIdp, raw: RawExchange): Promise<string> {
  return devIdp.provider.interactionResult(
    raw.req,
    raw.res,
    { error: 'access_denied', error_description: 'The resident cancelled the login' },
    { mergeWithLastSubmission: false },
  );
}

/**
 * The provider refuses to switch accounts inside one IdP session without a logout round trip (an
 * auto-submitting form). Choosing a persona is a fresh login every time, so the old one is forgotten.
 */
async function forgetEarlierPersona(devIdp: DevIdp, details: InteractionDetails): Promise<void> {
  if (!details.session?.uid) return;
  const earlier = await devIdp.provider.Session.findByUid(details.session.uid);
  if (!earlier?.accountId) return;
  earlier.accountId = undefined;
  earlier.authorizations = undefined;
  await earlier.persist();
}
