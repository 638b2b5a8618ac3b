// A pool worker in a browser (pool-worker-main.mjs does the work).
import { parentChannel } from './browser-workers.mjs';
import { runPoolWorker } from './pool-worker-main.mjs';

runPoolWorker(parentChannel());
