// The GPU worker in a browser (worker-main.mjs does the work): the worker's navigator.gpu.
import { parentChannel } from '../browser-workers.mjs';
import { runGpuWorker } from './worker-main.mjs';

runGpuWorker(parentChannel(), globalThis.navigator?.gpu ?? null, 'this browser has no WebGPU in workers (navigator.gpu)');
