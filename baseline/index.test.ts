import { readdirSync } from 'node:fs';
import { baselineSettingsOf } from '../components/conditional-access/section';
import { BASELINE } from './index';

const files = readdirSync(__dirname).filter((f) => /^CA\d{3}-.*\.ts$/.test(f) && !f.endsWith('.test.ts')).sort();
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

test('every CA*.ts file in baseline/ is listed in BASELINE, in policy-id order', () => {
  expect(BASELINE.map((p) => p.id)).toEqual(files.map((f) => f.slice(0, 5)));
});

test('each file is named after its policy: the id, then the start of the title', () => {
  const settings = baselineSettingsOf({});
  const misnamed = BASELINE.map((p, i) => ({ file: files[i]!, name: p.define(settings).displayName }))
    .filter(({ file, name }) => !name.startsWith(`${file.slice(0, 5)} `) || !slug(name).startsWith(slug(file.slice(0, -3))))
    .map(({ file, name }) => `${file}: ${name}`);
  expect(misnamed).toEqual([]);
});
