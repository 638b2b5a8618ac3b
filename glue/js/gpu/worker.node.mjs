// The GPU worker in Node (worker-main.mjs does the work): WebGPU through the `webgpu` package,
// Dawn's Node binding, an optional dependency of Weft's.
import { parentChannel } from '../platform.node.mjs';
import { runGpuWorker } from './worker-main.mjs';

let gpu = null;
let why = '';
try {
  const webgpu = await import('webgpu');
  Object.assign(globalThis, webgpu.globals); // GPUBufferUsage, GPUShaderStage, GPUMapMode
  gpu = webgpu.create([]);
} catch (e) {
  why = `Node has no WebGPU without the \`webgpu\` package (npm install webgpu): ${e.message}`;
}
runGpuWorker(parentChannel(), gpu, why);
