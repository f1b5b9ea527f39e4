// marked-terminal ships no types (and @types/marked-terminal pins marked < 12); the one export we use.
declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';
  export function markedTerminal(options?: Readonly<Record<string, unknown>>, highlightOptions?: Readonly<Record<string, unknown>>): MarkedExtension;
}
