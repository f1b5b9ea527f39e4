import { isObject } from '../gather/fhir-resource-guards.js';
import { ReplayError } from './replay-error.js';

/**
 * The target service's own discovery (`GET {base}/cds-services`, CDS Hooks 2.0 "Discovery"): which service
 * answers which hook, and the prefetch templates an EHR would fill for it.
 */

export interface DiscoveredService {
  readonly id: string;
  readonly hook: string;
  readonly prefetch: Readonly<Record<string, string>>;
}

function serviceOf(value: unknown): DiscoveredService | undefined {
  if (!isObject(value) || typeof value['id'] !== 'string' || typeof value['hook'] !== 'string') return undefined;
  const prefetch = isObject(value['prefetch']) ? value['prefetch'] : {};
  const templates = Object.fromEntries(Object.entries(prefetch).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { id: value['id'], hook: value['hook'], prefetch: templates };
}

export async function discoverServices(baseUrl: string): Promise<DiscoveredService[]> {
  let body: unknown;
  try {
    const res = await fetch(`${baseUrl}/cds-services`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new ReplayError(`${baseUrl}/cds-services answered HTTP ${res.status}`);
    body = await res.json();
  } catch (err: unknown) {
    if (err instanceof ReplayError) throw err;
    throw new ReplayError(`no CDS Hooks discovery at ${baseUrl}/cds-services (${err instanceof Error ? err.message : String(err)})`);
  }
  const services = isObject(body) && Array.isArray(body['services']) ? body['services'].map(serviceOf) : [];
  return services.filter((s): s is DiscoveredService => s !== undefined);
}

/** The service for a hook; none is a one-line error naming the hooks there are. */
export function serviceForHook(services: readonly DiscoveredService[], hook: string): DiscoveredService {
  const service = services.find((s) => s.hook === hook);
  if (!service) throw new ReplayError(`the service has no ${hook} service (it has: ${services.map((s) => s.hook).join(', ') || 'none'})`);
  return service;
}
