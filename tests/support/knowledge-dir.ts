import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cardVariants } from './shipped-topics.js';
import { TOPIC_CODES, type CardTemplate, type TopicCode } from '../../src/knowledge/knowledge-types.js';

/**
 * Temporary copies of the real knowledge folder (`cds-services/`) for loader tests: a test copies it, changes one
 * field with `setJsonField`, and expects `loadKnowledge(copy)` to fail naming that file and field.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A minimal valid card for every topic, with the variants each topic needs (`cardVariants`). */
export function minimalCards(): Record<TopicCode, CardTemplate> {
  const card = (variants: readonly string[]): CardTemplate => ({
    title: 'Test card',
    indicator: 'info',
    summary: Object.fromEntries(variants.map((v) => [v, `Summary ${v}`])),
    detail: Object.fromEntries(variants.map((v) => [v, `Detail ${v}`])),
    citations: ['guidance'],
    overrideReasons: [{ code: 'already-addressed', display: 'Already addressed', suppress: true }],
    suppression: { allowed: true },
  });
  return Object.fromEntries(
    TOPIC_CODES.map((t) => [t, card(cardVariants(t))]),
  ) as Record<TopicCode, CardTemplate>;
}

/** Copies `cds-services/` to a temp folder; by default replaces cards.json with `minimalCards()`. Returns the copy. */
export function copyKnowledgeDir(options: { readonly keepCards?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
  cpSync(path.resolve('cds-services'), dir, { recursive: true });
  if (options.keepCards !== true) writeFileSync(path.join(dir, 'knowledge', 'cards.json'), JSON.stringify(minimalCards()));
  return dir;
}

/** Removes a copy made by `copyKnowledgeDir`. */
export function removeKnowledgeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Reads `<dir>/knowledge/<file>` as JSON. */
export function readKnowledgeJson(dir: string, file: string): Json {
  return JSON.parse(readFileSync(path.join(dir, 'knowledge', file), 'utf8')) as Json;
}

/**
 * Sets (or, with `undefined`, deletes) the field at `fieldPath` of `<dir>/knowledge/<file>`,
 * e.g. `setJsonField(dir, 'thresholds.json', ['ferritin-low', 'citation'], 'nope')`.
 */
export function setJsonField(dir: string, file: string, fieldPath: readonly (string | number)[], value: Json | undefined): void {
  const root = readKnowledgeJson(dir, file);
  let node: Json = root;
  for (const key of fieldPath.slice(0, -1)) node = childOf(node, key);
  const last = fieldPath[fieldPath.length - 1];
  if (Array.isArray(node) && typeof last === 'number') {
    if (value === undefined) node.splice(last, 1);
    else node[last] = value;
  } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && typeof last === 'string') {
    if (value === undefined) delete node[last];
    else node[last] = value;
  } else {
    throw new Error(`cannot set ${fieldPath.join('.')} in ${file}`);
  }
  writeFileSync(path.join(dir, 'knowledge', file), JSON.stringify(root));
}

function childOf(node: Json, key: string | number): Json {
  const child = Array.isArray(node) && typeof key === 'number' ? node[key] : isObject(node) && typeof key === 'string' ? node[key] : undefined;
  if (child === undefined) throw new Error(`no field ${String(key)}`);
  return child;
}

function isObject(node: Json): node is { [key: string]: Json } {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}
