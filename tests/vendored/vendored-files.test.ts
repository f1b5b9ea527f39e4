import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VENDORED_FOLDERS, readChecksums, vendoredProblems, type VendoredFolder } from '../support/vendored.js';

// Third-party data is vendored byte for byte: every file of each folder matches SHA256SUMS, nothing unlisted sits
// beside it, and the README names repository, commit, license and the same sha256 of every file.

test.each(VENDORED_FOLDERS.map((folder) => ({ dir: folder.dir, folder })))('$dir: every file matches SHA256SUMS and the README', ({ folder }) => {
  expect(readChecksums(path.resolve(folder.dir)).size).toBeGreaterThan(0);
  expect(vendoredProblems(folder)).toEqual([]);
});

test('the vendored folders hold what the service, the tests and the derivation read', () => {
  const files = (dir: string): string[] => [...readChecksums(path.resolve(dir)).keys()];
  expect(files('fixtures/synthea')).toHaveLength(9);
  expect(files('cds-services/knowledge/sources/vsac')).toEqual(
    expect.arrayContaining(['valueset-2.16.840.1.113883.3.526.3.378.json', 'valueset-payer-prior-auth-codes-sleep-study.json']),
  );
  expect(files('cds-services/knowledge/sources/vsac')).toHaveLength(31);
  expect(files('cds-services/trust')).toEqual(['cds-hooks-sandbox-jwks.json']);
});

describe('the check fails', () => {
  const trust = VENDORED_FOLDERS.find((f) => f.dir === 'cds-services/trust') as VendoredFolder;
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vendored-'));
    cpSync(path.resolve(trust.dir), path.join(root, trust.dir), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const file = (name: string): string => path.join(root, trust.dir, name);

  test('on an altered file', () => {
    appendFileSync(file('cds-hooks-sandbox-jwks.json'), ' ');
    expect(vendoredProblems(trust, root)).toEqual(['cds-services/trust/cds-hooks-sandbox-jwks.json does not match its sha256 (altered?)']);
  });

  test('on a missing file', () => {
    rmSync(file('cds-hooks-sandbox-jwks.json'));
    expect(vendoredProblems(trust, root)).toEqual(['cds-services/trust/cds-hooks-sandbox-jwks.json is missing']);
  });

  test('on a file SHA256SUMS does not list', () => {
    writeFileSync(file('extra.json'), '{}');
    expect(vendoredProblems(trust, root)).toEqual(['cds-services/trust/extra.json is not listed in SHA256SUMS']);
  });

  test('on a README whose checksum or provenance disagrees', () => {
    writeFileSync(file('README.md'), '# Trust\n\n| file | sha256 |\n|---|---|\n| `cds-hooks-sandbox-jwks.json` | ' + '0'.repeat(64) + ' |\n');
    expect(vendoredProblems(trust, root)).toEqual([
      'cds-services/trust/README.md does not list cds-hooks-sandbox-jwks.json with its sha256',
      'cds-services/trust/README.md does not state cds-hooks/sandbox',
      'cds-services/trust/README.md does not state 3b7e25546771c6e7fc5e360aa7db6eb64af0b8b6',
      'cds-services/trust/README.md does not state Apache-2.0',
    ]);
  });
});
