//! i8 × i8 → i32 matrix product (quantized matmuls): C[b] = A[b] · B[b], B stored [K,N], exact
//! (i8 products fit i16 and are widened to i32 before they are summed).

use crate::share;
use core::arch::wasm32::*;

#[inline(always)]
fn ptr<T>(base: u32, offset: u32) -> *mut T {
    (base as usize as *mut T).wrapping_add(offset as usize)
}

/// Rows i..i+R, columns j..j+8 of C: broadcast A[i+r, p] times 8 widened bytes of B's row p,
/// accumulated as 2 × i32x4 per row.
#[inline(always)]
unsafe fn tile<const R: usize>(
    a: *const i8,
    b: *const i8,
    c: *mut i32,
    i: usize,
    j: usize,
    n: usize,
    k: usize,
) {
    let mut acc = [[i32x4_splat(0); 2]; R];
    for p in 0..k {
        let bv = i16x8_extend_low_i8x16(v128_load64_zero(b.add(p * n + j) as *const u64));
        for r in 0..R {
            let av = i16x8_splat(i16::from(*a.add((i + r) * k + p)));
            acc[r][0] = i32x4_add(acc[r][0], i32x4_extmul_low_i16x8(av, bv));
            acc[r][1] = i32x4_add(acc[r][1], i32x4_extmul_high_i16x8(av, bv));
        }
    }
    for r in 0..R {
        v128_store(c.add((i + r) * n + j) as *mut v128, acc[r][0]);
        v128_store(c.add((i + r) * n + j + 4) as *mut v128, acc[r][1]);
    }
}

/// (a, a_off, b, b_off, c, c_off, batch, m, n, k, wg_id, wg_count); offsets in elements (bytes
/// for A and B). Column blocks of 8 (per batch) are split evenly over the workgroups.
///
/// # Safety
/// The pointers and offsets must describe buffers of the stated sizes in linear memory.
#[no_mangle]
pub unsafe extern "C" fn weft_matmul_nn_i8i32(
    a: u32,
    a_off: u32,
    b: u32,
    b_off: u32,
    c: u32,
    c_off: u32,
    batch: u32,
    m: u32,
    n: u32,
    k: u32,
    wg_id: u32,
    wg_count: u32,
) {
    let (batch, m, n, k) = (batch as usize, m as usize, n as usize, k as usize);
    let blocks = n.div_ceil(8);
    let (lo, hi) = share(batch * blocks, wg_id, wg_count);
    for unit in lo..hi {
        let (bi, j) = (unit / blocks, unit % blocks * 8);
        let a = ptr::<i8>(a, a_off).add(bi * m * k) as *const i8;
        let b = ptr::<i8>(b, b_off).add(bi * k * n) as *const i8;
        let c = ptr::<i32>(c, c_off).add(bi * m * n);
        if j + 8 <= n {
            let mut i = 0;
            while i + 4 <= m {
                tile::<4>(a, b, c, i, j, n, k);
                i += 4;
            }
            while i < m {
                tile::<1>(a, b, c, i, j, n, k);
                i += 1;
            }
        } else {
            for jj in j..n {
                for i in 0..m {
                    let mut s: i32 = 0;
                    for p in 0..k {
                        s = s.wrapping_add(
                            i32::from(*a.add(i * k + p)) * i32::from(*b.add(p * n + jj)),
                        );
                    }
                    *c.add(i * n + jj) = s;
                }
            }
        }
    }
}
