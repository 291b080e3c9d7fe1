/** A JSON value sent to Microsoft Graph as is (keys keep their Graph camelCase). Strings may be Terraform tokens. */
export type GraphValue = string | number | boolean | null | readonly GraphValue[] | { readonly [key: string]: GraphValue };
export type GraphBody = { readonly [key: string]: GraphValue };
