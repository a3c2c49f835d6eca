/**
 * The tenant's DCAT-AP-SE catalogue as RDF (issue #12, docs/open-data.md): a dcat:Catalog with its
 * publisher (foaf:Agent with name, type and organisation number), licence, and one dcat:Dataset per
 * published dataset with a CSV and a JSON dcat:Distribution. Every node another node points to is
 * typed (dct:LicenseDocument, vcard:Kind, skos:Concept, …): the EU DCAT-AP 3 range shapes check
 * classes without inference, and we conform to them with no overrides. Pure: quads only, no I/O.
 */

import type { Quad, Quad_Object, Quad_Subject } from 'n3';
import { DataFactory } from 'n3';
import type { LocalizedText } from '../../platform/i18n/i18n.ts';
import { DATASETS } from './dataset-model.ts';
import type { DatasetId, PublisherSettings } from './model.ts';

const { namedNode, literal, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority/';
const iri = (prefix: keyof typeof NS, local: string) => namedNode(`${NS[prefix]}${local}`);
const a = iri('rdf', 'type');

/** The file types and media types of the two distributions. */
const FORMATS = {
  csv: { fileType: 'CSV', mediaType: 'https://www.iana.org/assignments/media-types/text/csv', label: 'CSV' },
  json: {
    fileType: 'JSON',
    mediaType: 'https://www.iana.org/assignments/media-types/application/json',
    label: 'JSON',
  },
} as const;

export interface CatalogueInput {
  /** `${publicUrl}/${tenant}/oppna-data`, where the page, downloads and catalogue live. */
  root: string;
  tenantName: string;
  settings: PublisherSettings;
  /** When the settings last changed (the catalogue's dct:modified). */
  modified: Date;
  issued: Date;
}

/** The IRIs of the catalogue's nodes. */
export function catalogueIris(root: string) {
  return {
    catalogue: `${root}#katalog`,
    contact: `${root}#kontakt`,
    dataset: (id: DatasetId) => `${root}/${id}`,
    distribution: (id: DatasetId, format: keyof typeof FORMATS) => `${root}/${id}#${format}`,
    download: (id: DatasetId, format: keyof typeof FORMATS) => `${root}/${id}.${format}`,
  };
}

class GraphBuilder {
  readonly quads: Quad[] = [];
  /** A shared node (a theme, a media type) is described once however many datasets name it. */
  private readonly seen = new Set<string>();
  add(subject: Quad_Subject, predicate: ReturnType<typeof iri>, object: Quad_Object) {
    const key = `${subject.id} ${predicate.id} ${object.id}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push(quad(subject, predicate, object));
  }
  texts(subject: Quad_Subject, predicate: ReturnType<typeof iri>, text: LocalizedText) {
    this.add(subject, predicate, literal(text.sv, 'sv'));
    this.add(subject, predicate, literal(text.en, 'en'));
  }
  /** A node of a controlled vocabulary, typed and labelled as the range shapes expect. */
  concept(node: string, types: string[], label: string, scheme?: string) {
    const subject = namedNode(node);
    for (const type of types) this.add(subject, a, namedNode(type));
    this.add(subject, iri('skos', 'prefLabel'), literal(label, 'en'));
    if (scheme) this.add(subject, iri('skos', 'inScheme'), namedNode(scheme));
  }
}

const date = (value: Date) => literal(value.toISOString().slice(0, 10), iri('xsd', 'date'));

function publisher(graph: GraphBuilder, input: CatalogueInput) {
  const agent = namedNode(input.settings.publisherUri);
  graph.add(agent, a, iri('foaf', 'Agent'));
  graph.add(agent, a, iri('foaf', 'Organization'));
  graph.add(agent, iri('foaf', 'name'), literal(input.tenantName, 'sv'));
  graph.add(agent, iri('dct', 'identifier'), literal(input.settings.organisationNumber));
  const type = 'http://purl.org/adms/publishertype/LocalAuthority';
  graph.add(agent, iri('dct', 'type'), namedNode(type));
  graph.concept(type, [`${NS.skos}Concept`], 'Local Authority', 'http://purl.org/adms/publishertype/1.0');
  const contact = namedNode(catalogueIris(input.root).contact);
  graph.add(contact, a, iri('vcard', 'Kind'));
  graph.add(contact, a, iri('vcard', 'Organization'));
  graph.add(contact, iri('vcard', 'fn'), literal(input.settings.contactName));
  graph.add(contact, iri('vcard', 'hasEmail'), namedNode(`mailto:${input.settings.contactEmail}`));
}

function distribution(graph: GraphBuilder, input: CatalogueInput, id: DatasetId, format: 'csv' | 'json') {
  const iris = catalogueIris(input.root);
  const node = namedNode(iris.distribution(id, format));
  const file = FORMATS[format];
  const download = namedNode(iris.download(id, format));
  graph.add(node, a, iri('dcat', 'Distribution'));
  graph.texts(node, iri('dct', 'title'), {
    sv: `${DATASETS[id].title.sv} (${file.label})`,
    en: `${DATASETS[id].title.en} (${file.label})`,
  });
  graph.add(node, iri('dcat', 'accessURL'), download);
  graph.add(node, iri('dcat', 'downloadURL'), download);
  graph.add(download, a, iri('rdfs', 'Resource'));
  graph.add(node, iri('dct', 'format'), namedNode(`${EU}file-type/${file.fileType}`));
  graph.concept(`${EU}file-type/${file.fileType}`, [`${NS.dct}MediaTypeOrExtent`], file.label);
  graph.add(node, iri('dcat', 'mediaType'), namedNode(file.mediaType));
  graph.add(namedNode(file.mediaType), a, iri('dct', 'MediaType'));
  graph.add(node, iri('dct', 'license'), namedNode(input.settings.licenceUri));
}

function dataset(graph: GraphBuilder, input: CatalogueInput, id: DatasetId) {
  const iris = catalogueIris(input.root);
  const definition = DATASETS[id];
  const node = namedNode(iris.dataset(id));
  graph.add(node, a, iri('dcat', 'Dataset'));
  graph.texts(node, iri('dct', 'title'), definition.title);
  graph.texts(node, iri('dct', 'description'), definition.description);
  for (const keyword of definition.keywords.sv)
    graph.add(node, iri('dcat', 'keyword'), literal(keyword, 'sv'));
  for (const keyword of definition.keywords.en)
    graph.add(node, iri('dcat', 'keyword'), literal(keyword, 'en'));
  graph.add(node, iri('dct', 'publisher'), namedNode(input.settings.publisherUri));
  graph.add(node, iri('dcat', 'contactPoint'), namedNode(iris.contact));
  const theme = `${EU}data-theme/${definition.theme}`;
  graph.add(node, iri('dcat', 'theme'), namedNode(theme));
  graph.concept(theme, [`${NS.skos}Concept`], definition.theme, `${EU}data-theme`);
  const frequency = `${EU}frequency/${definition.frequency}`;
  graph.add(node, iri('dct', 'accrualPeriodicity'), namedNode(frequency));
  graph.concept(frequency, [`${NS.dct}Frequency`], definition.frequency);
  const rights = `${EU}access-right/PUBLIC`;
  graph.add(node, iri('dct', 'accessRights'), namedNode(rights));
  graph.concept(rights, [`${NS.dct}RightsStatement`], 'public');
  graph.add(node, iri('dct', 'language'), namedNode(`${EU}language/SWE`));
  graph.add(node, iri('dcat', 'landingPage'), namedNode(`${input.root}#${id}`));
  graph.add(namedNode(`${input.root}#${id}`), a, iri('foaf', 'Document'));
  graph.add(node, iri('dct', 'issued'), date(input.issued));
  graph.add(node, iri('dct', 'modified'), date(input.modified));
  for (const format of ['csv', 'json'] as const) {
    graph.add(node, iri('dcat', 'distribution'), namedNode(iris.distribution(id, format)));
    distribution(graph, input, id, format);
  }
}

/** The catalogue of the tenant's published datasets, as quads. */
export function catalogueQuads(input: CatalogueInput): Quad[] {
  const graph = new GraphBuilder();
  const node = namedNode(catalogueIris(input.root).catalogue);
  graph.add(node, a, iri('dcat', 'Catalog'));
  graph.texts(node, iri('dct', 'title'), {
    sv: `Öppna data från ${input.tenantName}`,
    en: `Open data from ${input.tenantName}`,
  });
  graph.texts(node, iri('dct', 'description'), {
    sv: `Datamängder som ${input.tenantName} publicerar som öppna data från e-tjänsteplattformen Ingång.`,
    en: `Datasets that ${input.tenantName} publishes as open data from the Ingång e-services platform.`,
  });
  graph.add(node, iri('dct', 'publisher'), namedNode(input.settings.publisherUri));
  graph.add(node, iri('dct', 'license'), namedNode(input.settings.licenceUri));
  graph.add(namedNode(input.settings.licenceUri), a, iri('dct', 'LicenseDocument'));
  graph.add(node, iri('foaf', 'homepage'), namedNode(input.root));
  graph.add(namedNode(input.root), a, iri('foaf', 'Document'));
  graph.add(node, iri('dct', 'language'), namedNode(`${EU}language/SWE`));
  graph.add(namedNode(`${EU}language/SWE`), a, iri('dct', 'LinguisticSystem'));
  graph.add(node, iri('dcat', 'themeTaxonomy'), namedNode(`${EU}data-theme`));
  graph.add(namedNode(`${EU}data-theme`), a, iri('skos', 'ConceptScheme'));
  graph.add(namedNode(`${EU}data-theme`), iri('dct', 'title'), literal('Data theme', 'en'));
  graph.add(node, iri('dct', 'issued'), date(input.issued));
  graph.add(node, iri('dct', 'modified'), date(input.modified));
  publisher(graph, input);
  for (const id of input.settings.datasets) {
    graph.add(node, iri('dcat', 'dataset'), namedNode(catalogueIris(input.root).dataset(id)));
    dataset(graph, input, id);
  }
  return graph.quads;
}
