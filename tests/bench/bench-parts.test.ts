import { benchPatients, bySize, shiftDates } from '../../bench/bodies.js';
import type { Comparison, TargetSummary } from '../../bench/compare.js';
import { markdownOf, type BenchResults } from '../../bench/report.js';
import { spreadOf, type Spread } from '../../bench/stats.js';
import { parseWrkOutput } from '../../bench/wrk.js';

// The benchmark's own arithmetic (bench/): what it reads from wrk, how it summarises rounds, how it moves dates, and
// what its report writes.
// No timing is asserted anywhere: performance is reported by `npm run bench`, never tested.

describe('parseWrkOutput', () => {
  const line =
    'BENCH-JSON {"requests":2500,"durationUs":5000000,"connectErrors":1,"readErrors":0,"writeErrors":0,"statusErrors":3,"timeouts":2,"p50Us":1250,"p99Us":9876,"maxUs":20000,"meanUs":1500.5}';

  it('reads requests per second, latencies in ms and every kind of error from the line bench/post.lua prints', () => {
    expect(parseWrkOutput(`Running 5s test @ http://127.0.0.1:1/x\n${line}\n`)).toEqual({
      requests: 2500,
      rps: 500,
      p50Ms: 1.25,
      p99Ms: 9.88,
      maxMs: 20,
      meanMs: 1.5,
      errors: 6,
    });
  });

  it('throws, quoting the output, when wrk printed no result line', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/wrk printed no result:\nunable to connect/);
  });
});

describe('spreadOf', () => {
  it('gives the median, lowest and highest of the rounds', () => {
    expect(spreadOf([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spreadOf([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spreadOf([])).toEqual({ median: 0, min: 0, max: 0 });
  });
});

describe('shiftDates', () => {
  it('moves every full date by whole days and keeps each value’s time, zone and format', () => {
    const shifted = shiftDates(
      { effectiveDateTime: '2019-12-31T23:10:00+01:00', issued: '2019-12-31T22:10:00.123Z', birthDate: '1950-03-01', year: '2019', code: '2019-12-31x' },
      2,
    );
    expect(shifted).toEqual({ effectiveDateTime: '2020-01-02T23:10:00+01:00', issued: '2020-01-02T22:10:00.123Z', birthDate: '1950-03-03', year: '2019', code: '2019-12-31x' });
  });
});

describe('bySize', () => {
  it('names the benchmark patients by the size of their typical prefetch: the smallest, Parker, the largest', async () => {
    const { small, medium, large } = await bySize(benchPatients(new Date('2026-12-01T00:00:00Z')));
    expect([small.name, medium.name, large.name]).toEqual(['Angelic', 'Parker', 'Donnell']);
  });

  it('refuses an empty list of patients', async () => {
    await expect(bySize([])).rejects.toThrow('no Synthea patients in fixtures/synthea');
  });
});

describe('markdownOf', () => {
  const spread = (median: number): Spread => ({ median, min: median, max: median });
  const summary = (name: string, rps: number): TargetSummary => ({
    name,
    rps: spread(rps),
    p50Ms: spread(1),
    p99Ms: spread(2),
    meanMs: spread(1),
    cpuMsPerRequest: spread(1),
    errors: 0,
    requests: 100,
    peakRssMib: 100,
    runs: [],
  });
  const comparison: Comparison = {
    scenario: 'typical small (Angelic)',
    connections: 1,
    bodyKib: 26,
    subject: summary('service', 500),
    reference: summary('bare', 1000),
    rpsRatio: spread(0.5),
    subjectStages: { answered: 42, stagesUs: { validate: 10, gather: 70, cards: 120 }, requestUs: 1200 },
  };
  const results = (targets: BenchResults['targets']): BenchResults => ({
    date: '2026-12-02',
    node: 'v20.20.2',
    cpus: 2,
    quick: false,
    timing: { seconds: 5, rounds: 3 },
    comparisons: [comparison],
    targets,
  });

  it("writes the service's own stage table with the stages that ran, their sum and the request, and no targets table without targets", () => {
    const text = markdownOf(results([]));
    expect(text).toContain('| Scenario | c | answered | validate | gather | cards | stages | request |\n|---|---|---|---|---|---|---|---|\n| typical small (Angelic) | 1 | 42 | 10 | 70 | 120 | 200 | 1200 |\n');
    expect(text).not.toContain('Targets (issue 11');
  });

  it('writes the targets table when the run checked targets', () => {
    expect(markdownOf(results([{ target: 'start-up to ready < 1 s', measured: '791 ms', holds: true }]))).toContain('| Target | Measured | Holds |\n|---|---|---|\n| start-up to ready < 1 s | 791 ms | yes |\n');
  });
});
