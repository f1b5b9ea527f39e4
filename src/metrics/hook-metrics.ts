import { Counter } from 'prom-client';
import { childrenBy } from './children.js';
import { metricsRegistry } from './registry.js';

/** What hook calls answered: cards sent by topic and indicator, and resources of another patient dropped. */

export const cardsSent = new Counter({
  name: 'cds_cards_total',
  help: 'Cards sent, by service, topic (the card source topic code of cds-services/knowledge) and indicator',
  labelNames: ['service', 'topic', 'indicator'] as const,
  registers: [metricsRegistry],
});

export const wrongPatientDropped = new Counter({
  name: 'cds_wrong_patient_resources_dropped_total',
  help: 'Resources in prefetch or FHIR answers that belonged to another patient than context.patientId, dropped before the rules',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

const cardSeries = childrenBy((service: string, topic: string, indicator: string) => cardsSent.labels(service, topic, indicator));
const droppedSeries = childrenBy((service: string) => wrongPatientDropped.labels(service));

/** Counts the cards of one answer; `topic` and `indicator` come from our own knowledge, never from the EHR. */
export function countCards(service: string, cards: readonly { readonly source: { readonly topic: { readonly code: string } }; readonly indicator: string }[]): void {
  for (const card of cards) cardSeries(service, card.source.topic.code, card.indicator).inc();
}

/** Counts resources of another patient that gather dropped (nothing when none was). */
export function countWrongPatientDropped(service: string, dropped: number): void {
  if (dropped > 0) droppedSeries(service).inc(dropped);
}
