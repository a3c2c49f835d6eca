/**
 * Swedish word forms and compounds from the Hunspell dictionary of `dictionary-sv` (issue #13).
 * Snowball's Swedish stemmer (the one PostgreSQL uses) leaves the definite neuter forms alone
 * (`garaget`, `vattnet`) and never splits compounds; the dictionary knows both. This reads its affix
 * rules backwards: a word is a base form plus a suffix when removing the suffix gives a dictionary
 * entry that carries the suffix's flag (`garaget` = `garage` + `t`, flag C). A compound is a head the
 * dictionary allows first in a compound (flags X, U, Z, or a form made by a suffix that grants them,
 * such as `vaccinations`) followed by a word or another compound (`dricks` + `vatten`).
 * The files are read once, on first use, from node_modules: nothing is downloaded at run time.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface SuffixRule {
  flag: string;
  strip: string;
  add: string;
  /** Flags the suffixed form carries (e.g. X: may begin a compound). */
  continuation: string;
  condition: RegExp;
}

interface Dictionary {
  words: Map<string, string>;
  /** Rules by the last letter of what they add ('' for rules that add nothing). */
  rules: Map<string, SuffixRule[]>;
}

const COMPOUND_HEAD = /[XUZ]/;
const MIN_PART = 3;

let loaded: Dictionary | undefined;

function dictionaryFiles(): { aff: string; dic: string } {
  // The package's only export reads both files with top-level await; the files themselves are what
  // is needed, so they are found next to its entry point.
  const entry = createRequire(import.meta.url).resolve('dictionary-sv');
  const folder = path.dirname(entry);
  return {
    aff: fs.readFileSync(path.join(folder, 'index.aff'), 'utf8'),
    dic: fs.readFileSync(path.join(folder, 'index.dic'), 'utf8'),
  };
}

function parseRules(aff: string): Map<string, SuffixRule[]> {
  const rules = new Map<string, SuffixRule[]>();
  for (const line of aff.split('\n')) {
    if (!line.startsWith('SFX')) continue;
    const parts = line.trim().split(/\s+/);
    if (parts.length < 5 || /^[YN]$/.test(parts[2] as string)) continue;
    const [, flag, strip, addition, condition] = parts as [string, string, string, string, string];
    const [added = '', continuation = ''] = addition.split('/');
    const rule: SuffixRule = {
      flag,
      strip: strip === '0' ? '' : strip,
      add: added === '0' ? '' : added,
      continuation,
      condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u'),
    };
    const key = rule.add.slice(-1);
    const list = rules.get(key) ?? [];
    list.push(rule);
    rules.set(key, list);
  }
  return rules;
}

function parseWords(dic: string): Map<string, string> {
  const words = new Map<string, string>();
  const lines = dic.split('\n');
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (!line) continue;
    const slash = line.indexOf('/');
    const word = (slash >= 0 ? line.slice(0, slash) : line).trim().toLowerCase();
    const flags = slash >= 0 ? line.slice(slash + 1).trim() : '';
    words.set(word, (words.get(word) ?? '') + flags);
  }
  return words;
}

function dictionary(): Dictionary {
  if (!loaded) {
    const files = dictionaryFiles();
    loaded = { words: parseWords(files.dic), rules: parseRules(files.aff) };
  }
  return loaded;
}

/** Loads the dictionary now (about a tenth of a second) rather than on the first word. */
export function warmUp(): void {
  dictionary();
}

/** Base forms the word is an inflection of: `[base, rule]` pairs, the word itself first if listed. */
function analyses(word: string): { base: string; rule?: SuffixRule }[] {
  const { words, rules } = dictionary();
  const found: { base: string; rule?: SuffixRule }[] = [];
  const own = words.get(word);
  // ¤ marks entries that exist only with an affix, Z those that exist only inside compounds.
  if (own !== undefined && !/[¤Z]/.test(own)) found.push({ base: word });
  for (const rule of rules.get(word.slice(-1)) ?? []) {
    if (!word.endsWith(rule.add) || word.length - rule.add.length < 2) continue;
    const base = word.slice(0, word.length - rule.add.length) + rule.strip;
    const flags = words.get(base);
    if (flags?.includes(rule.flag) && rule.condition.test(base)) found.push({ base, rule });
  }
  return found;
}

const lemmaCache = new Map<string, string | null>();

/**
 * The dictionary form of a word (`garaget` → `garage`, `barnen` → `barn`, `vattnet` → `vatten`), or
 * undefined for a word the dictionary does not know (names, most compounds).
 */
export function lemma(word: string): string | undefined {
  const cached = lemmaCache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  const found = analyses(word);
  let best: string | undefined;
  if (found.some((analysis) => !analysis.rule)) best = word;
  else {
    // Of several readings, the one that removes the longest ending (`vaccinationerna` is a plural
    // of `vaccination`, not of a word `vaccinationern`).
    let removed = -1;
    for (const { base, rule } of found) {
      const length = (rule?.add.length ?? 0) - (rule?.strip.length ?? 0);
      if (length > removed) {
        removed = length;
        best = base;
      }
    }
  }
  if (lemmaCache.size > 50_000) lemmaCache.clear();
  lemmaCache.set(word, best ?? null);
  return best;
}

/** Whether the dictionary allows `part` first (or in the middle) of a compound; its base form if so. */
function compoundHead(part: string): string | undefined {
  const { words } = dictionary();
  const own = words.get(part);
  if (own !== undefined && COMPOUND_HEAD.test(own)) return part;
  for (const { base, rule } of analyses(part)) {
    if (rule && COMPOUND_HEAD.test(rule.continuation)) return base;
  }
  // Not every entry that begins compounds in practice carries the flag (`dricks` in
  // `dricksvatten`): a listed word of four letters or more is taken as a head too.
  if (part.length >= 4 && own !== undefined && !/[¤]/.test(own)) return part;
  return undefined;
}

const compoundCache = new Map<string, string[] | null>();

/**
 * The parts of a compound, each in its dictionary form (`dricksvattnet` → `dricks`, `vatten`;
 * `vårdnadshavare` → `vårdnad`, `havare`), or undefined when the word is not one. Two and three
 * parts, each at least three letters; of several splits the one with the fewest parts, then the
 * longest last part.
 */
export function compoundParts(word: string): string[] | undefined {
  const cached = compoundCache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  const parts = split(lemma(word) ?? word, 3);
  if (compoundCache.size > 50_000) compoundCache.clear();
  compoundCache.set(word, parts ?? null);
  return parts;
}

function split(word: string, maxParts: number): string[] | undefined {
  if (maxParts < 2 || word.length < 2 * MIN_PART) return undefined;
  let best: string[] | undefined;
  for (let cut = MIN_PART; cut <= word.length - MIN_PART; cut += 1) {
    const head = compoundHead(word.slice(0, cut));
    if (!head) continue;
    const rest = word.slice(cut);
    const tail = lemma(rest);
    const candidate = tail
      ? [head, tail]
      : ((tailParts) => (tailParts ? [head, ...tailParts] : undefined))(split(rest, maxParts - 1));
    if (!candidate) continue;
    if (
      !best ||
      candidate.length < best.length ||
      (candidate.length === best.length &&
        (candidate.at(-1) as string).length > (best.at(-1) as string).length)
    )
      best = candidate;
  }
  return best;
}
