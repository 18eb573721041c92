import { mysqlConnector } from '../../src/connectors/mysql/index.js';
import {
  accountHost, mariadbAdmin, mysqlCredentialsFor, probeMariadb, uniqueMysqlName,
} from '../support/mariadb.js';
import { connectorContract } from './connector-contract.js';

const probe = await probeMariadb();

connectorContract({
  title: 'MySQL (MariaDB)',
  connector: mysqlConnector,
  ...(probe.available ? {} : { unavailable: probe.reason }),
  async setUp() {
    if (!probe.available) throw new Error(probe.reason);
    const server = probe.server;
    const user = uniqueMysqlName('sg_contract');
    const database = uniqueMysqlName('sg_contract_db');
    const password = 'Contract-Pass-31';
    const account = accountHost(server);
    const admin = await mariadbAdmin(server);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`CREATE USER '${user}'@'${account}' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${user}'@'${account}'`);
    const good = mysqlCredentialsFor(server, user, password, database);

    return {
      good,
      wrongSecret: { body: { ...good, password: 'Wrong-Secret-913' }, secret: 'Wrong-Secret-913',
        fields: ['username', 'password'] },
      pointedAt: (host, port) => ({ ...good, host, port }),
      addressFields: { hostNotFound: ['host'], refused: ['host', 'port'] },
      badBody: { body: { authType: 'kerberos', host: '', port: 70000, username: 'x' },
        fields: ['authType', 'host', 'port', 'password', 'database'] },
      expectedEntry: { TABLE_CATALOG: 'def', TABLE_SCHEMA: database },
      async tearDown() {
        await admin.query(`DROP USER IF EXISTS '${user}'@'${account}'`);
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.end();
      },
    };
  },
});
