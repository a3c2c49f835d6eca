/**
 * Shared test data: a small but complete definition using every field type, conditional fields and a
 * conditional step. Returned fresh by a function so tests can mutate their copy.
 */
import type { Field, LocalizedText, ServiceDefinition } from './definition.ts';

export const TODAY = '2025-06-15';

function t(sv: string, en: string): LocalizedText {
  return { sv, en };
}

const common = { informationClass: { confidentiality: 1, personalData: 'none' } } as const;
const personal = { informationClass: { confidentiality: 1, personalData: 'personal' } } as const;

/** A field of the given type with sensible defaults, for rule tests. */
export function makeField<F extends Field>(field: Partial<F> & Pick<F, 'type'>): F {
  return { id: 'answer', label: t('Svar', 'Answer'), ...common, ...field } as F;
}

export function preschoolDefinition(): ServiceDefinition {
  return {
    service: 'forskoleplats',
    title: t('Ansök om förskoleplats', 'Apply for a preschool place'),
    summary: t('Ansök om plats i förskola för ditt barn.', 'Apply for a preschool place for your child.'),
    description: t('Här ansöker du om förskoleplats.', 'Here you apply for a preschool place.'),
    youNeed: [t('Barnets personnummer', "The child's personal identity number")],
    duration: t('Det tar cirka 10 minuter.', 'It takes about 10 minutes.'),
    keywords: { sv: ['förskola', 'dagis'], en: ['preschool'] },
    lifeEvents: ['ny-i-kommunen', 'barn-och-familj'],
    login: { required: true, minimumLevel: 'loa3' },
    retentionPeriod: 'P10Y',
    privacy: {
      purpose: t(
        'Vi behandlar uppgifterna för att pröva ansökan.',
        'We process the data to examine the application.',
      ),
      legalBasis: 'publicInterest',
      legalBasisText: t('Skollagen (2010:800) 8 kap.', 'The Education Act (2010:800), chapter 8.'),
      recipients: [],
      atRetentionEnd: 'dispose',
    },
    steps: [
      {
        id: 'child',
        title: t('Om barnet', 'About the child'),
        fields: [
          {
            id: 'childName',
            type: 'text',
            label: t('Barnets namn', "The child's name"),
            required: true,
            maxLength: 20,
            ...personal,
          },
          {
            id: 'childPin',
            type: 'personalIdentityNumber',
            label: t('Barnets personnummer', "The child's personal identity number"),
            required: true,
            ...common,
            informationClass: { confidentiality: 2, personalData: 'personal' },
          },
          {
            id: 'startDate',
            type: 'date',
            label: t('Önskat startdatum', 'Preferred start date'),
            required: true,
            min: 'today',
            max: '2026-12-31',
            ...common,
          },
          {
            id: 'hasAllergies',
            type: 'yesNo',
            label: t('Har barnet allergier?', 'Does the child have allergies?'),
            required: true,
            ...common,
          },
          {
            id: 'allergies',
            type: 'textarea',
            label: t('Beskriv allergierna', 'Describe the allergies'),
            required: true,
            showIf: { field: 'hasAllergies', equals: true },
            ...personal,
          },
        ],
      },
      {
        id: 'care',
        title: t('Omsorg', 'Care'),
        fields: [
          {
            id: 'hours',
            type: 'number',
            label: t('Timmar per vecka', 'Hours per week'),
            required: true,
            min: 1,
            max: 50,
            unit: t('timmar', 'hours'),
            ...common,
          },
          {
            id: 'careType',
            type: 'radio',
            label: t('Typ av omsorg', 'Type of care'),
            required: true,
            options: [
              { value: 'preschool', label: t('Förskola', 'Preschool') },
              { value: 'pedagogicalCare', label: t('Pedagogisk omsorg', 'Pedagogical care') },
            ],
            ...common,
          },
          {
            id: 'extras',
            type: 'checkboxes',
            label: t('Tillval', 'Extras'),
            options: [
              { value: 'breakfast', label: t('Frukost', 'Breakfast') },
              { value: 'evening', label: t('Kvällsomsorg', 'Evening care') },
              { value: 'weekend', label: t('Helgomsorg', 'Weekend care') },
            ],
            maxSelected: 2,
            ...common,
          },
          {
            id: 'unit',
            type: 'select',
            label: t('Önskad förskola', 'Preferred preschool'),
            options: [
              { value: 'solrosen', label: t('Solrosen', 'Solrosen') },
              { value: 'eken', label: t('Eken', 'Eken') },
            ],
            ...common,
          },
        ],
      },
      {
        id: 'evening',
        title: t('Kvällsomsorg', 'Evening care'),
        showIf: { field: 'extras', in: ['evening'] },
        fields: [
          {
            id: 'employerCertificate',
            type: 'file',
            label: t('Intyg från arbetsgivare', 'Certificate from employer'),
            required: true,
            accept: ['application/pdf', 'image/*'],
            maxSizeBytes: 1048576,
            maxFiles: 2,
            ...personal,
          },
        ],
      },
      {
        id: 'contact',
        title: t('Kontaktuppgifter', 'Contact details'),
        fields: [
          {
            id: 'email',
            type: 'email',
            label: t('E-postadress', 'Email address'),
            required: true,
            prefill: 'profile.email',
            ...personal,
          },
          {
            id: 'phone',
            type: 'phone',
            label: t('Telefonnummer', 'Phone number'),
            prefill: 'profile.phone',
            ...personal,
          },
          {
            id: 'homeAddress',
            type: 'address',
            label: t('Hemadress', 'Home address'),
            required: true,
            prefill: 'profile.address',
            ...personal,
          },
          { id: 'meetingPoint', type: 'location', label: t('Mötesplats', 'Meeting point'), ...common },
        ],
      },
    ],
  };
}
