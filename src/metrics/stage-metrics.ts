import { Histogram } from 'prom-client';
import { metricsRegistry } from './registry.js';

/** The stages of a hook call, as the request log's `stages` names them; `authenticate` is the EHR JWT check. */
export const STAGES = ['validate', 'authenticate', 'gather', 'findings', 'rules', 'governance', 'cards'] as const;
export type Stage = (typeof STAGES)[number];

/** Stages take tens of microseconds (rules) to the deadline (gather from a slow FHIR server). */
const BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export const stageDuration = new Histogram({
  name: 'cds_stage_duration_seconds',
  help: 'Time each stage of a hook call took (validate, authenticate, gather, findings, rules, governance, cards); a failed authentication or gather included',
  labelNames: ['stage'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

const children = new Map(STAGES.map((stage) => [stage, stageDuration.labels(stage)]));

/** Records that `stage` took `ms` milliseconds. */
export function observeStage(stage: Stage, ms: number): void {
  children.get(stage)?.observe(ms / 1000);
}
