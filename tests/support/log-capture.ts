import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/log.js';

/** A real pino logger whose lines are kept in memory, so tests can read exactly what would be logged. */
export function captureLog(level = 'info'): { log: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger(level, stream);
  const lines = (): string[] => chunks.join('').split('\n').filter((l) => l.length > 0);
  return { log, lines, text: () => chunks.join('') };
}
