import express, { type Express, type Request, type Response } from 'express';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { createCors } from '../http/cors.js';
import { badRequest, methodNotAllowed, notFound, serverError } from '../outcomes/operation-outcome.js';
import { capabilityStatement } from './capability-statement.js';
import { queryRepository } from './fhir-query.js';
import type { FhirStore } from './fhir-store.js';
import { searchLinks } from './search-links.js';

/**
 * The local FHIR R4 server's HTTP face: read-only `GET /metadata`, `GET /<Type>/<id>`, searches by `GET /<Type>?…`
 * and `POST /<Type>/_search` (form body, merged with the URL's parameters; FHIR R4 "search"), with CORS for a
 * browser on another origin (the CDS Hooks sandbox). Search semantics are medplum's FhirRouter; this file only
 * picks the repository, writes paging links and maps outcomes to HTTP.
 */

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** FHIR R4 resource type names (`[A-Z][A-Za-z]+`); a FHIR id (`[A-Za-z0-9\-.]{1,64}`). */
const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function send(res: Response, status: number, body: FhirResource): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** The base of this server as the client addressed it (Host header), so `next` links stay on the client's origin. */
function baseOf(req: Request, fallback: string): string {
  const host = req.headers.host;
  return host !== undefined && HOST.test(host) ? `http://${host}` : fallback;
}

/** The search parameters of a request: the URL's, plus a form body's on `POST _search`. */
function searchParamsOf(req: Request): URLSearchParams {
  const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  const body: unknown = req.body;
  if (req.method === 'POST' && typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') params.append(name, v);
    }
  }
  return params;
}

export interface FhirAppOptions {
  /** The base used when the Host header is absent or odd, e.g. `http://127.0.0.1:8080`. */
  readonly fallbackBase: () => string;
  /** `CapabilityStatement.date`. */
  readonly startedAt: string;
  readonly resourceTypes: readonly string[];
}

export function createFhirApp(store: FhirStore, options: FhirAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createCors(['*'], { allowPrivateNetwork: true }));

  async function route(res: Response, url: string, repository: ReturnType<FhirStore['repositoryFor']>): Promise<FhirResource | undefined> {
    const answer = await queryRepository(repository, url);
    if (answer.status === 200) return answer.resource;
    send(res, answer.status, answer.resource);
    return undefined;
  }

  async function search(req: Request, res: Response): Promise<void> {
    const type = String(req.params['type']);
    if (!TYPE.test(type)) return send(res, 404, notFound('No such resource type'));
    const params = searchParamsOf(req);
    const answer = await route(res, `${type}?${params.toString()}`, store.repositoryFor(type, params));
    if (answer?.resourceType !== 'Bundle') return;
    const bundle: Bundle = { ...answer, link: searchLinks(answer, baseOf(req, options.fallbackBase()), type, params) };
    send(res, 200, bundle);
  }

  app.get('/metadata', (_req, res) => send(res, 200, capabilityStatement(options.resourceTypes, options.startedAt)));
  app.get('/:type', (req, res, next) => void search(req, res).catch(next));
  app.post(
    '/:type/_search',
    express.urlencoded({ extended: false, type: 'application/x-www-form-urlencoded', limit: '1mb' }),
    (req, res, next) => void search(req, res).catch(next),
  );
  app.get('/:type/:id', (req, res, next) => {
    const type = String(req.params['type']);
    const id = String(req.params['id']);
    if (!TYPE.test(type) || !ID.test(id)) return send(res, 404, notFound('No such resource'));
    route(res, `${type}/${id}`, store.all)
      .then((resource) => resource && send(res, 200, resource))
      .catch(next);
  });
  app.all('/{*rest}', (req, res) => {
    if (req.method === 'GET') return send(res, 404, notFound('No such route'));
    send(res, 405, methodNotAllowed('This FHIR server is read-only: GET, and POST <Type>/_search'));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    send(res, status, status < 500 ? badRequest([{ diagnostics: 'Malformed request' }]) : serverError());
  });
  return app;
}
