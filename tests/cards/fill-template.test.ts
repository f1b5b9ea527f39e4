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

  test('a long value is shortened so the advice stays whole', () => {
    const summary = fillSummary(template, { drugs: 'x'.repeat(300) });
    expect(summary.length).toBe(SUMMARY_MAX);
    expect(summary.endsWith('… can worsen RLS/PLMD: consider an alternative')).toBe(true);
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
