/**
 * The report's only style sheet, inlined in the page so it opens offline and can be mailed as one file.
 * Indicator colours follow the CDS Hooks sandbox's reading (info blue, warning amber, critical red), each with a
 * text label as well, so colour is never the only cue.
 */
export const REPORT_CSS = `
:root { --info: #1f6fb2; --warning: #b26a00; --critical: #b3261e; --line: #d7dbe0; --muted: #5b6570; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1c232b;
  margin: 0 auto; padding: 24px; max-width: 1120px; background: #f6f7f9; }
header.report { border-bottom: 2px solid var(--line); margin-bottom: 20px; }
header.report h1 { margin: 0 0 4px; font-size: 24px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.meta strong { color: #1c232b; }
.note { background: #fff8e1; border: 1px solid #f0d98c; padding: 8px 12px; border-radius: 6px; }
table.summary { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 28px; font-size: 14px; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.summary th { background: #eef1f4; }
table.summary td.fixture, table.summary td.leaning-cell { white-space: nowrap; }
table.summary .file { display: block; color: var(--muted); font-size: 12.5px; }
.chip { display: inline-block; border-radius: 10px; padding: 0 8px; margin: 1px 2px; font-size: 12.5px; color: #fff; white-space: nowrap; }
.chip.info { background: var(--info); } .chip.warning { background: var(--warning); } .chip.critical { background: var(--critical); }
.silent { color: var(--muted); font-style: italic; }
section.patient { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 24px; }
section.patient > h2 { margin: 0 0 10px; font-size: 19px; }
.findings { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; background: #f3f5f7; border-radius: 6px; padding: 8px 12px; }
.findings h4 { margin: 4px 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.findings ul { margin: 0; padding-left: 18px; font-size: 14px; }
.call { margin-top: 16px; }
.call > h3 { font-size: 16px; margin: 0 0 6px; }
.call > h3 .file { font-weight: normal; color: var(--muted); font-size: 13px; }
.drafts { margin: 0 0 8px; font-size: 14px; }
article.card { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
article.card.warning { border-left-color: var(--warning); } article.card.critical { border-left-color: var(--critical); }
.card-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.indicator { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--info); }
.warning .indicator { color: var(--warning); } .critical .indicator { color: var(--critical); }
.card-summary { font-weight: 600; font-size: 15.5px; flex: 1 1 60%; }
.topic { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.leaning { display: inline-block; margin: 6px 0 0; padding: 1px 8px; border-radius: 4px; background: #e8eef8; font-size: 13px; }
.detail { margin-top: 6px; }
.detail p { margin: 6px 0; } .detail ul { margin: 4px 0 8px; padding-left: 22px; }
.card h5 { margin: 10px 0 3px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card ul.plain { margin: 0; padding-left: 20px; font-size: 14px; }
.recommended { font-size: 12px; color: #1b6e3a; font-weight: 600; }
.action-type { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; background: #eef1f4; padding: 0 4px; border-radius: 3px; }
.source { color: var(--muted); font-size: 12.5px; margin-top: 8px; }
a { color: #0b57a4; }
@media print { body { background: #fff; } section.patient { break-inside: avoid-page; } }
`;
