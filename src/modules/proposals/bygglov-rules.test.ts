/**
 * The demo's bygglov rules (demo/services/bygglov-garage.dmn, decision 0014): each limit just below,
 * at and above it, the neighbours' consent, the detailed plan and the kind of house, evaluated from
 * answers as a submitted case stores them, through the service's own `decisionSupport` mapping.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { DmnModel } from '../decision-rules/dmn-model.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { Answers, DecisionSupportDefinition, ServiceDefinition } from '../forms/definition.ts';
import { decisionInputs, type Proposal, propose } from './model.ts';

const support = (readDemoDefinition('bygglov-garage') as ServiceDefinition)
  .decisionSupport as DecisionSupportDefinition;
let model: DmnModel;
before(async () => {
  model = await parseDmn(support.model);
});

/** A garage that needs only a notification: every value exactly at its limit. */
const atTheLimits: Answers = {
  detailPlan: 'inside',
  hasOneOrTwoDwellingHouse: true,
  areaM2: 30,
  heightM: 4,
  distanceToBoundaryM: 4.5,
  neighboursApproved: false,
};

const ruleVersion = { serviceVersionId: 'v', version: 1, modelSha256: 'x', decision: support.decision };

/** The proposal for the limits changed by `changes`; a field named in `without` is not answered. */
function proposalFor(changes: Answers, without: string[] = []): Proposal {
  const answers = Object.fromEntries(
    Object.entries({ ...atTheLimits, ...changes }).filter(([field]) => !without.includes(field)),
  );
  const inputs = decisionInputs(support, answers, new Date('2026-06-01T00:00:00Z'));
  return propose(model, support, inputs, ruleVersion);
}

const NOTIFICATION =
  'Därför räcker en anmälan (attefallsåtgärd) i stället för bygglov; bygget får börja först när byggnadsnämnden har gett startbesked';
const PERMIT = 'Därför krävs bygglov, och ansökan prövas som en ansökan om bygglov';
const OFFICER = 'Därför bedömer en handläggare om bygglov krävs';

