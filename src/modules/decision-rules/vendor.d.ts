// Type declarations for the two untyped packages the engine uses (dmn-moddle, saxen).
declare module 'dmn-moddle' {
  export class DmnModdle {
    // biome-ignore lint/suspicious/noExplicitAny: the moddle tree is untyped.
    fromXML(xml: string, type?: string): Promise<{ rootElement: any; warnings: unknown[] }>;
  }
}

declare module 'saxen' {
  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>) => void): void;
    on(event: 'closeTag', handler: (name: string) => void): void;
    on(event: 'text', handler: (text: string, decode: (s: string) => string) => void): void;
    on(event: 'cdata', handler: (text: string) => void): void;
    on(event: 'error', handler: (error: Error) => void): void;
    parse(xml: string): void;
  }
}
