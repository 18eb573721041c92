import Type from 'typebox';

import type { FieldError } from '../errors/field-error.js';
import type { SourceFailure } from '../errors/source-failure.js';

/** The contract's 400 body: every offending field, named, with what is wrong with it. */
export function badRequest(errors: readonly FieldError[]) {
  const names = [...new Set(errors.map((error) => error.field))];
  return {
    success: false as const,
    message: `Invalid request: ${names.join(', ')}`,
    errors,
  };
}

/** The contract's 500 body for a source that could not be reached or said no. */
export function sourceFailed(failure: SourceFailure) {
  return {
    success: false as const,
    message: failure.message,
    error: { code: failure.code, fields: failure.fields, hint: failure.hint },
  };
}

export const ErrorObjectSchema = Type.Object({
  code: Type.String({ description: 'One of the codes in docs/error-codes.md.' }),
  fields: Type.Array(Type.String(), { description: 'Request fields the failure points at.' }),
  hint: Type.String({ description: 'What to change.' }),
});

export const BadRequestSchema = Type.Object({
  success: Type.Literal(false),
  message: Type.String(),
  errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
}, { description: 'Malformed body: every offending field is listed.' });

export const UnauthorizedSchema = Type.Object({
  success: Type.Literal(false),
  message: Type.String({ examples: ['Missing or invalid authentication token'] }),
}, { description: 'The service requires an API token and the request had no valid one.' });

export const SourceFailureSchema = Type.Object({
  success: Type.Literal(false),
  message: Type.String({ description: 'One sentence a person can act on.' }),
  error: ErrorObjectSchema,
}, { description: 'The source could not be reached or refused the credentials.' });
