/**
 * Sourcegate's public API: everything a connector app needs to define a connector and
 * run it as a service.
 */
export type {
  AnyConnector, AuthSuccess, Connector, ConnectorLogger, MetadataEntry, MetadataRequest,
  MetadataType, OperationContext, Outcome, PreflightCheck, PreflightReport,
} from './connector/connector.js';
export { defineCredentials, secretValuesOf } from './connector/credential-spec.js';
export type { CredentialCheck, CredentialSpec } from './connector/credential-spec.js';
export { checkPem } from './connector/pem.js';
export { closeWithin, withSourceSession } from './connector/source-session.js';
export { classifyNetworkError } from './connector/network-failure.js';
export { AUTH_TYPES, SSL_MODES, SqlCredentialsSchema, sqlCredentials } from
  './connector/sql-credentials.js';
export type { AuthType, SqlCredentials, SslMode } from './connector/sql-credentials.js';
export { BUILT_IN_CONNECTOR_NAMES, findConnector } from './connector/registry.js';
export { ERROR_CODES, ERROR_CODE_NAMES, type ErrorCode } from './errors/codes.js';
export type { FieldError, Parsed } from './errors/field-error.js';
export { sourceFailure, SourceFailureError, type SourceFailure } from
  './errors/source-failure.js';
export { redactSecrets } from './errors/redact.js';
export { Deadline, withinDeadline } from './net/deadline.js';
export { systemResolver, type HostResolver } from './net/resolver.js';
export { fetchClientCredentialsToken } from './auth/client-credentials.js';
export { loadConfig, type ServiceConfig } from './config.js';
export { buildService, type ServiceOptions } from './server/app.js';
export { startService, type RunningService, type StartOptions } from './service.js';
export { postgresConnector, postgresPreflight, type PostgresPreflightOptions } from
  './connectors/postgres/index.js';
export { runPreflight } from './connector/preflight-runner.js';
export type { CheckResult, PreflightCheckSpec, PreflightPlan } from
  './connector/preflight-runner.js';
export {
  isTempTable, NO_FILTERS, parseFilters, portableRegexProblem, selectsDatabase, selectsSchema,
} from './filters/index.js';
export type { ExtractionFilters, FilterPattern, FilterRule } from './filters/index.js';
export { mysqlConnector } from './connectors/mysql/index.js';
// The TypeBox that defineCredentials compiles with, so that an app's schema and the
// package's compiler are always the same version.
export { default as Type, type Static } from 'typebox';
// Protection: network policy, connection slots, graceful shutdown (see SECURITY.md).
export { BUILT_IN_DENIED_TARGETS, parseTargetRules, TargetPolicy, type TargetRule } from
  './net/target-policy.js';
export { ConnectionLimiter, OverloadedError } from './net/connection-limiter.js';
export { closeGracefully, installGracefulShutdown } from './server/graceful-shutdown.js';
export { PROTECTION_DEFAULTS } from './config.js';
