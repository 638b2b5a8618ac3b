//! f32 matrix products with an optional bias-add (per column, or per row for convolutions laid
//! out as W·X) and ReLU epilogue.
//!
//! `weft_matmul_nt_f32`: C[b] = A[b] · B[b]ᵀ, B stored [N,K] (a linear layer's weights): every
//! output is a dot product of two rows contiguous along K. `weft_matmul_nn_f32`: C[b] = A[b] · B[b],
//! B stored [K,N]: a broadcast A element times a run of B's row. Both split the output columns
//! (per batch) evenly over the dispatch's workgroups.

use crate::share;
use crate::simd::*;
use core::arch::wasm32::*;

const BIAS: u32 = 1;
const RELU: u32 = 2;
/// With BIAS: bias[m] (one per row) instead of bias[n].
const ROW_BIAS: u32 = 4;

/// Bias and ReLU applied to results at row `i`, columns `j` onwards.
struct Epilogue {
    bias: *const f32,
    per_row: bool,
    relu: bool,
}

impl Epilogue {
    unsafe fn new(flags: u32, bias: u32, bias_off: u32) -> Epilogue {
        Epilogue {
            bias: if flags & BIAS != 0 {
                ptr(bias, bias_off)
            } else {
                core::ptr::null()
            },
            per_row: flags & ROW_BIAS != 0,
            relu: flags & RELU != 0,
        }
    }
    #[inline(always)]
    unsafe fn one(&self, v: f32, i: usize, j: usize) -> f32 {
        let v = if self.bias.is_null() {
            v
        } else {
            v + *self.bias.add(if self.per_row { i } else { j })
        };
        if self.relu && !(v > 0.0) {
            0.0
        } else {
            v
        }
    }
    #[inline(always)]
    unsafe fn four(&self, v: v128, i: usize, j: usize) -> v128 {
        let v = if self.bias.is_null() {
            v
        } else if self.per_row {
            f32x4_add(v, f32x4_splat(*self.bias.add(i)))
        } else {
            f32x4_add(v, load(self.bias.add(j)))
        };
        // pmax keeps v when v > 0 and 0 otherwise (also for NaN), like the scalar path.
        if self.relu {
            f32x4_pmax(v, f32x4_splat(0.0))
        } else {
            v
        }
    }
}

#[inline(always)]
fn ptr(base: u32, offset: u32) -> *mut f32 {
    (base as usize as *mut f32).wrapping_add(offset as usize)
}

