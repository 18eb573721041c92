// In an app of your own this import reads: from 'sourcegate'.
import type { Connector, ExtractionFilters } from '../../../src/index.js';
import { restCredentials, type RestCredentials } from './credentials.js';
import { fetchRestMetadata, testRestAuth } from './handler.js';
import { restPreflight } from './preflight.js';

/**
 * A connector for the inventory REST API: one folder, one credential schema, three
 * handlers. The service learns everything else (routes, OpenAPI, logging, limits)
 * from the package.
 */
export const restApiConnector: Connector<RestCredentials, ExtractionFilters> = Object.freeze({
  name: 'inventory-api',
  displayName: 'Inventory REST API',
  credentials: restCredentials,
  testAuth: testRestAuth,
  fetchMetadata: fetchRestMetadata,
  preflight: restPreflight,
});
