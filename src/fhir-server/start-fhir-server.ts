import type { AddressInfo } from 'node:net';
import { createFhirApp } from './fhir-app.js';
import { createFhirStore, type ServedRecord } from './fhir-store.js';

/** The local FHIR server listening: its base URL (no trailing slash) and how to stop it. */
export interface RunningFhirServer {
  readonly baseUrl: string;
  readonly patientIds: readonly string[];
  close(): Promise<void>;
}

export interface FhirServerOptions {
  /** 0 (the default) for an ephemeral port. */
  readonly port?: number;
  /** The listening address; loopback by default (the records may be anyone's). */
  readonly host?: string;
}

/** Loads the records and listens. */
export async function startFhirServer(records: readonly ServedRecord[], options: FhirServerOptions = {}): Promise<RunningFhirServer> {
  const store = await createFhirStore(records);
  const host = options.host ?? '127.0.0.1';
  let baseUrl = `http://${host}:${options.port ?? 0}`;
  const resourceTypes = [...new Set(records.flatMap((r) => r.resources.map((resource) => resource.resourceType)))];
  const app = createFhirApp(store, { fallbackBase: () => baseUrl, startedAt: new Date().toISOString(), resourceTypes });
  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    patientIds: store.patientIds,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
