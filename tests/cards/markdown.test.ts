import fc from 'fast-check';
import { bulletList, escapeKnowledgeText, escapeMarkdown, escapeMarkdownFully, section } from '../../src/cards/markdown.js';

// dimensions: HTML (raw tags, entities) · Markdown emphasis, links, code, headings, tables · line breaks · plain text
describe('escapeMarkdown', () => {
  test.each([
    ['plain text is unchanged', 'Sertraline 50 MG Oral Tablet', 'Sertraline 50 MG Oral Tablet'],
    ['raw HTML becomes entities', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an ampersand becomes an entity', 'A & B', 'A &amp; B'],
    ['emphasis is escaped', '*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['links and images are escaped', '![x](http://a) [y](b)', '!\\[x\\](http\\://a) \\[y\\](b)'],
    ['autolink literals are broken by escapes that render unchanged', 'http://a www.b c@d.e', 'http\\://a www\\.b c\\@d.e'],
    ['whitespace runs and control characters become one space, trimmed', ' a\t\u0000 b ', 'a b'],
    ['a leading bullet marker is escaped', '- x - y', '\\- x - y'],
    ['a leading ordered-list marker is escaped', '1. x 2. y', '1\\. x 2. y'],
    ['a leading plus is escaped like every plus', '+ x', '\\+ x'],
    ['numbers and hyphens that are no list marker stay as they are', '4.5 -5 1.73', '4.5 -5 1.73'],
    ['backticks and backslashes are escaped', '`rm` C:\\x', '\\`rm\\` C\\:\\\\x'],
    ['heading, table and strikethrough marks are escaped', '# a | b ~~c~~', '\\# a \\| b \\~\\~c\\~\\~'],
    ['line breaks become spaces so no new block starts', 'a\n# b\r\nc', 'a \\# b c'],
    ['UCUM units keep their braces; the underscore is escaped', 'mL/min/{1.73_m2}', 'mL/min/{1.73\\_m2}'],
  ])('%s', (_name, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('escapeKnowledgeText', () => {
  test('escapes a knowledge text exactly as escapeMarkdown, the first time and every time after (kept, not recomputed)', () => {
    const text = 'Iron deficiency: ferritin <= 75 ng/mL [AASM 2024] *see* www.example.org';
    const first = escapeKnowledgeText(text);
    expect(first).toBe(escapeMarkdown(text));
    expect(first).toBe('Iron deficiency\\: ferritin &lt;= 75 ng/mL \\[AASM 2024\\] \\*see\\* www\\.example.org');
    expect(escapeKnowledgeText(text)).toBe(first);
  });
});

describe('Markdown blocks', () => {
  test('a bullet list puts each line on its own item', () => {
    expect(bulletList(['a', 'b'])).toBe('- a\n- b');
  });

  test('a section is a bold heading and a list, or nothing when empty', () => {
    expect(section('Findings', ['x'])).toBe('**Findings**\n\n- x');
    expect(section('Findings', [])).toBe('');
  });
});

describe('escapeMarkdown skips the replacements only for text they would not change', () => {
  // Characters every step of the escape reacts to, mixed with letters, digits and ordinary punctuation.
  const pieces = [...'aZ09 .-=)(!/,', '  ', '\t', '\n', '\u00a0', '\u0000', '\u007f', ...'\\`*_[]#+|~:@&<>', 'www.', 'WWW.', '1.', '12)'];
  test('on arbitrary text it equals every step run in full', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(escapeMarkdown(text)).toBe(escapeMarkdownFully(text));
      }),
      { numRuns: 5000 },
    );
  });
  test.each(['Simvastatin 20 MG Oral Tablet', 'Hypertension (disorder)', '4.5 -5 1.73', 'Ferritin (mass/volume) in serum'])('%s needs no escape and is returned as is', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
    expect(escapeMarkdownFully(text)).toBe(text);
  });
});
