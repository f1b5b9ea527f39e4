import { buildKnowledge } from './build-knowledge.js';
import { checkCards } from './check-cards.js';
import { checkReferences } from './check-references.js';
import { readKnowledgeFiles } from './knowledge-files.js';
import { normaliseUnits } from './normalise-units.js';
import type { Knowledge } from './knowledge-types.js';

/**
 * Loads the clinical knowledge base once at start-up (style §7): reads `<dir>/knowledge/*.json` and the derived
 * value sets, validates each file with its schema, checks the files against each other, and returns a frozen
 * `Knowledge`. Any problem throws `KnowledgeError` ("<file>: <field>: <problem>") and the service must not start.
 *
 * @param dir - the folder holding `services.json` and `knowledge/` (default `cds-services`, relative to the cwd)
 * @returns the frozen knowledge every stage receives as an argument
 */
export function loadKnowledge(dir = 'cds-services'): Knowledge {
  const files = normaliseUnits(readKnowledgeFiles(dir));
  checkReferences(files);
  checkCards(files);
  return buildKnowledge(files);
}
