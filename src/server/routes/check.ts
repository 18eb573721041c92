import Type from 'typebox';

import type { AnyConnector, OperationContext } from '../../connector/connector.js';
import { isPlainObject } from '../../connector/credential-spec.js';
import type { FieldError, Parsed } from '../../errors/field-error.js';
import type { ExtractionFilters } from '../../filters/extraction-filters.js';
import { parseFilters } from '../../filters/parse-filters.js';
import { BadRequestSchema, badRequest, ErrorObjectSchema, UnauthorizedSchema } from
  '../answers.js';
import type { ServiceRoutes } from '../service-routes.js';
import { describeTarget } from './auth.js';
import { notImplemented, NotImplementedSchema, type WorkflowAnswer } from './metadata.js';

const CHECK_KEYS = ['credentials', 'metadata'];

/**
 * Reads a check body: `credentials` parsed by the connector (errors named
 * `credentials.port`) and `metadata` by the filters module (`metadata.include-filter`).
 * Every bad field of both comes back in one list.
 */
export function parseCheckBody(connector: AnyConnector, body: unknown):
  Parsed<{ credentials: unknown; filters: ExtractionFilters }> {
  if (!isPlainObject(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }

  const errors: FieldError[] = Object.keys(body).filter((key) => !CHECK_KEYS.includes(key))
    .map((key) => ({ field: key, message: 'is not a known field' }));
  const credentials = body.credentials === undefined
    ? { ok: false as const, errors: [{ field: 'credentials', message: 'is required' }] }
    : connector.credentials.parse(body.credentials, 'credentials.');
  const filters = parseFilters(body.metadata, 'metadata.');
  if (!credentials.ok) errors.push(...credentials.errors);
  if (!filters.ok) errors.push(...filters.errors);

  if (!credentials.ok || !filters.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { credentials: credentials.value, filters: filters.value } };
}

/** Answers a check request the way POST /workflows/v1/check does: 200 once checks ran. */
export async function answerCheck(connector: AnyConnector, body: unknown,
  context: OperationContext): Promise<WorkflowAnswer> {
  if (!connector.preflight) return notImplemented(connector, 'preflight checks');

  const parsed = parseCheckBody(connector, body);
  if (!parsed.ok) return { status: 400, body: badRequest(parsed.errors) };

  const report = await connector.preflight(parsed.value.credentials, parsed.value.filters,
    context);
  return { status: 200, body: { success: report.success, data: report.data } };
}

const FilterWireSchema = Type.Union([
  Type.Record(Type.String(), Type.Union([Type.Literal('*'), Type.Array(Type.String())])),
  Type.String({ description: 'The same object as a string of JSON.' }),
], { description: 'Database regex to a list of schema regexes, or "*" for all schemas.' });

const CheckSchema = Type.Object({
  success: Type.Boolean(),
  mandatory: Type.Boolean(),
  durationMs: Type.Integer(),
  successMessage: Type.String(),
  failureMessage: Type.String(),
  skipped: Type.Optional(Type.Boolean({ description: 'Not run: authentication failed.' })),
  error: Type.Optional(ErrorObjectSchema),
}, { additionalProperties: true, description: 'One check; some carry more, such as tableCount.' });

/** POST /workflows/v1/check: is everything ready for an extraction run? */
export function registerCheckRoute({ app, connector, contextFor, skipValidation }: ServiceRoutes) {
  app.post('/workflows/v1/check', {
    validatorCompiler: skipValidation,
    schema: {
      summary: 'Run preflight checks',
      description: 'Authentication, databases and schemas, table count, server version and ' +
        'permissions against the filters. 200 whenever the checks could run; `success` is ' +
        'true when every mandatory check passed. See docs/metadata-and-check.md.',
      tags: ['workflows'],
      body: Type.Object({
        credentials: connector.credentials.wireSchema,
        metadata: Type.Optional(Type.Object({
          'include-filter': Type.Optional(FilterWireSchema),
          'exclude-filter': Type.Optional(FilterWireSchema),
          'temp-table-regex': Type.Optional(Type.String({ examples: ['^tmp_'] })),
        }, { additionalProperties: true })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          success: Type.Boolean(),
          data: Type.Record(Type.String(), CheckSchema),
        }),
        400: BadRequestSchema,
        401: UnauthorizedSchema,
        501: NotImplementedSchema,
      },
    },
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const answer = await answerCheck(connector, body, contextFor(request));
    request.log.info({ ...describeTarget(body?.credentials), status: answer.status,
      passed: answer.body.success }, 'check answered');
    return reply.code(answer.status as 200).send(answer.body);
  });
}
