import type { CdsAction, CdsCard, CdsSuggestion } from '../cards/card-types.js';
import type { CardsReview, ReviewedCall, ReviewedPatient } from './collect-cards.js';
import { escapeHtml, markdownToHtml, safeLink } from './html.js';
import type { DraftOrderLine } from './key-findings.js';
import { REPORT_CSS } from './report-style.js';

/**
 * The cards review as one static HTML page: header (knowledge version, clock, generation time), a summary table of
 * topics per fixture and hook, then one section per patient with its key findings and every call's cards. All
 * text is escaped and card Markdown goes through `markdownToHtml`; the page loads nothing (inline CSS, no script).
 */

function callTitle(call: ReviewedCall): string {
  return call.requestFile ? `${call.hook} <span class="file">(fixtures/requests/${escapeHtml(call.requestFile)})</span>` : call.hook;
}

function anchorOf(patient: string): string {
  return `patient-${patient.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

function chip(card: CdsCard): string {
  return `<span class="chip ${card.indicator}" data-topic="${escapeHtml(card.source.topic.code)}">${escapeHtml(card.source.topic.code)}</span>`;
}

// order-select speaks about the selected drafts only; order-sign about every draft, so nothing is marked there.
function draftText(call: ReviewedCall): string {
  const marked = (d: DraftOrderLine): boolean => call.hook === 'order-select' && d.selected;
  return call.draftOrders.map((d) => `${escapeHtml(d.label)}${marked(d) ? ' <strong>(selected)</strong>' : ''}`).join('; ');
}

function leaningOf(call: ReviewedCall, leaningKey: string): string {
  const values = call.cards.flatMap((c) => (c.extension && leaningKey in c.extension ? [String(c.extension[leaningKey])] : []));
  return values.map(escapeHtml).join(', ');
}

function summaryTable(patients: readonly ReviewedPatient[], leaningKey: string): string {
  const rows = patients.flatMap((patient) =>
    patient.calls.map((call) => {
      const topics = call.cards.length > 0 ? call.cards.map(chip).join('') : '<span class="silent">no cards</span>';
      const request = call.requestFile ? ` data-request="${escapeHtml(call.requestFile)}"` : '';
      return `<tr data-fixture="${escapeHtml(patient.name)}" data-hook="${call.hook}"${request}>
<td class="fixture"><a href="#${anchorOf(patient.name)}">${escapeHtml(patient.name)}</a></td><td>${callTitle(call)}</td>
<td>${draftText(call)}</td><td class="topics">${topics}</td><td class="leaning-cell">${leaningOf(call, leaningKey)}</td></tr>`;
    }),
  );
  return `<table class="summary"><thead><tr><th>Fixture</th><th>Hook</th><th>Draft orders</th><th>Topics</th><th>Leaning</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length > 0 ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : `<p class="silent">${escapeHtml(empty)}</p>`;
}

function findingsBlock(patient: ReviewedPatient): string {
  const f = patient.findings;
  return `<div class="findings">
<div><h4>Active problems</h4>${list(f.problems, 'none')}</div>
<div><h4>Current medications</h4>${list(f.medications, 'none')}</div>
<div><h4>Latest labs in the look-back</h4>${list(f.labs, 'none')}</div>
</div>`;
}

/** What an action would do, in words: its description, and the resource it deletes or the kind it creates. */
function actionText(action: CdsAction): string {
  const resource = action.resource;
  const kind = resource && typeof resource['resourceType'] === 'string' ? ` ${escapeHtml(resource['resourceType'])}` : '';
  const target = action.resourceId ? ` <code>${escapeHtml(action.resourceId)}</code>` : '';
  return `<span class="action-type">${action.type}${kind}</span>${target} ${escapeHtml(action.description)}`;
}

function suggestionItem(s: CdsSuggestion): string {
  const recommended = s.isRecommended ? ' <span class="recommended">recommended</span>' : '';
  const actions = s.actions.map((a) => `<li>${actionText(a)}</li>`).join('');
  return `<li>${escapeHtml(s.label)}${recommended}${actions ? `<ul class="plain">${actions}</ul>` : ''}</li>`;
}

function suggestionsBlock(card: CdsCard): string {
  if (!card.suggestions?.length) return '';
  const behavior = card.selectionBehavior ? ` <span class="silent">(select ${card.selectionBehavior})</span>` : '';
  return `<h5>Suggestions${behavior}</h5><ul class="plain suggestions">${card.suggestions.map(suggestionItem).join('')}</ul>`;
}

