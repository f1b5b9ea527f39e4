import { styleText } from 'node:util';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import type { CdsCard, CdsResponse } from '../cards/card-types.js';

/**
 * CDS cards as terminal text, for a developer reading a replay: indicator (coloured on a TTY), summary, topic
 * and the card's extension values (e.g. the cramp-vs-rls leaning), the detail's Markdown rendered by
 * marked-terminal, suggestions with their actions, links, override reasons and source. Text from the service
 * is stripped of control characters first, so a card can never drive the terminal.
 */

export interface PrintOptions {
  /** Colour the indicator (stdout is a TTY and NO_COLOR is unset). */
  readonly colour: boolean;
  /** Wrap width of the rendered Markdown. */
  readonly width?: number;
}

// C0 and C1 controls except tab and newline: ESC would start a terminal escape sequence.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function plain(text: string): string {
  return text.replace(CONTROL, '');
}

const INDICATOR_COLOUR = { critical: 'red', warning: 'yellow', info: 'cyan' } as const;

function indicatorLabel(card: CdsCard, colour: boolean): string {
  const label = `[${card.indicator.toUpperCase()}]`;
  return colour ? styleText(['bold', INDICATOR_COLOUR[card.indicator]], label) : label;
}

/** `topic [value, …]`: the topic code and the card's string extension values (how the service marks a leaning). */
export function topicLabel(card: CdsCard): string {
  const values = Object.values(card.extension ?? {}).filter((v): v is string => typeof v === 'string');
  return values.length > 0 ? `${card.source.topic.code} [${values.map(plain).join(', ')}]` : card.source.topic.code;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `${by}${line}`))
    .join('\n');
}

function renderMarkdown(markdown: string, width: number): string {
  const marked = new Marked(markedTerminal({ reflowText: true, width, showSectionPrefix: false, tab: 2 }), {
    // marked-terminal 7 renders a tight list item's text token from its raw text, so `*em*` in a list item would
    // print as typed; parse its inline tokens instead (false falls back to marked-terminal for plain text).
    renderer: {
      text(token) {
        return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
      },
    },
  });
  return (marked.parse(plain(markdown), { async: false }) as string).replace(/\n+$/, '');
}

function cardText(card: CdsCard, options: PrintOptions): string {
  const width = options.width ?? 96;
  const lines = [`${indicatorLabel(card, options.colour)} ${plain(card.summary)}`, `  topic: ${topicLabel(card)}`];
  if (card.detail) lines.push(indent(renderMarkdown(card.detail, width), '  '));
  if (card.suggestions) {
    lines.push(`  Suggestions (${card.selectionBehavior ?? 'any'}):`);
    for (const s of card.suggestions) {
      lines.push(`    - ${plain(s.label)}${s.isRecommended ? ' (recommended)' : ''}`);
      for (const a of s.actions) {
        const target = a.resourceId ?? (typeof a.resource?.['resourceType'] === 'string' ? `new ${a.resource['resourceType']}` : '');
        lines.push(`        ${a.type} ${plain(target)}: ${plain(a.description)}`);
      }
    }
  }
  if (card.links) {
    lines.push('  Links:');
    for (const l of card.links) lines.push(`    - ${plain(l.label)}: ${plain(l.url)}${l.type === 'smart' ? ' (SMART app)' : ''}`);
  }
  if (card.overrideReasons) lines.push(`  Override reasons: ${card.overrideReasons.map((r) => plain(r.display ?? r.code)).join('; ')}`);
  lines.push(`  Source: ${plain(card.source.label)}${card.source.url ? ` <${plain(card.source.url)}>` : ''}`);
  return lines.join('\n');
}

/** Every card, separated by blank lines; `(no cards)` for a silent answer. */
export function cardsText(response: CdsResponse, options: PrintOptions): string {
  if (response.cards.length === 0) return '(no cards)';
  return response.cards.map((card) => cardText(card, options)).join('\n\n');
}

/** The topics of a response in card order, with their extension values: one cell of the folder table. */
export function topicsCell(response: CdsResponse): string {
  return response.cards.length === 0 ? '(no cards)' : [...response.cards].map(topicLabel).sort().join(', ');
}
