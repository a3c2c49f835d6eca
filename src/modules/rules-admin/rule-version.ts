/** The rule version of a service version, as a proposal records it (issue #10). */
import { createHash } from 'node:crypto';
import type { ServiceVersion } from '../catalogue/model.ts';
import type { DecisionSupportDefinition } from '../forms/definition.ts';
import type { RuleVersion } from '../proposals/model.ts';

/** SHA-256 of a model's XML (hex), as the proposal handler computes it. */
export function modelSha256(xml: string): string {
  return createHash('sha256').update(xml).digest('hex');
}

/** The rule version a proposal made with this service version would record. */
export function ruleVersionOf(version: ServiceVersion, support: DecisionSupportDefinition): RuleVersion {
  return {
    serviceVersionId: version.id,
    version: version.version,
    modelSha256: modelSha256(support.model),
    decision: support.decision,
  };
}
