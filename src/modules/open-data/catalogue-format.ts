/**
 * The catalogue's quads as Turtle (N3.js's writer) and as compacted JSON-LD (jsonld.js from
 * N-Quads), with an inline context so a harvester never has to fetch one.
 */
import jsonld from 'jsonld';
import { type Quad, Writer } from 'n3';
import { NS } from './dcat-model.ts';

const PREFIXES = { ...NS };

function write(quads: Quad[], options: ConstructorParameters<typeof Writer>[0]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer(options);
    writer.addQuads(quads);
    writer.end((error, result: string) => (error ? reject(error) : resolve(result)));
  });
}

/** The catalogue as Turtle, with the usual prefixes. */
export function toTurtle(quads: Quad[]): Promise<string> {
  return write(quads, { format: 'Turtle', prefixes: PREFIXES });
}

/** The catalogue as JSON-LD, compacted with the usual prefixes as its (inline) context. */
export async function toJsonLd(quads: Quad[]): Promise<object> {
  const nquads = await write(quads, { format: 'N-Quads' });
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.compact(expanded, PREFIXES);
}
