import { parseArgs } from 'node:util';
import { loadServedRecords } from '../fhir-server/served-records.js';
import { startFhirServer } from '../fhir-server/start-fhir-server.js';

/**
 * `npm run fhir -- <bundle or folder>... [--add <file>]... [--port N] [--host H]`: a read-only FHIR R4 server of
 * local patient bundles for the CDS Hooks sandbox and the service's FHIR fallback (README "Try it with the CDS
 * Hooks sandbox").
 */

const USAGE = 'usage: npm run fhir -- <bundle or folder>... [--add <file>]... [--port N] [--host 127.0.0.1]';

/** Where `npm start` serves discovery by default (README "The two commands"). */
const SERVICE_DISCOVERY = 'http://localhost:3000/cds-services';

/** The sandbox pre-configured by its URL parameters (cds-hooks/sandbox README, "Pre-configuration via URL parameters"). */
function sandboxLink(fhirBase: string, patientId: string): string {
  const query = new URLSearchParams({ fhirServiceUrl: fhirBase, patientId, serviceDiscoveryURL: SERVICE_DISCOVERY });
  return `https://sandbox.cds-hooks.org/?${query.toString()}`;
}

function fail(message: string, code = 1): never {
  process.stderr.write(`fhir: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        add: { type: 'string', multiple: true, default: [] },
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err: unknown) {
    fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length === 0) fail(`no bundle given\n${USAGE}`, 2);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer between 0 and 65535\n${USAGE}`, 2);

  const records = loadServedRecords(positionals, values.add);
  const server = await startFhirServer(records, { port, host: values.host });
  process.stdout.write(`FHIR R4 server on ${server.baseUrl} (${records.length} patient${records.length === 1 ? '' : 's'}: ${server.patientIds.join(', ')})\n`);
  process.stdout.write(`CDS Hooks sandbox with the first patient and the service on ${SERVICE_DISCOVERY}:\n  ${sandboxLink(server.baseUrl, server.patientIds[0] ?? '')}\n`);
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
