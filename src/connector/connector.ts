import type { SourceFailure } from '../errors/source-failure.js';
import type { HostResolver } from '../net/resolver.js';
import type { CredentialSpec } from './credential-spec.js';

/** What a handler returns: the value, or a classified failure. Never an exception. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: SourceFailure };

/** The slice of a pino logger the SDK uses; any pino child logger fits. */
export interface ConnectorLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

/**
 * Everything a handler may use besides the credentials. Built afresh for every request
 * by the service, so nothing of one request is visible to another.
 */
export interface OperationContext {
  /** Time allowed for reaching and authenticating to the source (DNS, TLS, login). */
  readonly connectTimeoutMs: number;
  /** Time allowed for one catalog query or one preflight check. */
  readonly queryTimeoutMs: number;
  /**
   * Turns the requested host into the addresses that may be dialled, in order. The
   * service's version resolves through the injected resolver and applies the network
   * policy; it throws a SourceFailureError (HOST_NOT_FOUND, TARGET_NOT_ALLOWED).
   */
  readonly resolveTarget: (host: string, port: number) => Promise<readonly string[]>;
  /**
   * Waits for a free connection slot to the target and returns the function that frees
   * it. Connectors call it around every connection they open, so that the service can
   * bound the connections in flight per source. Throws when no slot frees in time.
   */
  readonly acquireConnection: (target: ConnectionTarget) => Promise<() => void>;
  /** Resolver for host names other than the source's, such as an OAuth token endpoint. */
  readonly resolver: HostResolver;
  readonly logger?: ConnectorLogger;
}

/** A source account at an address: the unit connections are counted by. */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
}

export interface AuthSuccess {
  readonly message: string;
}

/** A row of the selection tree, with the contract's upper-case wire names. */
export interface MetadataEntry {
  readonly TABLE_CATALOG: string;
  readonly TABLE_SCHEMA?: string;
}

export type MetadataType = 'all' | 'database' | 'schema';

export interface MetadataRequest {
  readonly type: MetadataType;
  /** Required when type is `schema`. */
  readonly database?: string;
}

/**
 * A connector app: one credential schema and the handlers that answer the service's
 * three questions. Handlers are stateless; each call gets its input and returns output.
 */
export interface Connector<C = unknown, F = unknown> {
  /** Short lower-case name, used by SOURCEGATE_CONNECTOR and in logs. */
  readonly name: string;
  /** Name people read in the API reference and the setup page. */
  readonly displayName: string;
  readonly credentials: CredentialSpec<C>;
  /** Reachability, TLS, authentication and database access; touches no data. */
  testAuth(credentials: C, context: OperationContext): Promise<Outcome<AuthSuccess>>;
  /** What can be selected for extraction. */
  fetchMetadata?(
    credentials: C,
    request: MetadataRequest,
    context: OperationContext,
  ): Promise<Outcome<MetadataEntry[]>>;
  /** Preflight checks against the chosen filters; always returns a report. */
  preflight?(credentials: C, filters: F, context: OperationContext): Promise<PreflightReport>;
}

/** One check of a preflight report, with the contract's wire names. */
export interface PreflightCheck {
  success: boolean;
  mandatory: boolean;
  durationMs: number;
  successMessage: string;
  failureMessage: string;
  skipped?: boolean;
  error?: { code: string; fields: readonly string[]; hint: string };
  [detail: string]: unknown;
}

export interface PreflightReport {
  success: boolean;
  data: Record<string, PreflightCheck>;
}

/**
 * A connector whose credential type the caller does not know, as the service holds it:
 * it only hands each connector the value that connector's own schema parsed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConnector = Connector<any, any>;
