// The app's entry file: `node dist/examples/rest-api/src/main.js` after `npm run build`.
// PORT, HOST, SOURCEGATE_API_TOKEN and the other settings come from the environment.
// In an app of your own this import reads: from 'sourcegate'.
import { startService } from '../../../src/index.js';
import { restApiConnector } from './index.js';

export const service = await startService({ connector: restApiConnector });
console.log(`inventory API connector listening on ${service.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    service.close().then(() => process.exit(0), () => process.exit(1));
  });
}
