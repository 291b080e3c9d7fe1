/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The dashboard as a reader sees it: every sample environment's page rendered by a real
 * headless Chromium (the system one, Debian's `chromium`; .ci/run installs it), checked for
 * the matrix, the cards, the stage colours as computed, dark mode, no horizontal overflow at
 * 1280 px, and screenshotted to cdktf.out/report-screenshots/<env>.png for review.
 *
 * Without Chromium the suite is skipped, and its name says why.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runReport } from '../../cli/report';
import { synthesize } from '../../cli/synth';
import { REPO_ROOT, SAMPLE_DIR } from '../../__tests__/helpers/synth';

const SAMPLE_ENVIRONMENTS: readonly string[] = readdirSync(SAMPLE_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();

const CHROMIUM = [process.env.PERIMETER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const SCREENSHOTS = join(REPO_ROOT, 'cdktf.out', 'report-screenshots');

jest.setTimeout(120_000);

const suite = CHROMIUM ? describe : describe.skip;

suite(`the dashboard in a real browser${CHROMIUM ? '' : ' (skipped: no Chromium at /usr/bin/chromium; apt-get install -y chromium, or set PERIMETER_CHROMIUM)'}`, () => {
  let browser: Browser;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'perimeter-dashboard-')), 'cdktf.out');
    synthesize({ environmentsDir: SAMPLE_DIR, outdir });
    const dir = mkdtempSync(join(tmpdir(), 'perimeter-dashboard-html-'));
    for (const env of SAMPLE_ENVIRONMENTS) {
      const html = runReport(['--env', env, '--format', 'html', '--outdir', outdir, '--environments', SAMPLE_DIR]).stdout!;
      const file = join(dir, `${env}.html`);
      writeFileSync(file, html);
      pages.set(env, file);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => browser?.close());

  async function open(env: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, offline: true });
    const page = await context.newPage();
    // Self-contained: any request the page makes (a font, a script, a CDN) fails the test.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(`file://${pages.get(env)!}`);
    expect(requests).toEqual([]);
    return page;
  }

  test.each([...SAMPLE_ENVIRONMENTS])('%s: the matrix, one card per policy, coloured stages, no overflow at 1280 px', async (env) => {
    const page = await open(env);
    const seen = await page.evaluate(() => {
      const matrix = document.querySelector('table.matrix')!;
      const box = matrix.getBoundingClientRect();
      const colour = (selector: string) => {
        const el = document.querySelector(selector);
        return el ? getComputedStyle(el).backgroundColor : undefined;
      };
      return {
        headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
        columns: [...matrix.querySelectorAll('thead th')].map((th) => th.textContent),
        matrixRows: matrix.querySelectorAll('tbody tr').length,
        matrixVisible: box.width > 0 && box.height > 0,
        cards: document.querySelectorAll('#policies ~ .cards article.card, section[aria-labelledby="policies"] article.card').length,
        policiesHeading: document.querySelector('#policies')!.textContent,
        enabled: colour('td.stage-enabled'),
        reportOnly: colour('td.stage-report-only'),
        off: colour('td.stage-off'),
        verdict: document.querySelector('.verdict')!.textContent,
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      };
    });
    expect(seen.headings.slice(0, 5)).toEqual([
      expect.stringMatching(/^Policies by stage \(\d+\)$/),
      'Break-glass lockout proof',
      expect.stringMatching(/^Guardrails: \d+ warnings?, \d+ suppressions?$/),
      'Rings and policies',
      expect.stringMatching(/^Conditional Access policies \(\d+\)$/),
    ]);
    expect(seen.columns.map((c) => c?.replace(/ring \d+$/, '').trim())).toEqual(['Policy', ...SAMPLE_ENVIRONMENTS].map((n) => (n === env ? `${n} (this report)` : n)));
    expect(seen.matrixVisible).toBe(true);
    const policies = Number(/\((\d+)\)/.exec(seen.policiesHeading!)![1]);
    expect(seen.cards).toBe(policies);
    expect(seen.matrixRows).toBeGreaterThanOrEqual(policies);
    // The light palette: green enabled, amber report-only (and grey off, where a policy is off).
    expect(seen.enabled).toBe('rgb(218, 251, 225)');
    expect(seen.reportOnly).toBe('rgb(255, 241, 194)');
    if (seen.off !== undefined) expect(seen.off).toBe('rgb(234, 238, 242)');
    expect(seen.verdict).toBe('PROVED');
    expect(seen.scrollWidth).toBeLessThanOrEqual(seen.clientWidth);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${env}.png`), fullPage: true });
    await page.context().close();
  });

  test('dark mode is dark, and stages stay distinguishable', async () => {
    const page = await open('prod', 'dark');
    const seen = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      enabled: getComputedStyle(document.querySelector('td.stage-enabled')!).backgroundColor,
      reportOnly: getComputedStyle(document.querySelector('td.stage-report-only')!).backgroundColor,
    }));
    expect(seen).toEqual({ body: 'rgb(13, 17, 23)', text: 'rgb(230, 237, 243)', enabled: 'rgb(18, 54, 31)', reportOnly: 'rgb(59, 46, 5)' });
    await page.context().close();
  });

  test('it prints: a PDF of the page is produced with its cards', async () => {
    const page = await open('prod');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.context().close();
  });
});
