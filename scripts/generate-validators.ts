import { writeFileSync } from 'node:fs';
import { standaloneValidatorModules } from './standalone-validators.js';

/** `npm run validators:generate`: writes the standalone validators (scripts/standalone-validators.ts). */
for (const { file, source } of standaloneValidatorModules()) {
  writeFileSync(file, source);
  console.log(`written: ${file}`);
}
