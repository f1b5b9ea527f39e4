import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { standaloneValidatorModules } from './generate.js';

/** Run by `npm run build` (and `npm run validators:generate`): writes the standalone validators (generate.ts) into src/. */
for (const { file, source } of standaloneValidatorModules()) {
  // Written only when changed, so a build leaves the work tree as it was when nothing changed.
  if (!existsSync(file) || readFileSync(file, 'utf8') !== source) {
    writeFileSync(file, source);
    console.log(`written: ${file}`);
  }
}
