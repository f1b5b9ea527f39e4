import type { Resource } from 'fhir/r4.js';

/** The hooks this service answers (CDS Hooks Library, hookVersion 1.0). */
export type HookName = 'patient-view' | 'order-select' | 'order-sign';

export const HOOK_NAMES: readonly HookName[] = ['patient-view', 'order-select', 'order-sign'];

/** CDS Hooks 2.0 `fhirAuthorization` (spec: "Passing the Access Token to the CDS Service"). */
export interface FhirAuthorization {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in: number;
  readonly scope: string;
  readonly subject: string;
  readonly patient?: string;
}

/** A CDS Hooks 2.0 service request as validated by the request schema; context and prefetch are still loose. */
export interface HookRequest {
  readonly hook: string;
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  readonly context: Record<string, unknown>;
  readonly prefetch?: Record<string, unknown>;
  readonly extension?: Record<string, unknown>;
}

/** The context every hook shares, normalised: order hooks add their draft orders. */
export interface HookContext {
  readonly hook: HookName;
  readonly patientId: string;
  readonly userId: string;
  readonly encounterId?: string;
  /** `Type/id` references of the selected orders (order-select only; empty otherwise). */
  readonly selections: readonly string[];
  /** Resources of `context.draftOrders` (order-select and order-sign; empty for patient-view). */
  readonly draftOrders: readonly Resource[];
}

/** A discovery entry, as stored in `cds-services/services.json`. */
export interface ServiceDefinition {
  readonly id: string;
  readonly hook: HookName;
  readonly title: string;
  readonly description: string;
  readonly usageRequirements?: string;
  readonly prefetch: Readonly<Record<string, string>>;
}
