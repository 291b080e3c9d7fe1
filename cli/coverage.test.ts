import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPerimeterError } from '../core/problems';
import { SAMPLE_DIR } from '../__tests__/helpers/synth';
import { runCoverage } from './coverage';
import { synthesize } from './synth';

describe('npm run coverage', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), 'perimeter-coverage-cli-')), 'cdktf.out');
    synthesize({ environmentsDir: SAMPLE_DIR, outdir });
  });
  afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }));
  const run = (...argv: string[]) => runCoverage([...argv, '--outdir', outdir, '--environments', SAMPLE_DIR]);

  test('--json prints one object: invariants with id, verdict and gaps of { sentence, region }, and the matrix', () => {
    const r = run('--env', 'prod', '--json');
    // prod enforces only part of its baseline yet: an invariant FAILS, which is a finding.
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.stdout!) as Record<string, any>;
    expect(json.environment).toBe('prod');
    expect(json.invariants.map((i: any) => i.id)).toEqual([
      'member-mfa', 'privileged-phishing-resistant', 'legacy-blocked', 'guest-mfa', 'device-code-blocked', 'unmanaged-bounded-session',
    ]);
    for (const inv of json.invariants) {
      expect(['PROVED', 'FAILS']).toContain(inv.verdict);
      expect(inv.verdict === 'PROVED').toBe(inv.gaps.length === 0);
      for (const gap of inv.gaps) {
        expect(typeof gap.sentence).toBe('string');
        expect(Object.keys(gap.region)).toEqual(['persona', 'app', 'client', 'platform', 'location', 'device', 'signInRisk', 'userRisk', 'flow']);
        for (const values of Object.values(gap.region)) expect((values as string[]).length).toBeGreaterThan(0);
      }
    }
    expect(json.matrix.members['Office365 (its other apps)']).toBe('mfa');
    expect(json.matrix['guests (b2bCollaborationGuest)']['any other app']).toBe('mfa');
    for (const row of Object.values(json.matrix)) for (const cell of Object.values(row as object)) expect(['block', 'phishingResistant', 'mfa', 'device', 'passwordChange', 'nothing']).toContain(cell);
  });

  test('Markdown by default, HTML with the coloured matrix to --out', () => {
    const md = run('--env', 'dev');
    expect(md.stdout!.startsWith('# Coverage of dev\n')).toBe(true);
    expect(md.stdout).toContain('## Weakest control per persona and app (enforced policies)');
    const file = join(outdir, '..', 'dev-coverage.html');
    const html = run('--env', 'dev', '--format', 'html', '--out', file);
    expect(html.stdout).toBe(`wrote ${file}\n`);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<title>Coverage of dev</title>');
    expect(page).toMatch(/<td style="background:#[0-9a-f]{6}">MFA<\/td>/);
    expect(page).not.toMatch(/<script|src=|href=/i);
  });

  test('without --env: every synthesized environment in turn', () => {
    const r = run();
    expect(r.exitCode).toBe(1);
    expect(r.stdout!.match(/^# Coverage of \S+$/gm)).toEqual(['# Coverage of dev', '# Coverage of prod']);
  });

  test('bad arguments are clear errors', () => {
    const message = (...argv: string[]) => {
      try {
        run(...argv);
      } catch (e) {
        if (isPerimeterError(e)) return e.message;
        throw e;
      }
      throw new Error('expected an error');
    };
    expect(message('--env', 'prod', '--json', '--format', 'html')).toContain('--json and --format are alternatives');
    expect(message('--env', 'nosuch')).toContain('does not exist (environment "nosuch")');
    expect(message('--json')).toContain('--json, --format and --out are for one environment; give --env <name>');
  });
});
