import { runCommand } from '../config/cli';
import { runReport } from '../analysis/report';

runCommand(() => runReport(process.argv.slice(2)));
