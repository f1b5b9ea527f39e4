import { setTimeout as sleep } from 'node:timers/promises';
import type nock from 'nock';
import { EHR_BASE, ehrServer } from './nock-fhir-server.js';

/**
 * A nock EHR FHIR server whose every answer is held `delayMs` after its request arrives, and which records when each
 * request arrived and was answered. A request's wave is 1 + the highest wave among the requests answered before it
 * arrived: requests sent together, before any answer, are wave 1; a request that had to wait for an answer (a next
 * page, a Medication named by an answer) is one wave later than the latest answer it could have waited for.
 */

/** One route: the query relative to the FHIR base, exactly as the service must send it, and its answer. */
export interface WaveRoute {
  readonly query: string;
  readonly status?: number;
  readonly body: unknown;
}

export interface WaveServer {
  readonly scope: nock.Scope;
  /** The queries of each wave, in arrival order (index 0 is wave 1). */
  waves(): string[][];
}

interface WaveEvent {
  readonly kind: 'arrive' | 'answer';
  readonly query: string;
}

function queryOf(uri: string): string {
  const path = new URL(EHR_BASE).pathname;
  return decodeURIComponent(uri.startsWith(`${path}/`) ? uri.slice(path.length + 1) : uri);
}

/** Serves `routes` (each once) on the EHR base. */
export function serveInWaves(routes: readonly WaveRoute[], delayMs = 40): WaveServer {
  const events: WaveEvent[] = [];
  const scope = ehrServer();
  const basePath = new URL(EHR_BASE).pathname;
  for (const route of routes) {
    scope.get(`${basePath}/${route.query}`).reply(async (uri): Promise<[number, string, Record<string, string>]> => {
      events.push({ kind: 'arrive', query: queryOf(uri) });
      await sleep(delayMs);
      events.push({ kind: 'answer', query: queryOf(uri) });
      return [route.status ?? 200, JSON.stringify(route.body), { 'content-type': 'application/fhir+json' }];
    });
  }
  return {
    scope,
    waves: () => {
      const waveOf = new Map<string, number>();
      let latestAnswered = 0;
      for (const event of events) {
        if (event.kind === 'arrive') waveOf.set(event.query, latestAnswered + 1);
        else latestAnswered = Math.max(latestAnswered, waveOf.get(event.query) ?? 0);
      }
      const waves: string[][] = [];
      for (const [query, wave] of waveOf) (waves[wave - 1] ??= []).push(query);
      return waves;
    },
  };
}