describe('the bygglov demo rules', () => {
  const examples: { name: string; answers: Answers; without?: string[]; value: string; says: string[] }[] = [
    {
      name: 'every value at its limit',
      answers: {},
      value: 'anmälan räcker',
      says: [
        'Byggnadsarean 30 m² är högst 30 m², som är gränsen för en komplementbyggnad utan bygglov',
        'Höjden 4 m är högst 4,0 m, som är den högsta nockhöjden för en komplementbyggnad utan bygglov',
        'Byggnaden hamnar 4,5 m från tomtgränsen, minst 4,5 m',
        NOTIFICATION,
      ],
    },
    {
      name: 'area above 30 m²',
      answers: { areaM2: 30.5 },
      value: 'bygglov krävs',
      says: [
        'Byggnadsarean 30,5 m² är större än 30 m², som är gränsen för en komplementbyggnad utan bygglov',
        PERMIT,
      ],
    },
    {
      name: 'area well above, as in the issue',
      answers: { areaM2: 35 },
      value: 'bygglov krävs',
      says: ['Byggnadsarean 35 m² är större än 30 m², som är gränsen för en komplementbyggnad utan bygglov'],
    },
    {
      name: 'a small carport',
      answers: { areaM2: 18, heightM: 2.6, distanceToBoundaryM: 8 },
      value: 'anmälan räcker',
      says: [
        'Byggnadsarean 18 m² är högst 30 m²',
        'Höjden 2,6 m är högst 4,0 m',
        'Byggnaden hamnar 8 m',
        NOTIFICATION,
      ],
    },
    {
      name: 'height above 4.0 m',
      answers: { heightM: 4.1 },
      value: 'bygglov krävs',
      says: [
        'Höjden 4,1 m är högre än 4,0 m, som är den högsta nockhöjden för en komplementbyggnad utan bygglov',
        PERMIT,
      ],
    },
    {
      name: 'closer than 4.5 m without consent',
      answers: { distanceToBoundaryM: 4.4 },
      value: 'bygglov krävs',
      says: [
        'Byggnaden hamnar 4,4 m från tomtgränsen, närmare än 4,5 m, och grannarna har inte godkänt bygget',
        'Därför krävs bygglov, om inte grannarna godkänner bygget; med deras medgivande räcker en anmälan',
      ],
    },
    {
      name: 'closer than 4.5 m with consent',
      answers: { distanceToBoundaryM: 4.4, neighboursApproved: true },
      value: 'anmälan räcker',
      says: [
        'Byggnaden hamnar 4,4 m från tomtgränsen, närmare än 4,5 m, men grannarna har godkänt bygget',
        NOTIFICATION,
      ],
    },
    {
      name: 'on the boundary with consent',
      answers: { distanceToBoundaryM: 0, neighboursApproved: true },
      value: 'anmälan räcker',
      says: ['Byggnaden hamnar 0 m från tomtgränsen, närmare än 4,5 m, men grannarna har godkänt bygget'],
    },
    {
      name: 'too large and too high: both reasons',
      answers: { areaM2: 42, heightM: 5.2 },
      value: 'bygglov krävs',
      says: ['Byggnadsarean 42 m² är större än 30 m²', 'Höjden 5,2 m är högre än 4,0 m', PERMIT],
    },
    {
      name: 'no one- or two-family house',
      answers: { hasOneOrTwoDwellingHouse: false, areaM2: 20 },
      value: 'bygglov krävs',
      says: ['Det finns inget en- eller tvåbostadshus på fastigheten', PERMIT],
    },
    {
      name: 'outside a detailed plan',
      answers: { detailPlan: 'outside' },
      value: 'manuell handläggning',
      says: ['Fastigheten ligger utanför detaljplan', OFFICER],
    },
    {
      name: 'outside a detailed plan, even when large',
      answers: { detailPlan: 'outside', areaM2: 60 },
      value: 'manuell handläggning',
      says: ['Fastigheten ligger utanför detaljplan', 'Byggnadsarean 60 m² är större än 30 m²', OFFICER],
    },
    {
      name: 'the detailed plan not known',
      answers: { detailPlan: 'unknown' },
      value: 'manuell handläggning',
      says: ['Sökanden vet inte om fastigheten ligger inom detaljplan', OFFICER],
    },
    {
      name: 'a missing answer never passes as within the limits',
      answers: {},
      without: ['areaM2'],
      value: 'manuell handläggning',
      says: ['En uppgift som reglerna behöver saknas i ansökan', OFFICER],
    },
  ];

  for (const example of examples) {
    test(example.name, () => {
      const proposal = proposalFor(example.answers, example.without);
      assert.equal(proposal.error, null);
      assert.equal(proposal.value, example.value);
      // Proposal only: every assessment is for an officer, never a decision to approve (decision 0014).
      assert.equal(proposal.outcome, 'manual');
      const sv = proposal.explanation?.sv ?? '';
      for (const sentence of example.says) assert.ok(sv.includes(sentence), `«${sentence}» in «${sv}»`);
      // The conclusion (the FIRST table's row) is always the last sentence.
      assert.match(sv, /\. Därför [^.]*$/);
    });
  }

  test('the explanation ends with the conclusion and names only the rows that matched', () => {
    const proposal = proposalFor({ areaM2: 35, heightM: 3.5, distanceToBoundaryM: 6 });
    assert.equal(
      proposal.explanation?.sv,
      [
        'Fastigheten ligger inom detaljplan och har ett en- eller tvåbostadshus, så en komplementbyggnad kan byggas utan bygglov (attefallsåtgärd) om den håller sig inom gränserna',
        'Byggnadsarean 35 m² är större än 30 m², som är gränsen för en komplementbyggnad utan bygglov',
        'Höjden 3,5 m är högst 4,0 m, som är den högsta nockhöjden för en komplementbyggnad utan bygglov',
        'Byggnaden hamnar 6 m från tomtgränsen, minst 4,5 m',
        PERMIT,
      ].join('. '),
    );
    assert.match(proposal.explanation?.en ?? '', /The building area of 35 m² is larger than 30 m²/);
    assert.match(proposal.explanation?.en ?? '', /So a building permit is needed/);
    const reasons = proposal.tables.find((table) => table.decision === 'Skäl');
    assert.equal(reasons?.hitPolicy, 'COLLECT');
    assert.deepEqual(
      reasons?.rows.map((row) => row.row),
      [4, 6, 9, 12],
    );
    const conclusion = proposal.tables.find((table) => table.decision === 'Bygglovsprövning');
    assert.equal(conclusion?.hitPolicy, 'FIRST');
    assert.deepEqual(
      conclusion?.rows.map((row) => row.row),
      [5],
    );
  });

  test('the inputs are read from the answers the form stores', () => {
    const proposal = proposalFor({ areaM2: 24, neighboursApproved: true });
    assert.deepEqual(proposal.inputs, {
      detaljplan: 'inside',
      småhus: true,
      byggnadsarea: 24,
      höjd: 4,
      'avstånd till gräns': 4.5,
      'grannarnas medgivande': true,
    });
  });

  test('every value the decision can give is mapped to an outcome', () => {
    assert.deepEqual(Object.keys(support.outcomes).sort(), [
      'anmälan räcker',
      'bygglov krävs',
      'manuell handläggning',
    ]);
    assert.ok(!support.automaticDecision, 'proposal only, never an automatic decision');
  });
});
