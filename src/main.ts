#!/usr/bin/env node
import { exitAfterFailedStart, serve } from './cli/serve.js';

/**
 * `npm start`: serves the built-in connector named by SOURCEGATE_CONNECTOR. The same
 * start-up as `sourcegate serve`, shared through src/cli/serve.ts.
 */
serve().catch(exitAfterFailedStart);
