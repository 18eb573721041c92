import pino from 'pino';

import { type ServiceConfig, loadConfig, PROTECTION_DEFAULTS } from '../config.js';
import type { AnyConnector, OperationContext } from '../connector/connector.js';
import { BUILT_IN_CONNECTOR_NAMES, findConnector } from '../connector/registry.js';
import { ConnectionLimiter } from '../net/connection-limiter.js';
import { systemResolver } from '../net/resolver.js';
import { TargetPolicy } from '../net/target-policy.js';
import { badRequest, sourceFailed } from '../server/answers.js';
import { operationContext } from '../server/operation-context.js';
import { answerCheck } from '../server/routes/check.js';
import { answerMetadata, type WorkflowAnswer } from '../server/routes/metadata.js';
import type { Command } from './cli-options.js';
import { InputError } from './cli-input.js';

/**
 * Answers one command in-process, exactly as the HTTP route would: same parsing, same
 * handlers, and an operation context built from the same configuration (timeouts,
 * network policy, connection limits). Nothing is logged unless LOG_LEVEL asks for it,
 * and then to stderr.
 */
export async function answerCommand(command: Exclude<Command, 'serve'>, body: unknown,
  connectorName: string | undefined): Promise<WorkflowAnswer> {
  const config = loadConfig();
  const connector = await findConnector(connectorName ?? config.connector);
  if (!connector) {
    const known = BUILT_IN_CONNECTOR_NAMES.join(', ');
    throw new InputError(`the connector must be one of ${known}`);
  }

  const context = cliContext(config, process.env.LOG_LEVEL ? config.logLevel : 'silent');
  switch (command) {
    case 'auth':
      return answerAuth(connector, body, context);
    case 'metadata':
      return answerMetadata(connector, body, context);
    case 'check':
      return answerCheck(connector, body, context);
  }
}

/** 0 when everything passed, 1 when the source said no, 2 for bad input. */
export function exitCodeOf(answer: WorkflowAnswer): number {
  if (answer.status === 400 || answer.status === 501) return 2;
  return answer.status === 200 && answer.body.success ? 0 : 1;
}

async function answerAuth(connector: AnyConnector, body: unknown,
  context: OperationContext): Promise<WorkflowAnswer> {
  const parsed = connector.credentials.parse(body);
  if (!parsed.ok) return { status: 400, body: badRequest(parsed.errors) };

  const outcome = await connector.testAuth(parsed.value, context);
  if (!outcome.ok) return { status: 500, body: sourceFailed(outcome.failure) };
  return { status: 200, body: { success: true, message: outcome.value.message } };
}

function cliContext(config: ServiceConfig, logLevel: string): OperationContext {
  const protection = { ...PROTECTION_DEFAULTS, ...config };
  const logger = pino({ level: logLevel }, pino.destination(2));
  return operationContext({
    connectTimeoutMs: config.connectTimeoutMs,
    queryTimeoutMs: config.queryTimeoutMs,
    resolver: systemResolver,
    policy: new TargetPolicy(protection.allowedTargets, protection.deniedTargets),
    limiter: new ConnectionLimiter({
      maxPerTarget: protection.maxConnectionsPerTarget,
      maxQueuedPerTarget: protection.maxQueuedPerTarget,
      maxWaitMs: protection.queueTimeoutMs,
    }),
  }, logger);
}
