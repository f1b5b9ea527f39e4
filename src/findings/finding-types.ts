/**
 * Typed clinical facts: what the rules read instead of FHIR. Each finding says where it came from.
 */

/** A code as system + code (display only for people). */
export interface Code {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** Where a finding came from: the resource and its clinically relevant date. */
export interface Provenance {
  readonly resourceType: string;
  readonly id?: string;
  readonly date?: string;
}

/** An active, not refuted, not entered-in-error problem (Condition). */
export interface ProblemFinding {
  readonly codes: readonly Code[];
  /** Human label: `code.text`, else the first coding display, else the first code. */
  readonly label: string;
  /** The recognised `clinicalStatus` code (e.g. `active`), when the Condition carries one. */
  readonly clinicalStatus?: string;
  /** The recognised `verificationStatus` code (e.g. `confirmed`), when the Condition carries one. */
  readonly verification?: string;
  readonly source: Provenance;
}

/** Where a medication finding comes from in the hook. */
export type MedicationOrigin = 'statement' | 'request' | 'draft-order';

/** A current medication (MedicationStatement or MedicationRequest) or a draft medication order. */
export interface MedicationFinding {
  readonly codes: readonly Code[];
  /** Lower-cased names seen on the medication (codeable concept text, coding displays, Medication.code), for the name fallback. */
  readonly names: readonly string[];
  /** Human label for cards. */
  readonly label: string;
  readonly origin: MedicationOrigin;
  /** For draft orders: `MedicationRequest/<id>`, used by suggestions that remove the order. */
  readonly orderRef?: string;
  /** True for a draft order named in `context.selections` (order-select), and for every draft order in order-sign. */
  readonly isSelected: boolean;
  /**
   * Requests and draft orders: the indication the prescriber documented on the order itself (`reasonCode`, and the
   * codes of Conditions named by `reasonReference`). Absent when the order gives none.
   */
  readonly reasonCodes?: readonly Code[];
  readonly source: Provenance;
}

/** A draft non-medication order (ServiceRequest and similar) from `context.draftOrders`. */
export interface OrderFinding {
  readonly codes: readonly Code[];
  readonly label: string;
  /** `ServiceRequest/<id>` etc. */
  readonly orderRef: string;
  /** Codes of the order's `reasonCode` and `reasonReference` Conditions: the indication documented on the order itself. */
  readonly reasonCodes: readonly Code[];
  readonly isSelected: boolean;
  readonly source: Provenance;
}

/** The latest final lab result for one lab of the knowledge base, within the look-back, in the lab's canonical unit. */
export interface LabFinding {
  /** The knowledge lab id, e.g. `ferritin`. */
  readonly labId: string;
  readonly code: Code;
  /** Value in the lab's canonical UCUM unit. */
  readonly value: number;
  readonly unit: string;
  /** As reported, for the card text. */
  readonly reportedValue: number;
  readonly reportedUnit: string;
  /** As reported (`valueQuantity.comparator`): the true value lies beyond `value` this way, e.g. ferritin `<5`. */
  readonly comparator?: '<' | '<=' | '>=' | '>';
  /** Effective date-time (ISO 8601). */
  readonly effective: string;
  readonly source: Provenance;
}

/** A final lab result in the look-back whose unit could not be understood: counted in the request log, no value. */
export interface UnreadableResult {
  readonly labId: string;
}

/** All findings for one request. */
export interface Findings {
  readonly problems: readonly ProblemFinding[];
  readonly medications: readonly MedicationFinding[];
  readonly orders: readonly OrderFinding[];
  /** At most one per lab id: the latest in the look-back. */
  readonly labs: readonly LabFinding[];
  /**
   * Lab ids with a test under way in the look-back: a registered or preliminary result, or an active order
   * (ServiceRequest). Not a value; the workup does not ask for these labs again.
   */
  readonly labsInProgress: readonly string[];
  /** Final results in the look-back whose unit could not be understood; the workup does not ask for these labs again. */
  readonly unreadableResults: readonly UnreadableResult[];
  /** `Patient.birthDate` (FHIR date: YYYY, YYYY-MM or YYYY-MM-DD) when the record has a valid one. */
  readonly birthDate?: string;
}
