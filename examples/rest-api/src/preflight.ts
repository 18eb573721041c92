// In an app of your own this import reads: from 'sourcegate'.
import {
  type ExtractionFilters, isTempTable, type OperationContext, type PreflightCheckSpec,
  type PreflightReport, runPreflight, selectsSchema, sourceFailure,
} from '../../../src/index.js';
import { authorisedGet, listResources, type ResourceList } from './api-client.js';
import type { RestCredentials } from './credentials.js';

/** The oldest API version whose /resources answer this connector reads. */
const MINIMUM_API_MAJOR = 2;

/**
 * The five preflight checks for the inventory API. The package's runner runs the
 * authentication check first, skips the others when it fails, runs them concurrently
 * under their own time limits and assembles the report. HTTP has no session to share:
 * each check makes its own requests, and the resource list is read once for all.
 */
export function restPreflight(
  credentials: RestCredentials,
  filters: ExtractionFilters,
  context: OperationContext,
): Promise<PreflightReport> {
  let listing: Promise<ResourceList> | undefined;
  const resources = () => (listing ??= listResources(credentials, context));
  const selected = async () => {
    const { api, names } = await resources();
    return names.filter((name) => selectsSchema(filters, api, name));
  };

  const check = (name: string, run: PreflightCheckSpec['run']): PreflightCheckSpec =>
    ({ name, run });
  return runPreflight({
    timeoutMs: context.queryTimeoutMs,
    logger: context.logger,
    authentication: check('authenticationCheck', async () => {
      await authorisedGet(credentials, 'me', context);
      return { success: true, message: `Signed in to ${new URL(credentials.baseUrl).host}` };
    }),
    session: [
      check('databaseSchemaCheck', async () => {
        const chosen = await selected();
        if (chosen.length > 0) {
          return { success: true, message: `${chosen.length} resources match the filters` };
        }
        return { success: false, failure: sourceFailure('DATABASE_NOT_FOUND', {
          message: 'No resource of the API matches the filters.',
          hint: 'Filters map the API name to resource names, such as {"^inventory$": "*"}.',
          fields: ['metadata.include-filter'] }) };
      }),
      check('tablesCheck', async () => {
        const tableCount = (await selected()).filter((name) => !isTempTable(filters, name))
          .length;
        return { success: true, details: { tableCount },
          message: `${tableCount} resources would be extracted` };
      }),
      check('versionCheck', async () => {
        const { version } = await resources();
        if (Number(version.split('.')[0]) >= MINIMUM_API_MAJOR) {
          return { success: true, message: `Inventory API ${version}`, details: { version } };
        }
        return { success: false, details: { version }, failure: sourceFailure('SOURCE_ERROR', {
          message: `The API reports version "${version}"; version ${MINIMUM_API_MAJOR} or ` +
            'later is needed.', hint: 'Point baseUrl at a current API release.',
          fields: ['baseUrl'] }) };
      }),
      check('permissionsCheck', async () => {
        const chosen = await selected();
        for (const name of chosen) {
          await authorisedGet(credentials, `resources/${encodeURIComponent(name)}`, context);
        }
        return { success: true, message: `All ${chosen.length} selected resources are readable` };
      }),
    ],
  });
}
