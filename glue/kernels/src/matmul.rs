//! f32 matrix products with a fused epilogue (bias per column or per row, a residual added,
//! then ReLU, a clamp such as ReLU6, or GELU).
//!
//! `weft_matmul_nt_f32`: C[b] = A[b] · B[b]ᵀ, B stored [N,K] (a linear layer's weights): every
//! output is a dot product of two rows contiguous along K (GEMVs run at the memory bound).
//! `weft_matmul_nn_f32`: C[b] = A[b] · B[b], B stored [K,N] (activations: attention products,
//! NCHW pointwise convolutions). `weft_matmul_packed_f32`: the same product with B packed at
//! compile time into panels of 8 columns, [⌈N/8⌉, K, 8] zero-padded (constant weights), so the
//! micro-kernel reads B as one sequential stream.
//!
//! The nn and packed kernels share one micro-kernel: MR rows of A (each element broadcast)
//! times 8 columns of B (two vectors) per step along K, accumulated in MR × 2 registers. Work
//! units are (batch, 8-column panel, MR-row block), panel
//! outer so a workgroup's consecutive units reuse one panel of B from cache; the units are split
//! evenly over the dispatch's workgroups.

use crate::epilogue::Epilogue;
use crate::simd::*;
use crate::{ptr, share};
use core::arch::wasm32::*;

/// Rows of the micro-kernel's register tile (4×8: 8 accumulators, 2 vectors of B, a broadcast
/// of A; measured in V8 with and without fused multiply-add, 5 and 6 rows ran at half the speed
/// on some shapes: 15 live vectors are more than its register allocator keeps in registers).
const MR: usize = 4;
/// Columns of the register tile (two vectors), also the panel width of packed B.
const NR: usize = crate::signatures::GEMM_PANEL;

/// Σ a[p]·b[p] for p < k.
#[inline(always)]
unsafe fn dot(a: *const f32, b: *const f32, k: usize) -> f32 {
    let mut acc = [zero(); 2];
    let mut p = 0;
    while p + 8 <= k {
        acc[0] = madd(load(a.add(p)), load(b.add(p)), acc[0]);
        acc[1] = madd(load(a.add(p + 4)), load(b.add(p + 4)), acc[1]);
        p += 8;
    }
    if p + 4 <= k {
        acc[0] = madd(load(a.add(p)), load(b.add(p)), acc[0]);
        p += 4;
    }
    let mut s = hsum(f32x4_add(acc[0], acc[1]));
    while p < k {
        s += *a.add(p) * *b.add(p);
        p += 1;
    }
    s
}

/// R rows of A against 4 rows of B (stride k): R×4 dot products, lane c = column c.
#[inline(always)]
unsafe fn nt_tile<const R: usize>(a: [*const f32; R], b: [*const f32; 4], k: usize) -> [v128; R] {
    let mut acc = [[zero(); 4]; R];
    let mut p = 0;
    while p + 4 <= k {
        let bv = [load(b[0].add(p)), load(b[1].add(p)), load(b[2].add(p)), load(b[3].add(p))];
        for r in 0..R {
            let av = load(a[r].add(p));
            for c in 0..4 {
                acc[r][c] = madd(av, bv[c], acc[r][c]);
            }
        }
        p += 4;
    }
    let mut out = [zero(); R];
    for r in 0..R {
        let mut s = [hsum(acc[r][0]), hsum(acc[r][1]), hsum(acc[r][2]), hsum(acc[r][3])];
        for q in p..k {
            let x = *a[r].add(q);
            for c in 0..4 {
                s[c] += x * *b[c].add(q);
            }
        }
        out[r] = f32x4(s[0], s[1], s[2], s[3]);
    }
    out
}

