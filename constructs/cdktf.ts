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
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformProvider,
  TerraformStack,
  Testing,
  Token,
} from 'cdktf';
export type { IAspect, ITerraformDependable, TerraformResourceLifecycle } from 'cdktf';
export { Construct } from 'constructs';
export type { IConstruct } from 'constructs';
