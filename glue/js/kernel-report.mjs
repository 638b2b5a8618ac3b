// `weft compile --report`: which ops of a program Weft's transform spec routed to Weft's
// kernels and which heavy ops (matmuls, convolutions) stay with the compiler's kernels, read
// from the program after IREE's preprocessing phase (where the specs apply).

// Ops the report lists when the compiler keeps them (contractions and convolutions).
const HEAVY = /^linalg\.(matmul\w*|batch_matmul\w*|conv_\w+|depthwise_conv_\w+|quantized_\w+|mmt4d)$/;

/** Lines describing what was routed where, from preprocessing-phase MLIR text. */
export function kernelReport(text) {
  // Static types of the values the spec's dispatches take (it casts them to dynamic shapes:
  // `tensor.cast %x : A to B`), per function (SSA names repeat across functions).
  let staticType = new Map();
  const routed = [];
  const kept = [];
  for (const line of text.split('\n')) {
    if (/^\s*util\.func/.test(line)) {
      staticType = new Map();
      continue;
    }
    const cast = /(%[\w.$-]+) = tensor\.cast %[\w.$-]+ : (tensor<[^>]*>) to tensor<[^>]*>/.exec(line);
    if (cast) staticType.set(cast[1], cast[2]);
    const call = /flow\.dispatch @(weft_\w+)::@(\w+)\[[^\]]*\]\(([^)]*)\) : \((.*)\) ->/.exec(line);
    if (call) {
      // Tensor operands: the matched values' own types where the spec cast them to dynamic
      // shapes, else the dispatch's operand type; the rest are sizes.
      const declared = [...call[4].matchAll(/tensor<[^>]*>|\bi32\b/g)].map((m) => m[0]);
      const tensors = call[3].split(',').map((a, i) => staticType.get(a.trim()) ?? declared[i]).filter((t) => t?.startsWith('tensor'));
      routed.push(`  weft      ${call[1]}::${call[2]}(${tensors.join(', ')})`);
      continue;
    }
    const op = /=\s*(linalg\.\w+)\s.*ins\(([^)]*)\)/.exec(line);
    if (op && HEAVY.test(op[1])) {
      const types = op[2].split(':').slice(1).join(':').trim();
      kept.push(`  compiler  ${op[1]}(${types})`);
    }
  }
  return [
    `weft compile: ${routed.length} op${routed.length === 1 ? '' : 's'} routed to Weft's kernels, ${kept.length} heavy op${kept.length === 1 ? '' : 's'} left to the compiler's kernels`,
    ...routed,
    ...kept,
  ];
}
