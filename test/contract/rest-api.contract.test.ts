import { restApiConnector } from '../../examples/rest-api/src/index.js';
import { INVENTORY_ACCOUNTS, startInventoryApi } from
  '../../examples/rest-api/test/inventory-api.js';
import { connectorContract } from './connector-contract.js';

connectorContract({
  title: 'Inventory REST API (examples/rest-api)',
  connector: restApiConnector,
  async setUp() {
    const api = await startInventoryApi();
    const good = { authType: 'basic', baseUrl: api.baseUrl, ...INVENTORY_ACCOUNTS.basic };

    return {
      good,
      wrongSecret: { body: { ...good, password: 'Wrong-Secret-913' }, secret: 'Wrong-Secret-913',
        fields: ['username', 'password'] },
      pointedAt: (host, port) => ({ ...good, baseUrl: `http://${host}:${port}/v1` }),
      addressFields: { hostNotFound: ['baseUrl'], refused: ['baseUrl'] },
      badBody: { body: { authType: 'kerberos', baseUrl: 'not a url', password: 7 },
        fields: ['authType', 'baseUrl', 'password'] },
      expectedEntry: { TABLE_CATALOG: 'inventory', TABLE_SCHEMA: 'items' },
      tearDown: () => api.close(),
    };
  },
});
