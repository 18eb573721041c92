import { compareSamples, type FigureResult } from './report.js';
import { BARE_SCRIPT, SERVICE_SCRIPT, startServer } from './server-process.js';

/**
 * Figure 4: from spawning `node dist/src/main.js` to its first 200 on /server/ready,
 * beside the same for a bare Fastify server with only that route. Spawns alternate.
 */
export async function measureColdStart(spawns: number): Promise<FigureResult> {
  const serviceMs: number[] = [];
  const baselineMs: number[] = [];
  const once = async (script: string, into: number[]) => {
    const server = await startServer(script);
    into.push(server.startMs);
    await server.stop();
  };

  // One spawn each first, so the file cache holds both module trees before timing.
  await once(SERVICE_SCRIPT, []);
  await once(BARE_SCRIPT, []);
  for (let i = 0; i < spawns; i += 1) {
    if (i % 2 === 0) {
      await once(SERVICE_SCRIPT, serviceMs);
      await once(BARE_SCRIPT, baselineMs);
    } else {
      await once(BARE_SCRIPT, baselineMs);
      await once(SERVICE_SCRIPT, serviceMs);
    }
  }

  return {
    figure: '4. Cold start: spawn to first 200 on /server/ready',
    rows: [compareSamples('service vs bare Fastify', 'ms', 'cost', serviceMs, baselineMs)],
  };
}
