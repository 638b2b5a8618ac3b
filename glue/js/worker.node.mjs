// The runtime's worker in Node (worker-main.mjs does the work).
import * as platform from './platform.node.mjs';
import { runRuntimeWorker } from './worker-main.mjs';

runRuntimeWorker(platform.parentChannel(), platform);
