import { fillSummary, fillTemplate, placeholdersIn, SUMMARY_MAX, truncate } from '../../src/cards/fill-template.js';

describe('fillTemplate', () => {
  test('fills every placeholder, encoding values', () => {
    expect(fillTemplate('{{drugs}} for {{problems}}', { drugs: 'a*b', problems: 'c' }, (v) => v.toUpperCase())).toBe('A*B for C');
  });

  test('an unset or unknown placeholder becomes empty text', () => {
    expect(fillTemplate('x{{lab}}y{{nonsense}}z', {})).toBe('xyz');
  });

  test('lists the placeholders of a text', () => {
    expect(placeholdersIn('{{value}} {{ unit }} on {{date}}')).toEqual(['value', 'unit', 'date']);
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
