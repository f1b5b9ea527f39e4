import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { escapeMarkdown } from '../../src/cards/markdown.js';

// Text from the EHR (drug and problem labels, units) is escaped before it reaches a card's `detail`. Rendered by a
// real GFM renderer (micromark with the GFM extensions and raw HTML allowed, since the CDS Hooks sandbox renders raw HTML),
// it must come out as exactly that text: no tag, no link, no emphasis, no new block, whatever the EHR sent.
// dimensions: where the text sits (bullet item, after bold label) · generated strings (any Unicode, Markdown- and
// HTML-heavy alphabets, URL, www and e-mail shapes) · fixed hostile cases

const render = (markdown: string): string =>
  micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
const decode = (html: string): string => html.replace(/&(?:amp|lt|gt|quot);/g, (e) => ENTITIES[e] ?? e);

/** What the reader should see: the label with whitespace runs and control characters as one space, trimmed. */
// eslint-disable-next-line no-control-regex -- the same normalisation as escapeMarkdown
const shown = (text: string): string => text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

/** The rendered HTML of the text in each place a card puts it, or a description of what went wrong. */
function renderedAsText(text: string): readonly string[] {
  const escaped = escapeMarkdown(text);
  return [
    // A findings line: "- <label> (<details>)".
    [`- ${escaped} (x)`, `<ul>\n<li>${'\u0001'} (x)</li>\n</ul>`],
    // A secondary-cause line: "- **<label>**: <value>".
    [`- **${escaped}**: x`, `<ul>\n<li><strong>${'\u0001'}</strong>: x</li>\n</ul>`],
  ].map(([markdown = '', wrapper = '']) => {
    const html = render(markdown).trimEnd();
    const [before = '', after = ''] = wrapper.split('\u0001');
    if (!html.startsWith(before) || !html.endsWith(after)) return `structure changed: ${html}`;
    const inner = html.slice(before.length, html.length - after.length);
    if (inner.includes('<')) return `markup inside: ${inner}`;
    return decode(inner);
  });
}

const markdownHeavy = fc.string({
  unit: fc.constantFrom(...'*_`~[]()!#+-=|>:<&@.\\/ \t\nwhtpsW0123456789ax"\'{};'.split('')),
  maxLength: 40,
});
const urlShaped = fc.tuple(fc.constantFrom('http://', 'HTTPS://', 'www.', 'WWW.', 'mailto:', 'a@', 'xmpp:', 'ftp://'), fc.webSegment(), fc.domain()).map(
  ([prefix, segment, domain]) => `see ${prefix}${domain}/${segment} now`,
);

test('any text renders as exactly that text, in every place a card puts it', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), markdownHeavy, urlShaped), (text) => {
      const nonEmpty = shown(text) === '' ? 'x' : text;
      for (const rendered of renderedAsText(nonEmpty)) expect(rendered).toBe(shown(nonEmpty));
    }),
    { numRuns: 3000, seed: 20_261_125 },
  );
});

test.each([
  ['a bare URL', 'Ferritin see https://evil.example/login'],
  ['a www name', 'Call www.evil.example'],
  ['an e-mail address', 'ask dr@evil.example'],
  ['raw HTML', '<img src=x onerror=alert(1)>'],
  ['a link', '[click](https://evil.example)'],
  ['a thematic break', '---'],
  ['a setext underline start', '=== x'],
  ['an ordered-list start', '1) x'],
  ['a code fence', '```js'],
  ['a table row', '| a | b |'],
  ['a footnote reference', 'x[^1]'],
  ['an entity', '&#x3C;script&#x3E;'],
  ['control characters and tabs', 'a\u0000b\tc\u0007d'],
])('%s is shown as plain text', (_name, text) => {
  for (const rendered of renderedAsText(text)) expect(rendered).toBe(shown(text));
});
