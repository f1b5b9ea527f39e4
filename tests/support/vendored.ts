import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The third-party files vendored into the repository, byte for byte. Each folder holds the files, a `SHA256SUMS`
 * (the `sha256sum` format: `<hex>  <file>`, so `sha256sum -c SHA256SUMS` checks it by hand) and a README that names
 * the source repository, commit and license and lists every file with the same sha256.
 */

/** Where a vendored folder's files were copied from: `repository@commit:folder/<file>`. */
export interface VendoredOrigin {
  readonly repository: string;
  readonly commit: string;
  /** The folder inside that repository, with a trailing slash. */
  readonly folder: string;
  /** SPDX id, as the README states it. */
  readonly license: string;
}

export interface VendoredFolder {
  /** Relative to the repository root. */
  readonly dir: string;
  readonly origins: readonly VendoredOrigin[];
}

export const VENDORED_FOLDERS: readonly VendoredFolder[] = [
  {
    dir: 'fixtures/synthea',
    origins: [{ repository: 'smart-on-fhir/generated-sample-data', commit: '25ac8089f0464b8673c7669509dc0bb8f4883773', folder: 'R4/SYNTHEA/', license: 'Apache-2.0' }],
  },
  {
    dir: 'cds-services/knowledge/sources/vsac',
    origins: [
      { repository: 'cqframework/ecqm-content-qicore-2024', commit: '9ebd48ffebf2ed2489f3904cc8393ebf8979bfc9', folder: 'input/vocabulary/valueset/external/', license: 'CC0-1.0' },
      { repository: 'alphora/dtr-content-r4', commit: '8d10a8a129a4ac27f7d32c09f0134929159ebddc', folder: 'input/vocabulary/valueset/', license: 'CC0-1.0' },
    ],
  },
  {
    dir: 'cds-services/trust',
    origins: [{ repository: 'cds-hooks/sandbox', commit: '3b7e25546771c6e7fc5e360aa7db6eb64af0b8b6', folder: 'build/.well-known/', license: 'Apache-2.0' }],
  },
  {
    dir: 'tests/support/keys',
    origins: [{ repository: 'cds-hooks/sandbox', commit: '33477b92e15e79d802e78ff7d492003b544f592c', folder: 'keys/', license: 'Apache-2.0' }],
  },
];

/** Files of a vendored folder that are the project's own, not third-party data. */
const OWN_FILES = new Set(['README.md', 'SHA256SUMS']);

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** `file → sha256` as `SHA256SUMS` lists them. */
export function readChecksums(dir: string): ReadonlyMap<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`${dir}/SHA256SUMS: malformed line ${JSON.stringify(line)}`);
    sums.set(match[2], match[1]);
  }
  return sums;
}

/** `file → sha256` pairs of the README: each table row naming a file in backticks and a 64-digit hex digest. */
function readmeChecksums(readme: string): ReadonlyMap<string, string> {
  const pairs = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const file = /^\| `([^`]+)` \|/.exec(line)?.[1];
    const digest = /\b([0-9a-f]{64})\b/.exec(line)?.[1];
    if (file && digest) pairs.set(file, digest);
  }
  return pairs;
}

/** Everything wrong with a vendored folder: a missing, altered or unlisted file, a README that disagrees. */
export function vendoredProblems(folder: VendoredFolder, root: string = process.cwd()): string[] {
  const dir = path.join(root, folder.dir);
  if (!existsSync(path.join(dir, 'SHA256SUMS'))) return [`${folder.dir}/SHA256SUMS is missing`];
  const sums = readChecksums(dir);
  const problems: string[] = [];
  for (const [file, digest] of sums) {
    const full = path.join(dir, file);
    if (!existsSync(full)) problems.push(`${folder.dir}/${file} is missing`);
    else if (sha256Of(full) !== digest) problems.push(`${folder.dir}/${file} does not match its sha256 (altered?)`);
  }
  for (const file of readdirSync(dir)) {
    if (!OWN_FILES.has(file) && !sums.has(file)) problems.push(`${folder.dir}/${file} is not listed in SHA256SUMS`);
  }
  const readmePath = path.join(dir, 'README.md');
  if (!existsSync(readmePath)) return [...problems, `${folder.dir}/README.md is missing`];
  const readme = readFileSync(readmePath, 'utf8');
  const listed = readmeChecksums(readme);
  for (const [file, digest] of sums) {
    if (listed.get(file) !== digest) problems.push(`${folder.dir}/README.md does not list ${file} with its sha256`);
  }
  for (const file of listed.keys()) if (!sums.has(file)) problems.push(`${folder.dir}/README.md lists ${file}, which SHA256SUMS does not`);
  for (const origin of folder.origins) {
    for (const fact of [origin.repository, origin.commit, origin.license]) {
      if (!readme.includes(fact)) problems.push(`${folder.dir}/README.md does not state ${fact}`);
    }
  }
  return problems;
}

/**
 * The vendored copy of a file cited as `repository@commit:path`, when one of the folders holds that file under the
 * same name; undefined otherwise.
 */
export function vendoredCopy(source: string, root: string = process.cwd()): string | undefined {
  for (const folder of VENDORED_FOLDERS) {
    for (const origin of folder.origins) {
      const prefix = `${origin.repository}@${origin.commit}:${origin.folder}`;
      if (!source.startsWith(prefix)) continue;
      const file = source.slice(prefix.length);
      if (readChecksums(path.join(root, folder.dir)).has(file)) return path.join(root, folder.dir, file);
    }
  }
  return undefined;
}
