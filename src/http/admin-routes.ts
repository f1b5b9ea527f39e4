import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { buildReport, type ReportLine } from '../governance/report.js';
import type { GovernanceStore, ReportRow, StoredComment } from '../storage/governance-store.js';
import { OperationOutcomeError, unauthorized } from '../outcomes/operation-outcome.js';
import { bearerMatches } from './bearer-token.js';

/**
 * `GET /admin/governance` (only when `CDS_ADMIN_TOKEN` is set, which it requires as the bearer token; never in
 * discovery): the governance report as an HTML table beside d3 charts drawn in the browser from the page's data.
 * The only place clinicians' comments are shown. d3 is served from node_modules, so the page works offline.
 */

const DAY_MS = 86_400_000;
const D3 = path.resolve('node_modules', 'd3', 'dist', 'd3.min.js');
// Beside `src/http/` and `dist/http/` alike: the chart script lives in the source tree (see storage/migrations.ts).
const CHART = fileURLToPath(new URL('../../src/admin/governance-chart.js', import.meta.url));

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Cards shown, accepted and overridden per day (latest feedback per card). */
function trendOf(rows: readonly ReportRow[]): { day: string; shown: number; accepted: number; overridden: number }[] {
  const latest = new Map<string, ReportRow>();
  for (const row of rows) if (!row.suppressed) latest.set(row.cardUuid, row.outcome || !latest.has(row.cardUuid) ? row : (latest.get(row.cardUuid) as ReportRow));
  const days = new Map<string, { day: string; shown: number; accepted: number; overridden: number }>();
  for (const row of latest.values()) {
    const day = row.sentAt.toISOString().slice(0, 10);
    const d = days.get(day) ?? { day, shown: 0, accepted: 0, overridden: 0 };
    d.shown += 1;
    if (row.outcome === 'accepted') d.accepted += 1;
    if (row.outcome === 'overridden') d.overridden += 1;
    days.set(day, d);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

function table(lines: readonly ReportLine[]): string {
  const head = ['Service', 'Topic', 'Knowledge', 'Shown', 'Suppressed', 'Accepted', 'Overridden (reason)', 'Overridden (no reason)', 'No feedback', 'Top reasons', 'Median min to feedback'];
  const cell = (v: string | number): string => `<td>${escape(String(v))}</td>`;
  const rows = lines.map(
    (l) =>
      `<tr data-topic="${escape(l.topic)}">${[l.serviceId, l.topic, l.knowledgeVersion, l.shown, l.suppressed, l.accepted, l.overriddenWithReason, l.overriddenWithoutReason, l.noFeedback, l.topOverrideReasons.map((r) => `${r.code} ${r.count}`).join(', '), l.medianMinutesToFeedback ?? ''].map(cell).join('')}</tr>`,
  );
  return `<table id="report"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function comments(list: readonly StoredComment[]): string {
  if (list.length === 0) return '<p>No comments in this period.</p>';
  return `<table id="comments"><thead><tr><th>Received</th><th>Topic</th><th>Comment</th></tr></thead><tbody>${list
    .map((c) => `<tr><td>${c.receivedAt.toISOString()}</td><td>${escape(c.topic)}</td><td>${escape(c.comment)}</td></tr>`)
    .join('')}</tbody></table>`;
}

/** The admin routes under `/admin`. */
export function createAdminRoutes(options: { readonly token: string; readonly store: GovernanceStore; readonly now: () => Date }): Router {
  const router = Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!bearerMatches(req.headers.authorization, options.token)) throw new OperationOutcomeError(unauthorized());
    // Scripts from this origin only (d3 and the chart script); the data is JSON in the page, never executed.
    res.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'");
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/assets/d3.min.js', (_req, res) => res.type('text/javascript').sendFile(D3));
  router.get('/assets/governance-chart.js', (_req, res) => res.type('text/javascript').sendFile(CHART));
  router.get('/governance', async (req, res) => {
    // The window's end is exclusive: one second ahead, so a card of this very moment counts.
    const until = new Date(options.now().getTime() + 1000);
    const days = Math.min(Math.max(Number(req.query.days ?? 30) || 30, 1), 400);
    const since = new Date(until.getTime() - days * DAY_MS);
    const [report, rows, notes] = await Promise.all([buildReport(options.store, since, until), options.store.reportRows(since, until), options.store.comments(since, until)]);
    const topics = report.lines.map((l) => ({
      key: `${l.topic} (${l.serviceId.replace(/^leg-cramps-/, '')}, ${l.knowledgeVersion})`,
      accepted: l.accepted,
      overridden: l.overriddenWithReason + l.overriddenWithoutReason,
      noFeedback: l.noFeedback,
    }));
    // JSON inside a script element: '<' escaped so no text in it can close the element.
    const data = JSON.stringify({ topics, trend: trendOf(rows) }).replace(/</g, '\\u003c');
    const warnings = report.silentTopics.map((s) => `<li>${escape(s.serviceId)} ${escape(s.topic)}: fired ${s.previousShown} times in the previous period, not in this one</li>`);
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clinical governance</title></head>
<body style="font-family: sans-serif">
<h1>Clinical governance, ${report.since.slice(0, 10)} to ${report.until.slice(0, 10)}</h1>
${warnings.length > 0 ? `<h2>Silent topics</h2><ul id="silent">${warnings.join('')}</ul>` : ''}
<h2>Outcomes per topic</h2>
<svg id="bars" role="img" aria-label="Accepted, overridden and no feedback per topic"></svg>
${table(report.lines)}
<h2>Trend: cards shown per day</h2>
<svg id="trend" role="img" aria-label="Cards shown, accepted and overridden per day"></svg>
<h2>Clinicians' comments</h2>
${comments(notes)}
<script type="application/json" id="governance-data">${data}</script>
<script src="/admin/assets/d3.min.js"></script>
<script src="/admin/assets/governance-chart.js"></script>
</body></html>`);
  });
  return router;
}
