/**
 * Reads XML into a small element tree (saxen does the tokenising and entity decoding): for the DMN
 * TCK test files and for the tests that read the Open311 answers. Part of the engine, so it stays
 * pure (purity.test.ts): it imports saxen and nothing else.
 */
import { Parser } from 'saxen';

export interface XmlElement {
  /** As written, with any namespace prefix. */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, decoded. */
  text: string;
}

/** The document's top-level elements (one in well-formed XML); throws saxen's error on malformed XML. */
export function parseXmlTree(xml: string): XmlElement[] {
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const parser = new Parser();
  parser.on('openTag', (name, attrs) => {
    const element: XmlElement = { name, attrs: attrs(), children: [], text: '' };
    stack.at(-1)?.children.push(element);
    stack.push(element);
  });
  parser.on('closeTag', () => void stack.pop());
  parser.on('text', (text, decode) => {
    const current = stack.at(-1);
    if (current) current.text += decode(text);
  });
  parser.on('cdata', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.parse(xml);
  return root.children;
}
