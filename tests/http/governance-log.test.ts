import request from 'supertest';
import { expectCdsResponse } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// Clinical governance reviews which cards were accepted or overridden. Feedback names a card only by its uuid,
// so the request line of a service call lists each card's uuid and topic, and the feedback line carries the
// same uuid with the outcome: joined on the uuid, the log says "cramp-vs-rls overridden: diagnosis-clarified".
// dimensions: outcome (accepted with suggestions, overridden with a reason and a comment) · reason (offered by our
// cards; a code no card offers; an offered code under another system) · the join on uuid

interface LogLine {
  readonly msg: string;
  readonly [key: string]: unknown;
}

const { app, logLines } = testApp();
const linesWith = (msg: string): LogLine[] => logLines().map((l) => JSON.parse(l) as LogLine).filter((l) => l.msg === msg);

test('the request line lists each card uuid with its topic, and feedback lines carry the uuid, outcome and reason', async () => {
  const call = loadRequestFixture('patient-view-cramps-no-labs.json') as { hookInstance: string };
  const cards = expectCdsResponse(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(call)).cards;
  const byTopic = new Map(cards.map((card) => [card.source.topic.code, card]));
  const workup = byTopic.get('workup-labs');
  const leaning = byTopic.get('cramp-vs-rls');
  const firstSuggestion = workup?.suggestions?.[0]?.uuid;
  expect([workup, leaning, firstSuggestion].every((x) => x !== undefined)).toBe(true);

  const requestLine = linesWith('request').find((l) => l.hookInstance === call.hookInstance);
  const rawRequestLine = logLines().find((l) => l.includes(call.hookInstance)) ?? '';
  expect([requestLine?.name, requestLine?.service, rawRequestLine.match(/"service":/g)?.length]).toEqual(['leg-cramps-cds', SERVICE['patient-view'], 1]);
  expect(requestLine?.cards).toEqual(cards.map((card) => ({ uuid: card.uuid, topic: card.source.topic.code })));

  const feedback = {
    feedback: [
      { card: workup?.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: firstSuggestion }], outcomeTimestamp: '2026-11-20T12:01:00Z' },
      {
        card: leaning?.uuid,
        outcome: 'overridden',
        // The reason as the card offered it (system and code), and a comment that must stay out of the log.
        overrideReason: { reason: leaning?.overrideReasons?.[0], userComment: 'free text stays out of the log' },
        outcomeTimestamp: '2026-11-20T12:01:05Z',
      },
      // A code no card offers, typed by hand into the EHR: logged as a fixed marker, never as written.
      { card: leaning?.uuid, outcome: 'overridden', overrideReason: { reason: { code: 'pt Jane Doe refuses' } }, outcomeTimestamp: '2026-11-20T12:01:06Z' },
      // An offered code under another system is not ours.
      { card: leaning?.uuid, outcome: 'overridden', overrideReason: { reason: { system: 'http://example.org/reasons', code: 'diagnosis-clarified' } }, outcomeTimestamp: '2026-11-20T12:01:07Z' },
    ],
  };
  const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}/feedback`).send(feedback);
  expect([res.status, res.text]).toEqual([204, '']);

  const topicOf = new Map(cards.map((card) => [card.uuid, card.source.topic.code]));
  const reviewed = linesWith('feedback').map((l) => ({
    topic: topicOf.get(String(l.card)),
    service: l.service,
    outcome: l.outcome,
    acceptedSuggestions: l.acceptedSuggestions,
    overrideReason: l.overrideReason,
  }));
  expect(reviewed).toEqual([
    { topic: 'workup-labs', service: SERVICE['patient-view'], outcome: 'accepted', acceptedSuggestions: [firstSuggestion], overrideReason: undefined },
    { topic: 'cramp-vs-rls', service: SERVICE['patient-view'], outcome: 'overridden', acceptedSuggestions: undefined, overrideReason: 'diagnosis-clarified' },
    { topic: 'cramp-vs-rls', service: SERVICE['patient-view'], outcome: 'overridden', acceptedSuggestions: undefined, overrideReason: 'unlisted' },
    { topic: 'cramp-vs-rls', service: SERVICE['patient-view'], outcome: 'overridden', acceptedSuggestions: undefined, overrideReason: 'unlisted' },
  ]);
  expect(logLines().join('\n')).not.toContain('free text');
  expect(logLines().join('\n')).not.toContain('Jane Doe');
});
