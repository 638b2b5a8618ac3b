// `weft compile --report`: which ops of a program Weft's transform spec routed to Weft's
// kernels and which heavy ops (matmuls, convolutions) stay with the compiler's kernels, read
// from the program after IREE's preprocessing phase (where the specs apply). Each op left to the
// compiler is given the reason: what of its shape or attributes no Weft kernel takes, else that
// the spec has no form for the way it was written (its init, bias or epilogue).

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
      kept.push(`  compiler  ${op[1]}(${types}): ${whyKept(op[1], line, types)}`);
    }
  }
  return [
    `weft compile: ${routed.length} op${routed.length === 1 ? '' : 's'} routed to Weft's kernels, ${kept.length} heavy op${kept.length === 1 ? '' : 's'} left to the compiler's kernels`,
    ...routed,
    ...kept,
  ];
}

// Convolutions Weft has kernels for (the layouts the spec routes).
const CONVOLUTIONS = new Set(['linalg.conv_2d_nchw_fchw', 'linalg.conv_2d_nhwc_hwcf', 'linalg.depthwise_conv_2d_nchw_chw',
  'linalg.depthwise_conv_2d_nhwc_hwc', 'linalg.depthwise_conv_2d_nhwc_hwcm']);

/** [dims, element type] of each tensor type in `types`. */
function tensors(types) {
  return [...types.matchAll(/tensor<((?:[\d?]+x)*)(\w+)>/g)].map((m) => [m[1].split('x').filter(Boolean), m[2]]);
}

/** The values of a `name = dense<...>` attribute (one splat value or a list). */
function attribute(line, name) {
  const m = new RegExp(`${name} = dense<(\\[[^\\]]*\\]|[^>]*)>`).exec(line);
  return m ? m[1].replace(/[[\]]/g, '').split(',').map((v) => v.trim()) : [];
}

/** Why the spec left `op` (its text `line`, operand types `types`) to the compiler. */
export function whyKept(op, line, types) {
  const operands = tensors(types);
  const elements = [...new Set(operands.map(([, e]) => e))];
  const unrouted = 'no pattern for this form (Weft routes it with a zero or broadcast bias init, or a bias add after)';
  if (/conv/.test(op)) {
    if (!CONVOLUTIONS.has(op)) return `no Weft kernel for ${op.slice(7)}`;
    if (elements.join() !== 'f32') return `element type ${elements.join(', ')}: Weft's convolution kernels are f32`;
    const [input, filter] = operands;
    if (input?.[0][0] !== '1') return `batch ${input?.[0][0]}: Weft's convolution kernels take batch 1`;
    const dilations = attribute(line, 'dilations').filter((d) => d !== '1');
    if (dilations.length) return `dilation ${dilations.join('x')}: Weft's convolution kernels take undilated ones`;
    const strides = [...new Set(attribute(line, 'strides'))];
    if (strides.length !== 1 || !['1', '2'].includes(strides[0])) return `stride ${attribute(line, 'strides').join('x')}: Weft's convolution kernels take stride 1 or 2 (the same both ways)`;
    if (op.startsWith('linalg.depthwise')) {
      const size = op.endsWith('nchw_chw') ? filter[0].slice(1, 3) : filter[0].slice(0, 2);
      if (size.join('x') !== '3x3') return `${size.join('x')} depthwise: Weft's depthwise kernels are 3x3`;
      if (op.endsWith('hwcm') && filter[0][3] !== '1') return `channel multiplier ${filter[0][3]}: Weft's depthwise kernels take 1`;
    }
    return unrouted;
  }
  if (/^linalg\.(batch_)?matmul$/.test(op)) {
    if (/indexing_maps/.test(line)) return 'transposed operands (indexing_maps): no pattern for this form';
    const accepted = elements.join() === 'f32' || (elements.join() === 'i8' && /-> tensor<[\d?x]*xi32>/.test(line));
    if (!accepted) return `element types ${elements.join(', ')}: Weft's matmul kernels take f32, or i8 x i8 -> i32`;
    return 'no pattern for this form (Weft routes a zero init, with an optional bias add and ReLU after)';
  }
  return `no Weft kernel for ${op.slice(7)}`;
}