function linksBlock(card: CdsCard): string {
  if (!card.links?.length) return '';
  const items = card.links.map((l) => `<li>${safeLink(l.label, l.url)}${l.type === 'smart' ? ' (SMART app)' : ''}</li>`);
  return `<h5>Links</h5><ul class="plain links">${items.join('')}</ul>`;
}

function overrideBlock(card: CdsCard): string {
  if (!card.overrideReasons?.length) return '';
  const items = card.overrideReasons.map((r) => `<li>${escapeHtml(r.display ?? r.code)} <span class="silent">(${escapeHtml(r.code)})</span></li>`);
  return `<h5>Override reasons</h5><ul class="plain override-reasons">${items.join('')}</ul>`;
}

function extensionBlock(card: CdsCard, leaningKey: string): string {
  return Object.entries(card.extension ?? {})
    .map(([key, value]) =>
      key === leaningKey
        ? `<div class="leaning" data-leaning="${escapeHtml(String(value))}">Leaning: <strong>${escapeHtml(String(value))}</strong></div>`
        : `<div class="leaning">${escapeHtml(key)}: ${escapeHtml(JSON.stringify(value))}</div>`,
    )
    .join('');
}

function cardBlock(card: CdsCard, leaningKey: string): string {
  const source = card.source.url ? safeLink(card.source.label, card.source.url) : escapeHtml(card.source.label);
  return `<article class="card ${card.indicator}" data-topic="${escapeHtml(card.source.topic.code)}" data-indicator="${card.indicator}">
<div class="card-head"><span class="indicator">${card.indicator}</span><span class="card-summary">${escapeHtml(card.summary)}</span>
<span class="topic">${escapeHtml(card.source.topic.display ?? card.source.topic.code)}</span></div>
${extensionBlock(card, leaningKey)}
${card.detail ? `<div class="detail">${markdownToHtml(card.detail)}</div>` : ''}
${suggestionsBlock(card)}${linksBlock(card)}${overrideBlock(card)}
<div class="source">Source: ${source}</div>
</article>`;
}

function callBlock(call: ReviewedCall, leaningKey: string): string {
  const request = call.requestFile ? ` data-request="${escapeHtml(call.requestFile)}"` : '';
  const drafts = call.draftOrders.length > 0 ? `<p class="drafts">Draft orders${call.hook === 'order-sign' ? ' to sign' : ''}: ${draftText(call)}</p>` : '';
  const cards = call.cards.length > 0 ? call.cards.map((c) => cardBlock(c, leaningKey)).join('\n') : '<p class="silent">No cards: the service stays silent.</p>';
  return `<div class="call" data-hook="${call.hook}"${request}><h3>${callTitle(call)}</h3>${drafts}${cards}</div>`;
}

function patientBlock(patient: ReviewedPatient, leaningKey: string): string {
  return `<section class="patient" id="${anchorOf(patient.name)}" data-fixture="${escapeHtml(patient.name)}">
<h2>${escapeHtml(patient.name)}</h2>
${findingsBlock(patient)}
${patient.calls.map((c) => callBlock(c, leaningKey)).join('\n')}
</section>`;
}

const day = (date: Date): string => date.toISOString().slice(0, 10);

/** The whole page. */
export function renderReport(review: CardsReview, leaningKey: string): string {
  const calls = review.patients.reduce((n, p) => n + p.calls.length, 0);
  const cards = review.patients.reduce((n, p) => n + p.calls.reduce((m, c) => m + c.cards.length, 0), 0);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Leg-cramp CDS: cards for clinical review</title>
<style>${REPORT_CSS}</style></head>
<body>
<header class="report"><h1>Leg cramps vs restless legs: cards for clinical review</h1>
<p class="meta">Knowledge version <strong data-knowledge-version>${escapeHtml(review.knowledgeVersion)}</strong>${
    review.servicesVersion ? ` · services ${escapeHtml(review.servicesVersion)}` : ''
  } · cards as of <strong data-as-of>${day(review.asOf)}</strong> · generated ${escapeHtml(review.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC ·
${review.patients.length} fixture patients, ${calls} hook calls, ${cards} cards</p>
<p class="note">Synthetic fixture patients (fixtures/patients), not real patient data. Each card is exactly what the service returned over HTTP, checked against the CDS Hooks response schema.</p>
</header>
<h2>Topics per fixture</h2>
${summaryTable(review.patients, leaningKey)}
${review.patients.map((p) => patientBlock(p, leaningKey)).join('\n')}
</body></html>
`;
}
