/**
 * Static reading of decision-table entries without evaluating them: which literal types an entry
 * names (for type checks) and whether two entries can both match (UNIQUE overlap). Pure.
 *
 * Overlap detection covers entries made of `-`, number literals, comparisons with a number
 * (`<`, `<=`, `>`, `>=`, `=`), number ranges (`[1..5]`, `(1..5)`, `]1..5[`), string and boolean
 * literals, and comma lists of those. Anything else (negations, variables, dates, functions)
 * counts as "cannot tell", and a pair of rules is reported only when every column surely overlaps.
 */
import { splitTopLevel } from './hit-policies.ts';

type LiteralType = 'number' | 'string' | 'boolean' | 'date' | 'other';

interface Piece {
  type: LiteralType;
  /** For numbers: the interval of values the piece matches. */
  interval?: { low: number; high: number; lowIn: boolean; highIn: boolean };
  /** For strings and booleans: the one value the piece matches. */
  value?: string | boolean;
}

/** An entry read statically: `any` for `-`, or pieces; `negated` for `not(...)`. */
export interface EntryShape {
  any: boolean;
  negated: boolean;
  pieces: Piece[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function literal(text: string): Piece {
  const t = text.trim();
  if (NUMBER.test(t)) {
    const n = Number(t);
    return { type: 'number', interval: { low: n, high: n, lowIn: true, highIn: true } };
  }
  if (/^"([^"\\]|\\.)*"$/s.test(t)) return { type: 'string', value: t.slice(1, -1) };
  if (t === 'true' || t === 'false') return { type: 'boolean', value: t === 'true' };
  if (/^(date|date and time|time)\s*\(\s*"[^"]*"\s*\)$/.test(t)) return { type: 'date' };
  return { type: 'other' };
}

function comparison(op: string, operand: string): Piece {
  const base = literal(operand);
  if (base.type !== 'number' || !base.interval) return { type: base.type };
  const n = base.interval.low;
  if (op === '<')
    return { type: 'number', interval: { low: -Infinity, high: n, lowIn: false, highIn: false } };
  if (op === '<=')
    return { type: 'number', interval: { low: -Infinity, high: n, lowIn: false, highIn: true } };
  if (op === '>')
    return { type: 'number', interval: { low: n, high: Infinity, lowIn: false, highIn: false } };
  if (op === '>=')
    return { type: 'number', interval: { low: n, high: Infinity, lowIn: true, highIn: false } };
  if (op === '=') return base;
  return { type: 'number' };
}

function piece(text: string): Piece {
  const t = text.trim();
  const compared = /^(<=|>=|!=|<|>|=)\s*(.+)$/s.exec(t);
  if (compared) return comparison(compared[1] ?? '', compared[2] ?? '');
  const range = /^([[\](])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\])])$/s.exec(t);
  if (range) {
    const low = literal(range[2] ?? '');
    const high = literal(range[3] ?? '');
    if (low.type === 'number' && high.type === 'number' && low.interval && high.interval) {
      return {
        type: 'number',
        interval: {
          low: low.interval.low,
          high: high.interval.low,
          lowIn: range[1] === '[',
          highIn: range[4] === ']',
        },
      };
    }
    return { type: low.type === high.type ? low.type : 'other' };
  }
  return literal(t);
}

/** Reads an input entry's shape. */
export function entryShape(text: string): EntryShape {
  let t = text.trim();
  if (t === '' || t === '-') return { any: true, negated: false, pieces: [] };
  const negated = /^not\s*\(.*\)$/s.test(t);
  if (negated) t = t.replace(/^not\s*\(/, '').replace(/\)$/, '');
  return { any: false, negated, pieces: splitTopLevel(t).map(piece) };
}

/** The literal types an entry (input or output) names, e.g. `string` for `"Medium"`. */
export function literalTypes(text: string, unaryTests: boolean): LiteralType[] {
  if (!unaryTests) {
    const t = text.trim();
    return t ? [literal(t).type].filter((type) => type !== 'other') : [];
  }
  const shape = entryShape(text);
  return [...new Set(shape.pieces.map((p) => p.type).filter((type) => type !== 'other'))];
}

/** Whether two pieces can match a common value: true, false, or undefined when it cannot tell. */
function piecesMeet(a: Piece, b: Piece): boolean | undefined {
  if (a.type === 'other' || b.type === 'other' || a.type !== b.type) {
    return a.type !== 'other' && b.type !== 'other' && a.type !== b.type ? false : undefined;
  }
  if (a.interval && b.interval) {
    const low = Math.max(a.interval.low, b.interval.low);
    const high = Math.min(a.interval.high, b.interval.high);
    if (low < high) return true;
    if (low > high) return false;
    const lowIn = a.interval.low === low ? a.interval.lowIn : true;
    const lowIn2 = b.interval.low === low ? b.interval.lowIn : true;
    const highIn = a.interval.high === high ? a.interval.highIn : true;
    const highIn2 = b.interval.high === high ? b.interval.highIn : true;
    return lowIn && lowIn2 && highIn && highIn2;
  }
  if (a.value !== undefined && b.value !== undefined) return a.value === b.value;
  return undefined;
}

/** Whether two entries of one column surely share a value (undefined: cannot tell). */
export function entriesOverlap(a: EntryShape, b: EntryShape): boolean | undefined {
  if (a.any || b.any) return true;
  if (a.negated || b.negated) return undefined;
  let unsure = false;
  for (const x of a.pieces) {
    for (const y of b.pieces) {
      const meet = piecesMeet(x, y);
      if (meet === true) return true;
      if (meet === undefined) unsure = true;
    }
  }
  return unsure ? undefined : false;
}
