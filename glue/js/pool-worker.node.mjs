// A pool worker in Node (pool-worker-main.mjs does the work).
import { parentChannel, garbageCollector } from './platform.node.mjs';
import { runPoolWorker } from './pool-worker-main.mjs';

runPoolWorker(parentChannel(), garbageCollector());
