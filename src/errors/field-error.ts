/** One offending request field in a 400 answer, named in dotted form. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A parse result: either the typed value or every field that was wrong with it. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };
