/**
 * npm run whatif -- --env <name> --user <id|persona> --app <...> --client <...> --platform <...> [...]
 * npm run whatif -- --env <name> --prove-break-glass
 * npm run whatif -- --env <name> --scenarios [file]
 * The options and exit codes are documented in analysis/whatif/cli.ts and the README.
 */
import { runWhatIf } from '../analysis/whatif/cli';

process.exitCode = runWhatIf(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
