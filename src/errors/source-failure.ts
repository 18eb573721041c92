import { ERROR_CODES, type ErrorCode } from './codes.js';

/**
 * A classified failure to reach or use a source. It is a value, not an exception:
 * handlers return it, and the service turns it into the contract's `error` object.
 * `cause` keeps the driver's original error for logs; it never reaches a response.
 */
export interface SourceFailure {
  readonly code: ErrorCode;
  /** One sentence a person can act on, naming the host, user or database that was tried. */
  readonly message: string;
  /** Request fields the failure points at, in dotted form (`extra.ssl_mode`). */
  readonly fields: readonly string[];
  readonly hint: string;
  readonly cause?: unknown;
}

export interface SourceFailureInit {
  message: string;
  hint?: string;
  fields?: readonly string[];
  cause?: unknown;
}

/** Builds a failure, taking the catalogue's fields and fix where the caller gives none. */
export function sourceFailure(code: ErrorCode, init: SourceFailureInit): SourceFailure {
  const entry = ERROR_CODES[code];
  return {
    code,
    message: init.message,
    fields: init.fields ?? entry.fields,
    hint: init.hint ?? entry.fix,
    cause: init.cause,
  };
}

/** Thrown inside a connector to carry a classified failure up to its handler. */
export class SourceFailureError extends Error {
  readonly failure: SourceFailure;

  constructor(failure: SourceFailure) {
    super(failure.message, { cause: failure.cause });
    this.name = 'SourceFailureError';
    this.failure = failure;
  }
}

export function isSourceFailureError(error: unknown): error is SourceFailureError {
  return error instanceof SourceFailureError;
}
