import { postgresConnector } from '../src/connectors/postgres/index.js';
import { loadConfig } from '../src/config.js';
import { startService } from '../src/service.js';
import { freePort, startEmbeddedPostgres } from './embedded-postgres.js';
import { SAMPLE_SCHEMA_SQL } from './sample-schema.js';

// The names and password of the product page's example request, so that its curl works
// as printed.
const DEMO_USER = 'username';
const DEMO_PASSWORD = 'password';
const DEMO_DATABASE = 'databasename';

/**
 * `npm run demo`: an embedded PostgreSQL holding a small sample catalog, and the service
 * in front of it. Ctrl-C stops both.
 */
async function runDemo() {
  console.log('Starting an embedded PostgreSQL (first start takes a few seconds)...');
  const postgres = await startEmbeddedPostgres({ preferredPort: 5432 });
  await createSampleDatabase(postgres);

  const config = loadConfig();
  const port = await freePort(config.port);
  const service = await startService({ connector: postgresConnector, config: { port } });

  printWelcome(postgres.port, service.url);
  stopOnSignal(async () => {
    await service.close();
    await postgres.stop();
  });
}

async function createSampleDatabase(postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>>) {
  const admin = await postgres.admin();
  await admin.query(`CREATE ROLE ${DEMO_USER} LOGIN PASSWORD '${DEMO_PASSWORD}'`);
  await admin.query(`CREATE DATABASE ${DEMO_DATABASE} OWNER ${DEMO_USER}`);
  await admin.end();

  const owner = await postgres.admin(DEMO_DATABASE);
  await owner.query(`SET ROLE ${DEMO_USER}`);
  await owner.query(SAMPLE_SCHEMA_SQL);
  await owner.end();
}

function printWelcome(postgresPort: number, serviceUrl: string) {
  const pageUrl = serviceUrl.replace('127.0.0.1', 'localhost');
  const body = JSON.stringify({ authType: 'basic', host: 'localhost', port: postgresPort,
    username: DEMO_USER, password: DEMO_PASSWORD, database: DEMO_DATABASE }, null, 1)
    .replace(/\n\s*/g, '\n');
  const portNote = postgresPort === 5432 ? [] : [
    `Port 5432 was taken, so the curl below uses ${postgresPort} instead of the product ` +
      "page's 5432.",
  ];
  console.log([
    '',
    `PostgreSQL (embedded) on localhost:${postgresPort}: user ${DEMO_USER}, ` +
      `password ${DEMO_PASSWORD}, database ${DEMO_DATABASE}.`,
    ...portNote,
    `Sourcegate listens on ${serviceUrl}.`,
    `Setup page: ${pageUrl}/   API reference: ${pageUrl}/docs`,
    '',
    'Try it:',
    '',
    `curl -X POST "${pageUrl}/workflows/v1/auth" \\`,
    '-H "Content-Type: application/json" \\',
    `-d '${body}'`,
    '',
    'Press Ctrl-C to stop both.',
  ].join('\n'));
}

function stopOnSignal(stop: () => Promise<void>) {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the service and PostgreSQL...');
    stop().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  // embedded-postgres installs its own signal hooks that exit with 130 after stopping
  // the server; the demo stops both itself, in order, and exits 0.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}

runDemo().catch((error: unknown) => {
  console.error('The demo could not start:', error);
  process.exit(1);
});
