/**
 * The one place the project imports the CDK for Terraform core library. CDKTF is deprecated
 * upstream; a switch to its community fork changes this file (and the provider imports),
 * nothing else.
 */
export {
  Annotations,
  App,
  Aspects,
  AzurermBackend,
  LocalBackend,
  TerraformOutput,
  TerraformDataSource,
  TerraformResource,
  TerraformProvider,
  TerraformStack,
  /** @public used by tests: Testing.synth of one stack */
  Testing,
  Token,
} from 'cdktf';
export type { IAspect, ITerraformDependable, TerraformResourceLifecycle } from 'cdktf';
export { Construct } from 'constructs';
export type { IConstruct } from 'constructs';

/**
 * cdktf records a full, unlimited-depth stack trace for every token it creates (about 1,300
 * per environment here), only to print it should that token later fail to resolve, which is
 * a programming error, not a user one. Capturing them costs a quarter of synth time, and
 * several times that under jest, whose source-map support maps every frame. perimeter turns
 * the capture off; a resolution error still names the token and the construct path.
 */
function disableTokenCreationStacks(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
    stackTrace.captureStackTrace = () => [];
  } catch {
    // A cdktf (or fork) without this module simply keeps its default behaviour.
  }
}
disableTokenCreationStacks();
