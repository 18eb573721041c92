import { postgresConnector } from '../../src/connectors/postgres/index.js';
import { adminClient, credentialsFor, uniqueName } from '../support/service.js';
import { connectorContract } from './connector-contract.js';

connectorContract({
  title: 'PostgreSQL',
  connector: postgresConnector,
  async setUp() {
    const role = uniqueName('contract_user');
    const database = uniqueName('contract_db');
    const password = 'Contract-Pass-31';
    const admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    const good = credentialsFor(role, password, database);

    return {
      good,
      wrongSecret: { body: { ...good, password: 'Wrong-Secret-913' }, secret: 'Wrong-Secret-913',
        fields: ['username', 'password'] },
      pointedAt: (host, port) => ({ ...good, host, port }),
      addressFields: { hostNotFound: ['host'], refused: ['host', 'port'] },
      badBody: { body: { authType: 'kerberos', host: '', port: 70000, username: 'x' },
        fields: ['authType', 'host', 'port', 'password', 'database'] },
      expectedEntry: { TABLE_CATALOG: database, TABLE_SCHEMA: 'public' },
      async tearDown() {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
        await admin.end();
      },
    };
  },
});
