/**
 * The relying-party side of OpenID Connect, with `openid-client`: authorization code flow with PKCE,
 * state and nonce. Works with any standard provider; discovery happens on first use and is cached.
 */
import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Only for the in-process development IdP, which speaks plain http on localhost. */
  allowHttp: boolean;
  /** The ID token's signing algorithm when the provider does not use RS256 (OpenID Connect's default). */
  idTokenSigningAlg?: string;
  /** How HTTP calls reach the provider; undefined → the global fetch. */
  fetch?: oidc.CustomFetch;
}

/** What must be remembered between sending the resident away and their return. */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClient {
  /** A fresh authorization request: the IdP URL to send the browser to and its secrets to keep. */
  authorizationRequest(options: { acrValues?: string }): Promise<PendingAuthorization & { url: string }>;
  /** Verifies the callback (state, iss, PKCE, ID token incl. nonce) and returns ID token + userinfo claims. */
  redeem(callbackUrl: URL, pending: PendingAuthorization): Promise<Record<string, unknown>>;
}

/** The Swedish OIDC profile's scope for the personnummer claim; requested only if the IdP offers it. */
const PIN_SCOPE = 'https://id.oidc.se/scope/naturalPersonNumber';

function scopeFor(configuration: oidc.Configuration): string {
  const supported = configuration.serverMetadata().scopes_supported ?? [];
  return supported.includes(PIN_SCOPE) ? `openid profile ${PIN_SCOPE}` : 'openid profile';
}

/** Creates a client; nothing is fetched until the first login. */
export function createOidcClient(settings: OidcClientSettings): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover(settings).catch((error: unknown) => {
      discovered = undefined; // a provider that was down must not stay "down" until restart
      throw error;
    });
    return discovered;
  };
  return {
    async authorizationRequest({ acrValues }) {
      const config = await configuration();
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const parameters: Record<string, string> = {
        redirect_uri: settings.redirectUri,
        scope: scopeFor(config),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      };
      if (acrValues) parameters.acr_values = acrValues;
      return { ...pending, url: oidc.buildAuthorizationUrl(config, parameters).href };
    },
    async redeem(callbackUrl, pending) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims: Record<string, unknown> = { ...tokens.claims() };
      if (!config.serverMetadata().userinfo_endpoint || typeof idClaims.sub !== 'string') return idClaims;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // The ID token is signed and checked, so its values (acr, sub) win over userinfo's.
      return { ...userinfo, ...idClaims };
    },
  };
}

async function discover(settings: OidcClientSettings): Promise<oidc.Configuration> {
  const options: oidc.DiscoveryRequestOptions = { timeout: 10 };
  if (settings.allowHttp) options.execute = [oidc.allowInsecureRequests];
  if (settings.fetch) options[oidc.customFetch] = settings.fetch;
  return oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    settings.idTokenSigningAlg ? { id_token_signed_response_alg: settings.idTokenSigningAlg } : undefined,
    oidc.ClientSecretBasic(settings.clientSecret),
    options,
  );
}

function bodyOf(body: oidc.FetchBody): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer || body instanceof Uint8Array) return Buffer.from(body as Uint8Array);
  throw new Error('streamed request bodies are not supported by the in-process fetch');
}

/**
 * A fetch that answers through `app.inject`: the app talks to its own in-process IdP without a
 * listening socket (tests) and without a network round trip. Host and scheme come from the URL, so
 * the provider builds the same absolute URLs a browser sees.
 */
export function injectFetch(app: FastifyInstance): oidc.CustomFetch {
  return async (url, options) => {
    const target = new URL(url);
    const response = await app.inject({
      method: options.method as 'GET' | 'POST',
      url: `${target.pathname}${target.search}`,
      headers: {
        ...options.headers,
        host: target.host,
        'x-forwarded-proto': target.protocol.replace(':', ''),
      },
      payload: bodyOf(options.body),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), {
      status: response.statusCode,
      headers,
    });
  };
}
