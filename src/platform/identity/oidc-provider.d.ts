/**
 * The small part of `oidc-provider` (v9, which ships no typings) that the development IdP uses.
 * Kept deliberately narrow: anything not listed here is not relied upon.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface InteractionDetails {
    uid: string;
    exp: number;
    returnTo: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & {
      client_id?: string;
      scope?: string;
      acr_values?: string;
      claims?: string;
    };
    session?: { uid: string; accountId?: string; cookie?: string };
    result?: Record<string, unknown>;
    save(ttl: number): Promise<unknown>;
  }

  export interface InteractionResult {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export interface SessionInstance {
    accountId?: string;
    authorizations?: Record<string, unknown>;
    persist(): Promise<unknown>;
  }

  export interface ProviderContext {
    oidc: { result?: InteractionResult; [key: string]: unknown };
  }

  export class Check {
    constructor(
      reason: string,
      description: string,
      check: (ctx: ProviderContext) => boolean | Promise<boolean>,
    );
    static REQUEST_PROMPT: true;
    static NO_NEED_TO_PROMPT: false;
  }

  export interface PromptInstance {
    name: string;
    checks: Check[] & { add(check: Check, index?: number): void };
  }

  export const interactionPolicy: {
    Check: typeof Check;
    base(): PromptInstance[] & { get(name: string): PromptInstance | undefined };
  };

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    Grant: new (properties: {
      accountId: string;
      clientId: string;
    }) => GrantInstance;
    Session: { findByUid(uid: string): Promise<SessionInstance | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default Provider;
}
