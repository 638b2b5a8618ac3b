// The runtime's worker in a browser (worker-main.mjs does the work).
import * as platform from './platform.browser.mjs';
import { parentChannel } from './browser-workers.mjs';
import { runRuntimeWorker } from './worker-main.mjs';

runRuntimeWorker(parentChannel(), platform);
