import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TopicCode, TopicDefinition } from '../../src/knowledge/knowledge-types.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';

/** The shipped topics.json (hooks and variants of each topic), for hand-built test knowledge. */
const file = JSON.parse(readFileSync(path.resolve('cds-services', 'knowledge', 'topics.json'), 'utf8')) as Record<string, TopicDefinition>;

export const SHIPPED_TOPICS: Readonly<Record<TopicCode, TopicDefinition>> = Object.fromEntries(
  TOPIC_CODES.map((topic) => {
    const definition = file[topic];
    if (definition === undefined) throw new Error(`topics.json has no ${topic}`);
    return [topic, definition];
  }),
) as Record<TopicCode, TopicDefinition>;

/** The variants a topic's card must have (topics.json). */
export function cardVariants(topic: TopicCode): readonly string[] {
  return SHIPPED_TOPICS[topic].variants;
}
