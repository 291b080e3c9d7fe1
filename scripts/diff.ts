import { runCommand } from '../config/cli';
import { runDiff } from '../analysis/diff';

runCommand(() => runDiff(process.argv.slice(2)));
