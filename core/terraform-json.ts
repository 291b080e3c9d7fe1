/** The shape of a synthesized stack, `cdktf.out/stacks/<env>/cdk.tf.json`, as Terraform JSON. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly terraform?: Readonly<Record<string, unknown>>;
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
}