/// Σ a[p]·b[p] for p < k.
#[inline(always)]
unsafe fn dot(a: *const f32, b: *const f32, k: usize) -> f32 {
    let mut acc = [f32x4_splat(0.0); 2];
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
    let mut acc = [[f32x4_splat(0.0); 4]; R];
    let mut p = 0;
    while p + 4 <= k {
        let bv = [
            load(b[0].add(p)),
            load(b[1].add(p)),
            load(b[2].add(p)),
            load(b[3].add(p)),
        ];
        for r in 0..R {
            let av = load(a[r].add(p));
            for c in 0..4 {
                acc[r][c] = madd(av, bv[c], acc[r][c]);
            }
        }
        p += 4;
    }
    let mut out = [f32x4_splat(0.0); R];
    for r in 0..R {
        let mut s = [
            hsum(acc[r][0]),
            hsum(acc[r][1]),
            hsum(acc[r][2]),
            hsum(acc[r][3]),
        ];
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
    c: u32,
    c_off: u32,
    batch: u32,
    m: u32,
    n: u32,
    k: u32,
    flags: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (batch, m, n, k) = (batch as usize, m as usize, n as usize, k as usize);
    let ep = Epilogue::new(flags, bias, bias_off);
    let blocks = n.div_ceil(4);
    let (lo, hi) = share(batch * blocks, wg_id, wg_count);
    for unit in lo..hi {
        let (bi, j) = (unit / blocks, unit % blocks * 4);
        let a = ptr(a, a_off).add(bi * m * k) as *const f32;
        let b = ptr(b, b_off).add(bi * n * k) as *const f32;
        let c = ptr(c, c_off).add(bi * m * n);
        if j + 4 <= n {
            let rows = [
                b.add(j * k),
                b.add((j + 1) * k),
                b.add((j + 2) * k),
                b.add((j + 3) * k),
            ];
            let mut i = 0;
            while i + 2 <= m {
                let v = nt_tile::<2>([a.add(i * k), a.add((i + 1) * k)], rows, k);
                store(c.add(i * n + j), ep.four(v[0], i, j));
                store(c.add((i + 1) * n + j), ep.four(v[1], i + 1, j));
                i += 2;
            }
            if i < m {
                let v = nt_tile::<1>([a.add(i * k)], rows, k);
                store(c.add(i * n + j), ep.four(v[0], i, j));
            }
        } else {
            for jj in j..n {
                for i in 0..m {
                    *c.add(i * n + jj) = ep.one(dot(a.add(i * k), b.add(jj * k), k), i, jj);
                }
            }
        }
    }
}

/// Rows i..i+R, columns j..j+4V of C: R rows of A times V vectors of B (row stride n),
/// accumulated over k in registers, then the epilogue and the stores. (Writing the tile here
/// instead of returning it keeps the accumulators out of the shadow stack, which the kernel
/// module does not have.)
#[inline(always)]
unsafe fn nn_tile<const R: usize, const V: usize>(
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    i: usize,
    j: usize,
    n: usize,
    k: usize,
    ep: &Epilogue,
) {
    let a = a.add(i * k);
    let b = b.add(j);
    let mut acc = [[f32x4_splat(0.0); V]; R];
    for p in 0..k {
        let row = b.add(p * n);
        let mut bv = [f32x4_splat(0.0); V];
        for v in 0..V {
            bv[v] = load(row.add(4 * v));
        }
        for r in 0..R {
            let av = v128_load32_splat(a.add(r * k + p) as *const u32);
            for v in 0..V {
                acc[r][v] = madd(av, bv[v], acc[r][v]);
            }
        }
    }
    for r in 0..R {
        for v in 0..V {
            store(
                c.add((i + r) * n + j + 4 * v),
                ep.four(acc[r][v], i + r, j + 4 * v),
            );
        }
    }
}

/// The nn kernel's register tile: ROWS rows × 4·VECS columns (8 accumulators, 2 vectors of B and
/// a broadcast of A; 6×8 and 4×12 showed no steady gain on this loaded machine, 5×12 spills to
/// the shadow stack).
const ROWS: usize = 4;
const VECS: usize = 2;
const COLS: usize = 4 * VECS;

#[inline(always)]
unsafe fn nn_columns<const V: usize>(
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    m: usize,
    n: usize,
    k: usize,
    j: usize,
    ep: &Epilogue,
) {
    let mut i = 0;
    while i + ROWS <= m {
        nn_tile::<ROWS, V>(a, b, c, i, j, n, k, ep);
        i += ROWS;
    }
    while i < m {
        nn_tile::<1, V>(a, b, c, i, j, n, k, ep);
        i += 1;
    }
}

/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_matmul_nn_f32(
    a: u32,
    a_off: u32,
    b: u32,
    b_off: u32,
    bias: u32,
    bias_off: u32,
    c: u32,
    c_off: u32,
    batch: u32,
    m: u32,
    n: u32,
    k: u32,
    flags: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (batch, m, n, k) = (batch as usize, m as usize, n as usize, k as usize);
    let ep = Epilogue::new(flags, bias, bias_off);
    let blocks = n.div_ceil(COLS);
    let (lo, hi) = share(batch * blocks, wg_id, wg_count);
    for unit in lo..hi {
        let (bi, j) = (unit / blocks, unit % blocks * COLS);
        let a = ptr(a, a_off).add(bi * m * k) as *const f32;
        let b = ptr(b, b_off).add(bi * k * n) as *const f32;
        let c = ptr(c, c_off).add(bi * m * n);
        let mut j = j;
        let end = (j + COLS).min(n);
        if j + COLS <= end {
            nn_columns::<VECS>(a, b, c, m, n, k, j, &ep);
            j += COLS;
        }
        while j + 4 <= end {
            nn_columns::<1>(a, b, c, m, n, k, j, &ep);
            j += 4;
        }
        for jj in j..end {
            for i in 0..m {
                let mut s = 0.0;
                for p in 0..k {
                    s += *a.add(i * k + p) * *b.add(p * n + jj);
                }
                *c.add(i * n + jj) = ep.one(s, i, jj);
            }
        }
    }
}
