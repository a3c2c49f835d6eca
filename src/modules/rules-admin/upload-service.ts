/**
 * A new decision model for a service (issue #10): the file must be UTF-8 DMN 1.3 that validates
 * (every error naming decision, row and column) and fits the service's mapping; then the latest
 * version's definition with the new model is saved as the draft through `catalogue.saveDraft`, so
 * the import checks run once more and the audit entry is written with it. A refused model stores
 * nothing.
 */
import type { AuditActor } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { ServiceVersion } from '../catalogue/model.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import { validateModel } from '../decision-rules/validate.ts';
import type { StaffActor } from '../organisation/model.ts';
import { definitionWithModel, type ModelProblem, mappingProblems, validationProblems } from './model.ts';
import { modelSha256 } from './rule-version.ts';

/** The uploaded file, or what was wrong with the upload itself. */
export type UploadedModel = { filename: string; bytes: Buffer } | { problem: 'missing' | 'tooLarge' };

/** A new draft, or every problem found (nothing stored). */
export type UploadResult =
  | { ok: true; versionId: string; version: number }
  | { ok: false; problems: ModelProblem[] };

const problem = (code: string, sv: string, en: string): ModelProblem => ({ code, message: { sv, en } });

const FILE_PROBLEMS: Record<'missing' | 'tooLarge' | 'notText', ModelProblem> = {
  missing: problem('FILE_MISSING', 'Välj en DMN-fil att ladda upp.', 'Choose a DMN file to upload.'),
  tooLarge: problem(
    'FILE_TOO_LARGE',
    'Filen är för stor. Den får vara högst 1 MB.',
    'The file is too large. It may be at most 1 MB.',
  ),
  notText: problem(
    'FILE_NOT_UTF8',
    'Filen är inte text i UTF-8. En DMN-fil är XML-text.',
    'The file is not UTF-8 text. A DMN file is XML text.',
  ),
};

const NO_MAPPING = problem(
  'NO_DECISION_SUPPORT',
  'E-tjänsten har ingen koppling till beslutsregler (decisionSupport) som säger vilket beslut som används och vilka svar som blir indata. Lägg till den i tjänstedefinitionen först.',
  'The e-service has no decision support (decisionSupport) naming the decision and which answers are its inputs. Add it to the service definition first.',
);

function text(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export interface UploadInput {
  catalogue: Pick<CatalogueService, 'saveDraft'>;
  actor: StaffActor;
  auditActor: AuditActor;
  /** The service's versions, oldest first. */
  versions: ServiceVersion[];
  file: UploadedModel;
}

/** Checks an uploaded model and saves it as the service's draft. */
export async function uploadModel(input: UploadInput): Promise<UploadResult> {
  const latest = input.versions.at(-1);
  const support = latest?.definition.decisionSupport;
  if (!latest || !support) return { ok: false, problems: [NO_MAPPING] };
  if ('problem' in input.file) return { ok: false, problems: [FILE_PROBLEMS[input.file.problem]] };
  const xml = text(input.file.bytes);
  if (xml === undefined) return { ok: false, problems: [FILE_PROBLEMS.notText] };
  const errors = await validateModel(xml);
  if (errors.length > 0) return { ok: false, problems: validationProblems(errors) };
  const mapping = mappingProblems(await parseDmn(xml), support.decision, Object.keys(support.inputs));
  if (mapping.length > 0) return { ok: false, problems: mapping };
  try {
    const saved = await input.catalogue.saveDraft(
      input.actor.tenantId,
      definitionWithModel(latest.definition, xml),
      {
        actor: input.auditActor,
        action: 'rules.draftSaved',
        details: { filename: input.file.filename, decision: support.decision, modelSha256: modelSha256(xml) },
      },
    );
    return { ok: true, versionId: saved.id, version: saved.version };
  } catch (error) {
    // The import checks found something the checks above did not: shown as they word it.
    if (!(error instanceof AppError) || error.code !== 'DEFINITION_INVALID') throw error;
    const found = error.errors ?? [{ field: '', message: error.message }];
    return {
      ok: false,
      problems: found.map((item) => problem('DEFINITION_INVALID', item.message, item.message)),
    };
  }
}
