import type { CdsCard } from '../../src/cards/card-types.js';
import { escapeMarkdown } from '../../src/cards/markdown.js';
import { escapeHtml, markdownToHtml, safeLink } from '../../src/review/html.js';
import { renderReport } from '../../src/review/render-report.js';

// The review page shows chart text (key findings) and card text: neither may become markup or a live link.

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

test('card Markdown: bold, lists and links render; raw HTML stays text; javascript: links lose their href', () => {
  expect(markdownToHtml('**Findings**\n\n- one\n- two')).toBe('<p><strong>Findings</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  expect(markdownToHtml(`a ${HOSTILE}`)).toBe('<p>a &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>');
  expect(markdownToHtml('[x](javascript:alert(1))')).toBe('<p><a href="">x</a></p>');
});

test('escapeHtml and safeLink', () => {
  expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  expect(safeLink('AAFP', 'https://www.aafp.org/x?a=1&b="2"')).toBe('<a href="https://www.aafp.org/x?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">AAFP</a>');
  expect(safeLink('<b>run</b>', 'javascript:alert(1)')).toBe('&lt;b&gt;run&lt;/b&gt;');
  expect(safeLink('bad', 'not a url')).toBe('bad');
});

test('chart text in findings, summaries, details and draft labels never becomes markup', () => {
  const card: CdsCard = {
    uuid: '0b5c1c0e-5d2f-4b8a-9a53-2a4d9f8f7e11',
    summary: HOSTILE,
    detail: `**Findings**\n\n- ${escapeMarkdown(HOSTILE)}`,
    indicator: 'warning',
    source: { label: HOSTILE, url: 'javascript:alert(3)', topic: { system: 'https://t.example.org', code: 'quinine-for-cramps' } },
    links: [{ label: 'l', url: 'javascript:alert(4)', type: 'absolute' }],
    overrideReasons: [{ system: 's', code: 'c', display: HOSTILE }],
    extension: { leaning: HOSTILE },
  };
  const html = renderReport(
    {
      knowledgeVersion: '1',
      asOf: new Date('2026-11-20T12:00:00Z'),
      generatedAt: new Date('2026-11-20T12:00:00Z'),
      patients: [
        {
          name: 'fx-x',
          findings: { problems: [HOSTILE], medications: [HOSTILE], labs: [HOSTILE] },
          calls: [{ hook: 'order-select', requestFile: 'r.json', draftOrders: [{ label: HOSTILE, selected: true }], cards: [card] }],
        },
      ],
    },
    'leaning',
  );
  expect(html).not.toMatch(/<img|<script|javascript:/i);
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).toContain('<strong>Findings</strong>');
});
