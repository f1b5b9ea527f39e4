import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadServiceRegistry } from '../hooks/service-registry.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { startInProcessService } from '../replay/in-process-service.js';
import { collectCards } from './collect-cards.js';
import { loadFixturePatients, loadFixtureRequests } from './fixture-files.js';
import { renderReport } from './render-report.js';

export interface CardsReportOptions {
  /** Folder the page is written to (created when missing). */
  readonly outDir: string;
  /** The clock the rules judge look-backs by. */
  readonly now: Date;
  readonly knowledgeDir: string;
  readonly fixturesDir: string;
}

/** The file name of the page inside `outDir`. */
export const REPORT_FILE = 'cards-report.html';

/**
 * Starts the service in-process, asks it for the cards of every fixture patient and order-hook request file, and
 * writes the review page. Returns the page's path.
 */
export async function writeCardsReport(options: CardsReportOptions): Promise<string> {
  const knowledge = loadKnowledge(options.knowledgeDir);
  const patients = loadFixturePatients(path.join(options.fixturesDir, 'patients'));
  const requests = loadFixtureRequests(path.join(options.fixturesDir, 'requests'));
  const service = await startInProcessService({ knowledgeDir: options.knowledgeDir, now: () => options.now });
  try {
    const reviewed = await collectCards({ baseUrl: service.baseUrl, knowledge, now: options.now, patients, requests });
    const html = renderReport(
      {
        knowledgeVersion: knowledge.version,
        servicesVersion: loadServiceRegistry(options.knowledgeDir).version,
        asOf: options.now,
        generatedAt: new Date(),
        patients: reviewed,
      },
      knowledge.leaningExtensionKey,
    );
    mkdirSync(options.outDir, { recursive: true });
    const file = path.join(options.outDir, REPORT_FILE);
    writeFileSync(file, html);
    return file;
  } finally {
    await service.close();
  }
}
