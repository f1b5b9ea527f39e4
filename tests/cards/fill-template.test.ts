import { applySnippets, fillSummary, fillTemplate, placeholdersIn, SUMMARY_MAX, truncate } from '../../src/cards/fill-template.js';

describe('fillTemplate', () => {
  test('fills every placeholder, encoding values', () => {
    expect(fillTemplate('{{drugs}} for {{problems}}', { drugs: 'a*b', problems: 'c' }, (v) => v.toUpperCase())).toBe('A*B for C');
  });

  test('an unset or unknown placeholder becomes empty text', () => {
    expect(fillTemplate('x{{lab}}y{{nonsense}}z', {})).toBe('xyz');
  });

  test('placeholders written with spaces, at either end or side by side are filled in place', () => {
    expect(fillTemplate('{{ drugs }}{{problems}} and {{count}}', { drugs: 'A', problems: 'B', count: '2' })).toBe('AB and 2');
  });

  test('a text filled again with other values gives the other values (the split text is kept, not the filled one)', () => {
    const text = 'Ferritin {{value}} {{unit}}';
    expect(fillTemplate(text, { value: '12', unit: 'ng/mL' })).toBe('Ferritin 12 ng/mL');
    expect(fillTemplate(text, { value: '30', unit: 'µg/L' }, (v) => `[${v}]`)).toBe('Ferritin [30] [µg/L]');
  });

  test('a text without placeholders is returned as it is, and an empty text stays empty', () => {
    expect(fillTemplate('No placeholder {here}', { drugs: 'x' })).toBe('No placeholder {here}');
    expect(fillTemplate('', { drugs: 'x' })).toBe('');
  });

  test('an unknown placeholder written with spaces becomes empty text too', () => {
    expect(fillTemplate('a{{ nope }}b', { drugs: 'x' })).toBe('ab');
  });

  test('texts beyond the bound of kept splits are still filled', () => {
    const texts = Array.from({ length: 5100 }, (_, i) => `text ${i}: {{drugs}}`);
    for (const text of texts) fillTemplate(text, { drugs: 'x' });
    expect(texts.slice(-3).map((text) => fillTemplate(text, { drugs: 'y' }))).toEqual(['text 5097: y', 'text 5098: y', 'text 5099: y']);
  });

  test('lists the placeholders of a text', () => {
    expect(placeholdersIn('{{value}} {{ unit }} on {{date}}')).toEqual(['value', 'unit', 'date']);
  });
});

describe('applySnippets', () => {
  const snippets = { iron: { default: 'Check ferritin.', 'on-file': 'Iron studies on file for {{lab}}.' } };

  test('puts the chosen wording of each snippet in, leaving other placeholders exactly as written', () => {
    expect(applySnippets('{{iron}} Then {{ drugs }}.', snippets, { iron: 'on-file' })).toBe('Iron studies on file for {{lab}}. Then {{ drugs }}.');
  });

  test('a snippet that was not chosen, or chosen with an unknown key, takes its default wording', () => {
    expect(applySnippets('{{iron}}', snippets, undefined)).toBe('Check ferritin.');
    expect(applySnippets('{{iron}}', snippets, { iron: 'no-such-key' })).toBe('Check ferritin.');
  });

  test('without snippets the text is unchanged', () => {
    expect(applySnippets('{{iron}} {{lab}}', undefined, { iron: 'on-file' })).toBe('{{iron}} {{lab}}');
  });
});

describe('truncate', () => {
  test('text within the limit is unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  test('long text is cut with an ellipsis and trailing separators removed', () => {
    expect(truncate('alpha, beta, gamma', 8)).toBe('alpha…');
  });

  test('never splits a surrogate pair', () => {
    const out = truncate('ab😀😀😀', 5);
    expect(out).toBe('ab😀…');
    expect(out.length).toBeLessThanOrEqual(5);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(false);
  });
});

describe('fillSummary', () => {
  const template = '{{drugs}} can worsen RLS/PLMD: consider an alternative';

  test('a short summary is filled as is', () => {
    expect(fillSummary(template, { drugs: 'Sertraline' })).toBe('Sertraline can worsen RLS/PLMD: consider an alternative');
  });

  test('a list that does not fit names what fits and says "and N more", never cutting a name', () => {
    const drugs = ['furosemide 40 MG Oral Tablet', '10 ML Furosemide 10 MG/ML Injection', 'simvastatin 20 MG Oral Tablet', 'atorvastatin 80 MG Oral Tablet [Lipitor]'];
    expect(fillSummary(template, { drugs })).toBe('furosemide 40 MG Oral Tablet, 10 ML Furosemide 10 MG/ML Injection and 2 more can worsen RLS/PLMD: consider an alternative');
  });

  test('a list whose first name alone does not fit points to the list below instead of cutting the name', () => {
    expect(fillSummary(template, { drugs: ['x'.repeat(300)] })).toBe('the drug below can worsen RLS/PLMD: consider an alternative');
    expect(fillSummary(template, { drugs: ['x'.repeat(300), 'y'] })).toBe('the 2 drugs below can worsen RLS/PLMD: consider an alternative');
  });

  test('a list that fits is named whole (near miss)', () => {
    expect(fillSummary(template, { drugs: ['Sertraline', 'Lasix 40mg'] })).toBe('Sertraline and Lasix 40mg can worsen RLS/PLMD: consider an alternative');
  });

  test('a template that is itself too long is cut at the end', () => {
    const summary = fillSummary('y'.repeat(200), {});
    expect(summary.length).toBe(SUMMARY_MAX);
    expect(summary.endsWith('…')).toBe(true);
  });

  test('a value used twice still yields a summary under 140 characters', () => {
    expect(fillSummary('{{drugs}} and {{drugs}}', { drugs: 'z'.repeat(120) }).length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
});
