// Every temporary directory a test makes goes into one folder per run, removed at the end
// (tests create many: environments, outdirs, git repositories).
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-jest-'));
  process.env.PERIMETER_TEST_TMP_PARENT = process.env.TMPDIR ?? '';
  process.env.TMPDIR = dir;
  process.env.PERIMETER_TEST_TMP = dir;
};
