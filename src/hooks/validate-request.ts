import { Ajv } from 'ajv';
import type { Bundle, Resource } from 'fhir/r4.js';
import { badRequest, OperationOutcomeError } from '../outcomes/operation-outcome.js';
import { toOutcomeDetails } from './ajv-errors.js';
import type { HookContext, HookName, HookRequest, ServiceDefinition } from './hook-types.js';
import { contextSchemas, hookRequestSchema } from './request-schema.js';

/** A request that passed validation, with its typed context. */
export interface ValidatedHookCall {
  readonly request: HookRequest;
  readonly context: HookContext;
}

interface RawContext {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  readonly selections?: readonly string[];
  readonly draftOrders?: Bundle;
}

/** Compiles the request and context schemas once; returns the validator used on every call. */
export function createHookRequestValidator(): (body: unknown, service: ServiceDefinition) => ValidatedHookCall {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const isHookRequest = ajv.compile<HookRequest>(hookRequestSchema);
  const contextValidators = {
    'patient-view': ajv.compile<RawContext>(contextSchemas['patient-view']),
    'order-select': ajv.compile<RawContext>(contextSchemas['order-select']),
    'order-sign': ajv.compile<RawContext>(contextSchemas['order-sign']),
  } as const;

  return (body, service) => {
    if (!isHookRequest(body)) throw new OperationOutcomeError(badRequest(toOutcomeDetails(isHookRequest.errors)));
    if (body.hook !== service.hook) {
      throw new OperationOutcomeError(
        badRequest([{ diagnostics: `hook must be '${service.hook}' for service '${service.id}'`, expression: 'hook' }]),
      );
    }
    const isContext = contextValidators[service.hook];
    if (!isContext(body.context)) {
      throw new OperationOutcomeError(badRequest(toOutcomeDetails(isContext.errors, 'context')));
    }
    return { request: body, context: toHookContext(service.hook, body.context) };
  };
}

function toHookContext(hook: HookName, raw: RawContext): HookContext {
  const draftOrders: Resource[] = (raw.draftOrders?.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  return {
    hook,
    patientId: raw.patientId,
    userId: raw.userId,
    ...(raw.encounterId ? { encounterId: raw.encounterId } : {}),
    selections: hook === 'order-select' ? (raw.selections ?? []) : [],
    draftOrders: hook === 'patient-view' ? [] : draftOrders,
  };
}
