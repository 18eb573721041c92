import Type from 'typebox';

import { isPlainObject } from '../../connector/credential-spec.js';
import type { AnyConnector, MetadataEntry, MetadataRequest, MetadataType, OperationContext } from
  '../../connector/connector.js';
import type { FieldError, Parsed } from '../../errors/field-error.js';
import { BadRequestSchema, badRequest, SourceFailureSchema, sourceFailed,
  UnauthorizedSchema } from '../answers.js';
import type { ServiceRoutes } from '../service-routes.js';
import { describeTarget } from './auth.js';

const METADATA_TYPES: readonly MetadataType[] = ['all', 'database', 'schema'];

/** A status and body, so that the route and the CLI answer alike. */
export interface WorkflowAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> & { success: boolean };
}

export const NotImplementedSchema = Type.Object({
  success: Type.Literal(false),
  message: Type.String(),
}, { description: 'This connector does not offer the operation.' });

/**
 * Reads a metadata body: the connector's credential fields plus optional `type`.
 * Every bad field, `type` included, comes back in one list.
 */
export function parseMetadataBody(connector: AnyConnector, body: unknown):
  Parsed<{ credentials: unknown; request: MetadataRequest }> {
  const { type, ...rest } = isPlainObject(body) ? body : { type: undefined };
  const errors: FieldError[] = [];
  if (type !== undefined && !METADATA_TYPES.includes(type as MetadataType)) {
    errors.push({ field: 'type', message: `must be one of: ${METADATA_TYPES.join(', ')}` });
  }

  const credentials = connector.credentials.parse(isPlainObject(body) ? rest : body);
  if (!credentials.ok) errors.push(...credentials.errors);
  const database = isPlainObject(rest) && typeof rest.database === 'string'
    ? rest.database : undefined;
  if (type === 'schema' && database === undefined && !errors.some((e) => e.field === 'database')) {
    errors.push({ field: 'database', message: 'is required when type is schema' });
  }

  if (!credentials.ok || errors.length > 0) return { ok: false, errors };
  const request: MetadataRequest = { type: (type as MetadataType | undefined) ?? 'all',
    ...(database === undefined ? {} : { database }) };
  return { ok: true, value: { credentials: credentials.value, request } };
}

/** Answers a metadata request the way POST /workflows/v1/metadata does. */
export async function answerMetadata(connector: AnyConnector, body: unknown,
  context: OperationContext): Promise<WorkflowAnswer> {
  if (!connector.fetchMetadata) return notImplemented(connector, 'metadata retrieval');

  const parsed = parseMetadataBody(connector, body);
  if (!parsed.ok) return { status: 400, body: badRequest(parsed.errors) };

  const outcome = await connector.fetchMetadata(parsed.value.credentials, parsed.value.request,
    context);
  if (!outcome.ok) return { status: 500, body: sourceFailed(outcome.failure) };
  return { status: 200, body: { success: true, data: outcome.value } };
}

export function notImplemented(connector: AnyConnector, what: string): WorkflowAnswer {
  return { status: 501, body: { success: false,
    message: `The ${connector.displayName} connector does not implement ${what}.` } };
}

/** POST /workflows/v1/metadata: what can be selected for extraction? */
export function registerMetadataRoute({ app, connector, contextFor,
  skipValidation }: ServiceRoutes) {
  const wire = connector.credentials.wireSchema;
  app.post('/workflows/v1/metadata', {
    validatorCompiler: skipValidation,
    schema: {
      summary: 'List databases and schemas',
      description: `Lists what ${connector.displayName} offers for extraction, for a ` +
        'selection tree. System schemas are left out. See docs/metadata-and-check.md and ' +
        'docs/connectors.md.',
      tags: ['workflows'],
      body: Type.Object({
        ...wire.properties,
        type: Type.Optional(Type.Enum([...METADATA_TYPES], { default: 'all', description:
          '"database": databases only; "schema": the schemas of `database`; "all": both.' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          success: Type.Literal(true),
          data: Type.Array(Type.Object({
            TABLE_CATALOG: Type.String({ examples: ['sales'] }),
            TABLE_SCHEMA: Type.Optional(Type.String({ examples: ['public'] })),
          })),
        }),
        400: BadRequestSchema,
        401: UnauthorizedSchema,
        500: SourceFailureSchema,
        501: NotImplementedSchema,
      },
    },
  }, async (request, reply) => {
    const answer = await answerMetadata(connector, request.body, contextFor(request));
    const data = answer.body.data as MetadataEntry[] | undefined;
    request.log.info({ ...describeTarget(request.body), status: answer.status,
      entries: data?.length }, 'metadata answered');
    return reply.code(answer.status as 200).send(answer.body);
  });
}