/// (a, a_off, b, b_off, bias, bias_off, res, res_off, c, c_off, batch, m, n, k, flags, lo, hi,
/// wg_id, wg_count). Column blocks of 4 (per batch) are split over the workgroups.
///
/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_matmul_nt_f32(
    a: u32,
    a_off: u32,
    b: u32,
    b_off: u32,
    bias: u32,
    bias_off: u32,
    res: u32,
    res_off: u32,
    c: u32,
    c_off: u32,
    batch: u32,
    m: u32,
    n: u32,
    k: u32,
    flags: u32,
    lo: u32,
    hi: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (batch, m, n, k) = (batch as usize, m as usize, n as usize, k as usize);
    let ep = Epilogue::new(flags, bias, bias_off, res, res_off, lo, hi);
    let blocks = n.div_ceil(4);
    let (lo_unit, hi_unit) = share(batch * blocks, wg_id, wg_count);
    for unit in lo_unit..hi_unit {
        let (bi, j) = (unit / blocks, unit % blocks * 4);
        let a = ptr(a, a_off).add(bi * m * k) as *const f32;
        let b = ptr(b, b_off).add(bi * n * k) as *const f32;
        let c = ptr(c, c_off).add(bi * m * n);
        let ep = ep.for_batch(bi, m * n);
        if j + 4 <= n {
            let rows = [b.add(j * k), b.add((j + 1) * k), b.add((j + 2) * k), b.add((j + 3) * k)];
            let mut i = 0;
            while i + 2 <= m {
                let v = nt_tile::<2>([a.add(i * k), a.add((i + 1) * k)], rows, k);
                ep.store(c.add(i * n + j), v[0], i, j, n, 4);
                ep.store(c.add((i + 1) * n + j), v[1], i + 1, j, n, 4);
                i += 2;
            }
            if i < m {
                let v = nt_tile::<1>([a.add(i * k)], rows, k);
                ep.store(c.add(i * n + j), v[0], i, j, n, 4);
            }
        } else {
            for jj in j..n {
                for i in 0..m {
                    let v = f32x4_splat(dot(a.add(i * k), b.add(jj * k), k));
                    ep.store(c.add(i * n + jj), v, i, jj, n, 1);
                }
            }
        }
    }
}

/// The micro-kernel over `blocks` row blocks of one column block: rows i..i+R·blocks of C in
/// tiles of R rows, columns j..j+4V (the last vector's first L lanes read from B; `cols` of
/// them stored), each summed over k in registers. Row r of A starts at a + r·lda; B's k-th row
/// of this column block at b + k·ldb. One function per tile shape, called once per run of row
/// blocks: inlined into one export, the dozens of shapes made a function V8 compiled into far
/// slower code. The C ABI and the epilogue as scalars keep every parameter a wasm value (Rust's
/// own ABI passes vectors, and a reference passes a struct, through the shadow stack the module
/// does not have).
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn tiles<const R: usize, const V: usize, const L: usize>(
    a: *const f32,
    lda: usize,
    b: *const f32,
    ldb: usize,
    k: usize,
    c: *mut f32,
    ldc: usize,
    i: usize,
    blocks: usize,
    j: usize,
    cols: usize,
    bias: *const f32,
    per_row: bool,
    residual: *const f32,
    act: u32,
    lo: v128,
    hi: v128,
) {
    let ep = Epilogue { bias, per_row, residual, act, lo, hi };
    for t in 0..blocks {
        let i = i + t * R;
        let mut acc = [[zero(); V]; R];
        let mut ap = [a; R];
        for (r, p) in ap.iter_mut().enumerate() {
            *p = a.add((i + r) * lda);
        }
        // One step along K: B's row at `row`, A's column `p` of the tile's rows.
        let step = |acc: &mut [[v128; V]; R], ap: &[*const f32; R], row: *const f32, p: usize| {
            let mut bv = [zero(); V];
            for (v, x) in bv.iter_mut().enumerate() {
                *x = if v + 1 == V { load_first::<L>(row.add(4 * v)) } else { load(row.add(4 * v)) };
            }
            for r in 0..R {
                let av = splat(ap[r].add(p));
                for v in 0..V {
                    acc[r][v] = madd(av, bv[v], acc[r][v]);
                }
            }
        };
        let mut bp = b;
        for _ in 0..k {
            step(&mut acc, &ap, bp, 0);
            for x in ap.iter_mut() {
                *x = x.add(1);
            }
            bp = bp.add(ldb);
        }
        unrolled!(r < R; 0 1 2 3, {
            unrolled!(v < V; 0 1, {
                let lanes = cols.saturating_sub(4 * v);
                if lanes > 0 {
                    ep.store(c.add((i + r) * ldc + j + 4 * v), acc[r][v], i + r, j + 4 * v, ldc, lanes);
                }
            });
        });
    }
}

/// Rows i..i+rows of one column block (columns j..j+cols): full tiles of MR rows, then one of
/// the remaining rows.
#[inline(always)]
unsafe fn column_block<const V: usize, const L: usize>(
    a: *const f32,
    b: *const f32,
    ldb: usize,
    k: usize,
    c: *mut f32,
    ldc: usize,
    i: usize,
    rows: usize,
    j: usize,
    cols: usize,
    ep: &Epilogue,
) {
    let (bias, per_row, residual, act, lo, hi) = (ep.bias, ep.per_row, ep.residual, ep.act, ep.lo, ep.hi);
    macro_rules! run {
        ($r:expr, $i:expr, $blocks:expr) => {
            tiles::<$r, V, L>(a, k, b, ldb, k, c, ldc, $i, $blocks, j, cols, bias, per_row, residual, act, lo, hi)
        };
    }
    let full = rows / MR;
    if full > 0 {
        run!(MR, i, full);
    }
    let rest_at = i + full * MR;
    match rows % MR {
        1 => run!(1, rest_at, 1),
        2 => run!(2, rest_at, 1),
        3 => run!(3, rest_at, 1),
        _ => {}
    }
}

