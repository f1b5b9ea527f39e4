import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Runs Debian's `wrk` (its own process, one thread) with bench/post.lua and reads the line the script prints. */

/** What one wrk run measured. */
export interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Connect, read, write errors, timeouts and answers with status ≥ 400. */
  readonly errors: number;
}

interface WrkLine {
  readonly requests: number;
  readonly durationUs: number;
  readonly connectErrors: number;
  readonly readErrors: number;
  readonly writeErrors: number;
  readonly statusErrors: number;
  readonly timeouts: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
}

const SCRIPT = path.resolve('bench', 'post.lua');

/** The BENCH-JSON line of wrk's output as a result; throws when it is missing. */
export function parseWrkOutput(output: string): WrkResult {
  const line = output.split('\n').find((l) => l.startsWith('BENCH-JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  const w = JSON.parse(line.slice('BENCH-JSON '.length)) as WrkLine;
  const ms = (us: number): number => Math.round(us / 10) / 100;
  return {
    requests: w.requests,
    rps: w.durationUs > 0 ? Math.round((w.requests / w.durationUs) * 1e7) / 10 : 0,
    p50Ms: ms(w.p50Us),
    p99Ms: ms(w.p99Us),
    maxMs: ms(w.maxUs),
    meanMs: ms(w.meanUs),
    errors: w.connectErrors + w.readErrors + w.writeErrors + w.statusErrors + w.timeouts,
  };
}

/** One run of `seconds` at `connections` against `url`, posting the file `bodyFile`. */
export function runWrk(url: string, bodyFile: string, connections: number, seconds: number): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', SCRIPT, url, '--', bodyFile];
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`wrk exited with ${code}:\n${output}`));
      else {
        try {
          resolve(parseWrkOutput(output));
        } catch (err: unknown) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  });
}

/** The body file's size in KiB, for the table. */
export const kibOf = (file: string): number => Math.round(readFileSync(file).length / 1024);
