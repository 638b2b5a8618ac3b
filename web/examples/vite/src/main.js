// Weft in a Vite app, with no Weft-specific Vite configuration: the runtime's worker, its
// thread pool's workers and the wasm modules are emitted by Vite like any other asset.
//
// It loads public/model.vmfb (`npx weft compile model.mlir -o public/model.vmfb`) and calls the
// function named by ?function= with the tensors given as ?tensor=DTYPE:SHAPE:VALUES (e.g.
// ?function=abs&tensor=f32:4:-1,2,-3,4), then shows the results and how many threads ran them.
import { Weft, tensor, isTensor } from 'weft-runtime';

const status = document.getElementById('status');
const output = document.getElementById('output');
const query = new URLSearchParams(location.search);

// `f32:2x3:1,2,3,4,5,6` -> a tensor argument.
function parseTensor(text) {
  const [dtype, shape, values] = text.split(':');
  return tensor(dtype, shape.split('x').filter(Boolean).map(Number), values.split(',').map(Number));
}

try {
  const rt = await Weft.create();
  const program = await rt.load(new URL('model.vmfb', document.baseURI));
  const name = query.get('function') ?? program.functions[0].name;
  const results = await program.call(name, query.getAll('tensor').map(parseTensor));
  output.textContent = JSON.stringify(results.map((r) => (isTensor(r) ? { dtype: r.dtype, shape: r.shape, data: Array.from(r.data) } : r)));
  const { threads } = await rt.info();
  status.dataset.threads = String(threads);
  status.textContent = `${name}: done on ${threads} thread${threads > 1 ? 's' : ''}`;
} catch (e) {
  status.textContent = `failed: ${e.code ?? e.name}: ${e.message}`;
}
