// In an app of your own this import reads: from 'sourcegate'.
import type { Connector } from '../../../src/index.js';
import { restCredentials, type RestCredentials } from './credentials.js';
import { fetchRestMetadata, testRestAuth } from './handler.js';

/**
 * A connector for the inventory REST API: one folder, one credential schema, two
 * handlers. The service learns everything else (routes, OpenAPI, logging, limits)
 * from the package.
 */
export const restApiConnector: Connector<RestCredentials> = Object.freeze({
  name: 'inventory-api',
  displayName: 'Inventory REST API',
  credentials: restCredentials,
  testAuth: testRestAuth,
  fetchMetadata: fetchRestMetadata,
});
