/**
 * Reads a definition file for import. A `decisionSupport.model` that is not XML names a .dmn file
 * beside the definition; it is inlined here, so the stored service version carries its own rules
 * and a later change to the file never changes a version (or a proposal) already made.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The parsed definition with its decision model inlined. */
export function readDefinitionFile(file: string): unknown {
  const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const support = (json as { decisionSupport?: { model?: unknown } } | null)?.decisionSupport;
  if (support && typeof support.model === 'string' && !support.model.trimStart().startsWith('<')) {
    support.model = fs.readFileSync(path.resolve(path.dirname(file), support.model), 'utf8');
  }
  return json;
}
