import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** HTML building blocks of the report: escaping, safe links and card Markdown. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (or an attribute value) as HTML: the five significant characters become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** A link when the URL is http(s), else the label alone: a card may carry any URL, and `javascript:` must not run. */
export function safeLink(label: string, url: string): string {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return escapeHtml(label);
  }
  if (protocol !== 'https:' && protocol !== 'http:') return escapeHtml(label);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

/**
 * Card `detail` (GitHub Flavored Markdown) as HTML with micromark and its GFM extension, in micromark's safe
 * defaults: raw HTML in the Markdown is shown as text, never as markup (`allowDangerousHtml` off), and only
 * http(s), mailto and similar safe link protocols become hrefs (`allowDangerousProtocol` off). So chart text
 * that reached a card can change neither the page nor its links.
 */
export function markdownToHtml(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}
