import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import request from 'supertest';
import { expectCdsResponse } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { SERVICE } from '../support/hook-requests.js';

// GET /admin/governance in Debian's Chromium through playwright-core, over real HTTP on loopback: the bars d3 drew
// carry the report's numbers, the page without the token is refused, the comment is shown here (and only here),
// d3 comes from this server (no CDN). The screenshot is kept in test-artifacts/ (git-ignored).

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TOKEN = 'admin-token-for-tests-0123456789';
const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';

test('the admin page draws per-topic bars with the report numbers, shows the comment, and refuses a call without the token', async () => {
  const place = governanceDir();
  const profile = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  const { app, governance } = await governanceApp(place.file, { CDS_ADMIN_TOKEN: TOKEN }, new Date());
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  let context: BrowserContext | undefined;
  try {
    // Two patient-view calls; the workup card of the first accepted, its leaning overridden with a comment.
    const body = () => ({ ...(loadRequestFixture('patient-view-cramps-no-labs.json') as object), hookInstance: crypto.randomUUID() });
    const first = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(body())).cards;
    expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(body()));
    const workup = first.find((c) => c.source.topic.code === 'workup-labs');
    const leaning = first.find((c) => c.source.topic.code === 'cramp-vs-rls');
    const feedback = [
      { card: workup?.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: workup?.suggestions?.[0]?.uuid }], outcomeTimestamp: new Date().toISOString() },
      { card: leaning?.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'diagnosis-clarified' }, userComment: 'Rule <b>ignores</b> the history' }, outcomeTimestamp: new Date().toISOString() },
    ];
    expect((await request(app).post(`/cds-services/${PV}/feedback`).send({ feedback })).status).toBe(204);
    await governance.flush();

    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    expect((await fetch(`${base}/admin/governance`)).status).toBe(401);
    expect((await fetch(`${base}/admin/governance`, { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).toBe(401);
    expect((await request(app).get('/cds-services')).text).not.toContain('admin');

    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000, extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    const page = context.pages()[0] ?? (await context.newPage());
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) outside.push(r.url());
    });
    await page.goto(`${base}/admin/governance`);
    await page.waitForSelector('body[data-drawn="true"]', { timeout: 10_000 });
    const bars = await page.$$eval('#bars rect.bar', (els) => els.map((e) => [e.getAttribute('data-topic'), e.getAttribute('data-series'), Number(e.getAttribute('data-value')), Number(e.getAttribute('height'))]));
    const bar = (topic: string, series: string) => bars.find((b) => String(b[0]).startsWith(`${topic} `) && b[1] === series);
    expect([bar('workup-labs', 'accepted')?.[2], bar('workup-labs', 'overridden')?.[2], bar('workup-labs', 'noFeedback')?.[2]]).toEqual([1, 0, 1]);
    expect([bar('cramp-vs-rls', 'accepted')?.[2], bar('cramp-vs-rls', 'overridden')?.[2], bar('cramp-vs-rls', 'noFeedback')?.[2]]).toEqual([0, 1, 1]);
    // Drawn, not only labelled: a bar of 1 has height, a bar of 0 has none.
    expect([Number(bar('workup-labs', 'accepted')?.[3]) > 0, bar('workup-labs', 'overridden')?.[3]]).toEqual([true, 0]);
    const row = await page.$$eval('#report tr[data-topic="cramp-vs-rls"] td', (els) => els.map((e) => e.textContent));
    expect(row.slice(3, 9)).toEqual(['2', '0', '0', '1', '0', '1']);
    expect(await page.$$eval('#trend path.trend', (els) => els.length)).toBe(3);
    expect(await page.textContent('#comments')).toContain('Rule <b>ignores</b> the history');
    expect(outside).toEqual([]);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: path.join('test-artifacts', 'admin-governance.png'), fullPage: true });
  } finally {
    await context?.close();
    server.close();
    await governance.close();
    rmSync(profile, { recursive: true, force: true });
    place.remove();
  }
});
