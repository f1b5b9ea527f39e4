import type { Knowledge, Threshold, TopicCode, TopicDefinition } from '../knowledge/knowledge-types.js';
import type { LoadedSiteConfig } from './load-site-config.js';

/**
 * The shipped knowledge with a site's changes: a topic switched off runs on no hook (its card disappears, as
 * `runRules` only runs topics declared for the hook); a threshold takes the site's value (same unit and side); the
 * look-backs the site sets replace the shipped ones. The result is a new frozen object; the shipped one is untouched.
 */

/** What a site changed, by id only (no values), for the start-up log line. */
export interface SiteConfigSummary {
  readonly file: string;
  readonly version?: string;
  readonly sha256: string;
  readonly topicsOff: readonly string[];
  readonly thresholds: readonly string[];
  readonly lookbacks: readonly string[];
}

/** Applies a checked site configuration (`loadSiteConfig`). */
export function applySiteConfig(knowledge: Knowledge, site: LoadedSiteConfig | undefined): Knowledge {
  if (site === undefined) return knowledge;
  const { config } = site;
  const topics = Object.fromEntries(
    Object.entries(knowledge.topics).map(([id, topic]): [string, TopicDefinition] => [id, config.topics?.[id]?.enabled === false ? Object.freeze({ ...topic, hooks: [] }) : topic]),
  ) as Record<TopicCode, TopicDefinition>;
  const thresholds = Object.fromEntries(
    Object.entries(knowledge.thresholds).map(([id, threshold]): [string, Threshold] => {
      const change = config.thresholds?.[id];
      return [id, change === undefined ? threshold : Object.freeze({ ...threshold, value: change.value })];
    }),
  );
  return Object.freeze({
    ...knowledge,
    ...config.lookbacks,
    topics: Object.freeze(topics),
    thresholds: Object.freeze(thresholds),
    siteConfig: Object.freeze({ sha256: site.sha256, ...(config.version === undefined ? {} : { version: config.version }) }),
  });
}

/** The ids a site configuration changes, for the start-up log. */
export function summariseSiteConfig(site: LoadedSiteConfig): SiteConfigSummary {
  const { config } = site;
  return {
    file: site.file,
    ...(config.version === undefined ? {} : { version: config.version }),
    sha256: site.sha256,
    topicsOff: Object.entries(config.topics ?? {}).filter(([, t]) => !t.enabled).map(([id]) => id),
    thresholds: Object.keys(config.thresholds ?? {}),
    lookbacks: Object.keys(config.lookbacks ?? {}),
  };
}
