/**
 * Swedish text ranking (issue #13): word forms and compounds, stop words, the SweFAQ accuracy on the
 * dev split and across categories it was not trained on, and `rankDocuments` as the knowledge base
 * and the routing call it. No database.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compoundParts, lemma, rankDocuments, STOP_WORDS, stemOf, terms, tokenize } from './index.ts';
import {
  evaluateSweFaq,
  type FeaturedQuestion,
  parseSweFaq,
  SweFaqFormatError,
  withFeatures,
} from './swefaq.ts';
import { baselines, crossValidate } from './training.ts';

const devFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/swefaq/swefaq_dev.jsonl',
);

test('word forms: definite and plural forms come back to the dictionary form Snowball misses', () => {
  assert.equal(lemma('garaget'), 'garage');
  assert.equal(lemma('vattnet'), 'vatten');
  assert.equal(lemma('barnen'), 'barn');
  assert.equal(lemma('vaccinationen'), 'vaccination');
  assert.equal(lemma('qwzx'), undefined);
  // Both forms meet in one stem, as they would not with the stemmer alone.
  assert.equal(stemOf('garaget'), stemOf('garage'));
  assert.equal(stemOf('vattnet'), stemOf('vatten'));
});

test('compounds split into their parts in dictionary form', () => {
  assert.deepEqual(compoundParts('dricksvattnet'), ['dricks', 'vatten']);
  assert.deepEqual(compoundParts('familjehemmet'), ['familje', 'hem']);
  assert.deepEqual(compoundParts('samordningsnummer'), ['samordning', 'nummer']);
  assert.equal(compoundParts('garage'), undefined);
  // A compound's parts are terms too, so `vatten` matches `dricksvattnet`.
  assert.ok(terms('dricksvattnet').has(stemOf('vatten')));
});

test('stop words are left out of the terms; content words such as beslut are kept', () => {
  assert.deepEqual(tokenize('Hur ansöker jag om Bygglov?'), ['hur', 'ansöker', 'jag', 'om', 'bygglov']);
  for (const word of ['och', 'jag', 'hur', 'om', 'det']) assert.ok(STOP_WORDS.has(word), word);
  assert.ok(!STOP_WORDS.has('beslut'));
  assert.deepEqual(
    [...terms('Hur får jag ett beslut om bygglov?').keys()],
    [stemOf('beslut'), stemOf('bygglov'), 'bygg', 'lov'],
  );
});

let featured: FeaturedQuestion[];
before(() => {
  featured = withFeatures(parseSweFaq(fs.readFileSync(devFile, 'utf8')));
});

test('SweFAQ dev split: the ranker beats both baselines and keeps its measured accuracy', () => {
  const questions = parseSweFaq(fs.readFileSync(devFile, 'utf8'));
  const result = evaluateSweFaq(questions);
  const base = baselines(questions);
  // Measured 0.709 (78 of 110); baselines 0.582 (words) and 0.636 (character n-grams). The floor
  // is 77: losing two questions fails.
  assert.ok(result.correct >= 77, `accuracy ${result.accuracy} (${result.correct} of ${result.total})`);
  assert.ok(result.correct > base.charNgrams.correct && result.correct > base.wordTfidf.correct);
});

test('SweFAQ leave-one-category-out: weights fitted without a category still answer it', () => {
  const result = crossValidate(featured);
  // Measured 0.700 (77 of 110), one question under the dev split itself: the eleven weights hardly
  // memorise. The floor is 76: losing two questions fails.
  assert.ok(
    result.correct >= 76,
    `cross-validated ${result.accuracy} (${result.correct} of ${result.total})`,
  );
});

test('a malformed SweFAQ line is named', () => {
  assert.throws(() => parseSweFaq('{"question": "x", "candidate_answers": ["a"], "label": 0}\nnope'), {
    name: 'Error',
    message: /line 1: "category_id"/,
  });
  assert.throws(() => parseSweFaq('\n\n'), SweFaqFormatError);
  assert.throws(() => parseSweFaq('[1]'), /line 1: not a JSON object/);
});

const services = [
  {
    id: 'bygglov',
    fields: [
      { text: 'Bygglov', weight: 2 },
      { text: 'Ansök om bygglov för garage, carport eller tillbyggnad.' },
    ],
  },
  {
    id: 'skolskjuts',
    fields: [{ text: 'Skolskjuts', weight: 2 }, { text: 'Ansök om skolskjuts för ditt barn till skolan.' }],
  },
  {
    id: 'felanmalan',
    fields: [{ text: 'Felanmälan', weight: 2 }, { text: 'Anmäl fel på gatubelysning, vägar och parker.' }],
  },
  {
    id: 'vatten',
    fields: [
      { text: 'Vatten och avlopp', weight: 2 },
      { text: 'Frågor om dricksvatten, avlopp och VA-avgifter.' },
    ],
  },
];

test('rankDocuments: word forms and compounds find the service; scores in [0, 1], best first', () => {
  const garage = rankDocuments('Jag vill bygga garaget större', services);
  assert.equal(garage[0]?.id, 'bygglov');
  const water = rankDocuments('vattnet i kranen smakar konstigt', services);
  assert.equal(water[0]?.id, 'vatten');
  for (const ranked of [garage, water]) {
    for (const { score } of ranked) assert.ok(score > 0 && score <= 1, String(score));
    assert.deepEqual(
      ranked.map((entry) => entry.score),
      [...ranked.map((entry) => entry.score)].sort((a, b) => b - a),
    );
  }
});

test('rankDocuments: synonyms lead to a service that shares no word with the query; empty → []', () => {
  const query = 'lyktstolpen har vält';
  assert.notEqual(rankDocuments(query, services)[0]?.id, 'felanmalan');
  const ranked = rankDocuments(query, services, { synonyms: { lyktstolpe: ['gatubelysning'] } });
  assert.equal(ranked[0]?.id, 'felanmalan');
  assert.deepEqual(rankDocuments('', services), []);
  assert.deepEqual(rankDocuments('och det som', services), []);
  assert.deepEqual(rankDocuments('bygglov', []), []);
});

test('rankDocuments: the question asks for a kind of answer (what X is, who, where) and it counts', () => {
  const defined = rankDocuments('Vad är LVU?', [
    { id: 'count', fields: [{ text: 'År 2020 fattades beslut om vård enligt LVU för 3486 barn.' }] },
    { id: 'definition', fields: [{ text: 'LVU är en förkortning för lagen om vård av unga.' }] },
  ]);
  assert.equal(defined[0]?.id, 'definition');
  const who = rankDocuments('Vem får ordinera vaccin?', [
    { id: 'what', fields: [{ text: 'Att ordinera vaccin är att besluta om en behandling.' }] },
    { id: 'who', fields: [{ text: 'Vaccin får ordineras av en läkare eller en sjuksköterska.' }] },
  ]);
  assert.equal(who[0]?.id, 'who');
});