/// Shape of one product and how B is laid out.
struct Gemm {
    batch: usize,
    m: usize,
    n: usize,
    k: usize,
    /// B [K,N] row-major (false) or packed panels [⌈N/8⌉, K, 8] (true).
    packed: bool,
}

impl Gemm {
    fn panels(&self) -> usize {
        self.n.div_ceil(NR)
    }
    fn row_blocks(&self) -> usize {
        self.m.div_ceil(MR)
    }
    fn units(&self) -> usize {
        self.batch * self.panels() * self.row_blocks()
    }

    /// The units [lo, hi) of (batch, panel, row block), row blocks innermost: each run of row
    /// blocks in one panel is one call of the micro-kernel.
    #[inline(always)]
    unsafe fn run(&self, a: *const f32, b: *const f32, c: *mut f32, ep: &Epilogue, lo: usize, hi: usize) {
        let (m, n, k) = (self.m, self.n, self.k);
        let (panels, row_blocks) = (self.panels(), self.row_blocks());
        let b_batch = if self.packed { panels * k * NR } else { k * n };
        let mut unit = lo;
        while unit < hi {
            let (bi, jb, ib) = (unit / (panels * row_blocks), unit / row_blocks % panels, unit % row_blocks);
            let blocks = (row_blocks - ib).min(hi - unit);
            unit += blocks;
            let (i, j) = (ib * MR, jb * NR);
            let rows = (blocks * MR).min(m - i);
            let cols = (n - j).min(NR);
            let a = a.add(bi * m * k);
            let c = c.add(bi * m * n);
            let ep = ep.for_batch(bi, m * n);
            if self.packed {
                // Padded panels: always 8 columns read, `cols` stored.
                let panel = b.add(bi * b_batch + jb * k * NR);
                column_block::<2, 4>(a, panel, NR, k, c, n, i, rows, j, cols, &ep);
                continue;
            }
            let b = b.add(bi * b_batch + j);
            match cols {
                8 => column_block::<2, 4>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                7 => column_block::<2, 3>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                6 => column_block::<2, 2>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                5 => column_block::<2, 1>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                4 => column_block::<1, 4>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                3 => column_block::<1, 3>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                2 => column_block::<1, 2>(a, b, n, k, c, n, i, rows, j, cols, &ep),
                _ => column_block::<1, 1>(a, b, n, k, c, n, i, rows, j, cols, &ep),
            }
        }
    }
}

macro_rules! gemm_export {
    ($(#[$doc:meta])* $name:ident, $packed:literal) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// The pointers and offsets must describe buffers of the stated sizes in linear memory.
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            a: u32,
            a_off: u32,
            b: u32,
            b_off: u32,
            bias: u32,
            bias_off: u32,
            res: u32,
            res_off: u32,
            c: u32,
            c_off: u32,
            batch: u32,
            m: u32,
            n: u32,
            k: u32,
            flags: u32,
            lo: u32,
            hi: u32,
            wg_id: u32,
            wg_count: u32,
        ) {
            let g = Gemm { batch: batch as usize, m: m as usize, n: n as usize, k: k as usize, packed: $packed };
            let ep = Epilogue::new(flags, bias, bias_off, res, res_off, lo, hi);
            let (lo_unit, hi_unit) = share(g.units(), wg_id, wg_count);
            g.run(ptr(a, a_off), ptr(b, b_off), ptr(c, c_off), &ep, lo_unit, hi_unit);
        }
    };
}

gemm_export!(
    /// (a, a_off, b, b_off, bias, bias_off, res, res_off, c, c_off, batch, m, n, k, flags, lo,
    /// hi, wg_id, wg_count): C[b] = A[b] · B[b] with B [K,N] row-major, then the epilogue.
    weft_matmul_nn_f32,
    false
);
gemm_export!(
    /// The same parameters as `weft_matmul_nn_f32`, with B packed: [⌈N/8⌉, K, 8] per batch, the
    /// columns past N zero.
    weft_matmul_packed_f32,
    true
);
