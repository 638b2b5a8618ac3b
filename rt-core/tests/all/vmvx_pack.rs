//! `vmvx.pack` and `vmvx.unpack` called directly on `vm.buffer`s against a reference written
//! from the definition of the tiled layout (matrix element (i, j) is element (i % T0, j % T1)
//! of tile (i / T0, j / T1), with the transposes permuting the tiled dimensions): every element
//! type, both transposes, padding, random sizes including empty and partial tiles, strided
//! matrices; round trips; argument errors.

use crate::Test;
use crate::vmvx_support;

use rt_core::modules::vmvx::{PACK_TRANSPOSE_INNER, PACK_TRANSPOSE_OUTER};
use vmvx_support::*;

/// The matrix coordinates of packed element (p0, p1, p2, p3) of a tiled tensor of
/// `sizes`, or None when that position is padding of a matrix of `rows` x `cols`.
fn matrix_position(
    p: [u64; 4],
    sizes: [u64; 4],
    flags: u32,
    rows: u64,
    cols: u64,
) -> Option<(u64, u64)> {
    let outer_t = flags & PACK_TRANSPOSE_OUTER != 0;
    let inner_t = flags & PACK_TRANSPOSE_INNER != 0;
    let (outer_r, outer_c) = if outer_t { (p[1], p[0]) } else { (p[0], p[1]) };
    let (tile_r, tile_c) = if inner_t { (p[3], p[2]) } else { (p[2], p[3]) };
    let (tile_rows, tile_cols) = if inner_t {
        (sizes[3], sizes[2])
    } else {
        (sizes[2], sizes[3])
    };
    let (i, j) = (outer_r * tile_rows + tile_r, outer_c * tile_cols + tile_c);
    (i < rows && j < cols).then_some((i, j))
}

/// Calls `f(packed_element_index, p)` for every element of the tiled tensor.
fn for_each_packed(sizes: [u64; 4], offset: u64, stride0: u64, mut f: impl FnMut(u64, [u64; 4])) {
    for p0 in 0..sizes[0] {
        for p1 in 0..sizes[1] {
            for p2 in 0..sizes[2] {
                for p3 in 0..sizes[3] {
                    let index =
                        offset + p0 * stride0 + p1 * sizes[2] * sizes[3] + p2 * sizes[3] + p3;
                    f(index, [p0, p1, p2, p3]);
                }
            }
        }
    }
}

const PACK_TYPES: &[(u32, usize)] = &[(1, 4), (2, 1), (3, 4), (4, 2), (5, 2)];
const UNPACK_TYPES: &[(u32, usize)] = &[(1, 4), (3, 4), (4, 2), (5, 2)];

/// Random tiled sizes covering a rows x cols matrix (at most one extra tile per dimension).
fn tiled_sizes(rng: &mut Rng, rows: u64, cols: u64, flags: u32) -> [u64; 4] {
    let (t0, t1) = (rng.range(1, 4), rng.range(1, 4));
    let o0 = rows.div_ceil(t0) + rng.range(0, 1);
    let o1 = cols.div_ceil(t1) + rng.range(0, 1);
    let (mut outer, mut tile) = ([o0, o1], [t0, t1]);
    if flags & PACK_TRANSPOSE_OUTER != 0 {
        outer.swap(0, 1);
    }
    if flags & PACK_TRANSPOSE_INNER != 0 {
        tile.swap(0, 1);
    }
    [outer[0], outer[1], tile[0], tile[1]]
}

fn pack_matches_the_reference() {
    for &(ty, size) in PACK_TYPES {
        let mut rng = Rng::new(300 + ty as u64);
        for case in 0..80 {
            let flags = ty
                | [
                    0,
                    PACK_TRANSPOSE_INNER,
                    PACK_TRANSPOSE_OUTER,
                    PACK_TRANSPOSE_INNER | PACK_TRANSPOSE_OUTER,
                ][case % 4];
            let (rows, cols) = (rng.size(9), rng.size(9));
            let sizes = tiled_sizes(&mut rng, rows, cols, flags);
            let (in_off, in_s1) = (rng.range(0, 3), rng.range(1, 2));
            let in_s0 = cols * in_s1 + rng.range(0, 2);
            let (in_s0, in_s1) = if rng.range(0, 3) == 0 {
                (1, rows + 1)
            } else {
                (in_s0, in_s1)
            };
            let out_off = rng.range(0, 3);
            let out_s0 = sizes[1] * sizes[2] * sizes[3] + rng.range(0, 2);
            let input = rng.bytes((in_off + rows * in_s0 + cols * in_s1 + 1) as usize * size);
            let initial = rng.bytes((out_off + sizes[0] * out_s0 + 1) as usize * size);
            let padding = rng.next_u64() as i64;
            let (ib, ob) = (buffer(&input), buffer(&initial));
            ok(
                "pack",
                &[
                    r(&ib),
                    i(in_off as i64),
                    i(in_s0 as i64),
                    i(in_s1 as i64),
                    r(&ob),
                    i(out_off as i64),
                    i(out_s0 as i64),
                    i((sizes[2] * sizes[3]) as i64),
                    i(rows as i64),
                    i(cols as i64),
                    i(sizes[0] as i64),
                    i(sizes[1] as i64),
                    i(sizes[2] as i64),
                    i(sizes[3] as i64),
                    i(padding),
                    i32v(flags as i32),
                ],
            );
            let mut want = initial.clone();
            for_each_packed(sizes, out_off, out_s0, |index, p| {
                let to = index as usize * size;
                match matrix_position(p, sizes, flags, rows, cols) {
                    Some((a, b)) => {
                        let from = (in_off + a * in_s0 + b * in_s1) as usize * size;
                        want[to..to + size].copy_from_slice(&input[from..from + size]);
                    }
                    None => want[to..to + size].copy_from_slice(&padding.to_le_bytes()[..size]),
                }
            });
            assert_eq!(
                bytes_of(&ob),
                want,
                "flags {flags:#x} matrix {rows}x{cols} tiled {sizes:?}"
            );
        }
    }
}

fn unpack_matches_the_reference() {
    for &(ty, size) in UNPACK_TYPES {
        let mut rng = Rng::new(400 + ty as u64);
        for case in 0..80 {
            let flags = ty
                | [
                    0,
                    PACK_TRANSPOSE_INNER,
                    PACK_TRANSPOSE_OUTER,
                    PACK_TRANSPOSE_INNER | PACK_TRANSPOSE_OUTER,
                ][case % 4];
            let (rows, cols) = (rng.size(9), rng.size(9));
            let sizes = tiled_sizes(&mut rng, rows, cols, flags);
            let in_off = rng.range(0, 3);
            let in_s0 = sizes[1] * sizes[2] * sizes[3] + rng.range(0, 2);
            let out_off = rng.range(0, 3);
            let (out_s0, out_s1) = if rng.range(0, 2) == 0 {
                (1, rows + rng.range(0, 1))
            } else {
                (cols + rng.range(0, 2), 1)
            };
            let input = rng.bytes((in_off + sizes[0] * in_s0 + 1) as usize * size);
            let initial = rng.bytes((out_off + rows * out_s0 + cols * out_s1 + 1) as usize * size);
            let (ib, ob) = (buffer(&input), buffer(&initial));
            ok(
                "unpack",
                &[
                    r(&ib),
                    i(in_off as i64),
                    i(in_s0 as i64),
                    i((sizes[2] * sizes[3]) as i64),
                    r(&ob),
                    i(out_off as i64),
                    i(out_s0 as i64),
                    i(out_s1 as i64),
                    i(sizes[0] as i64),
                    i(sizes[1] as i64),
                    i(sizes[2] as i64),
                    i(sizes[3] as i64),
                    i(rows as i64),
                    i(cols as i64),
                    i32v(flags as i32),
                ],
            );
            let mut want = initial.clone();
            for_each_packed(sizes, in_off, in_s0, |index, p| {
                if let Some((a, b)) = matrix_position(p, sizes, flags, rows, cols) {
                    let (from, to) = (
                        index as usize * size,
                        (out_off + a * out_s0 + b * out_s1) as usize * size,
                    );
                    want[to..to + size].copy_from_slice(&input[from..from + size]);
                }
            });
            assert_eq!(
                bytes_of(&ob),
                want,
                "flags {flags:#x} matrix {rows}x{cols} tiled {sizes:?}"
            );
        }
    }
}

fn unpack_inverts_pack() {
    let mut rng = Rng::new(5);
    for flags in [1u32, 0x101, 0x201, 0x301, 0x304] {
        let size = if flags & 0xFF == 4 { 2 } else { 4 };
        let (rows, cols) = (7u64, 10u64);
        let sizes = tiled_sizes(&mut rng, rows, cols, flags);
        let matrix = rng.bytes((rows * cols) as usize * size);
        let tile = (sizes[2] * sizes[3]) as i64;
        let packed = zeroed((sizes.iter().product::<u64>()) as usize * size);
        let m = buffer(&matrix);
        let s = sizes.map(|v| i(v as i64));
        ok(
            "pack",
            &[
                r(&m),
                i(0),
                i(cols as i64),
                i(1),
                r(&packed),
                i(0),
                i(sizes[1] as i64 * tile),
                i(tile),
                i(rows as i64),
                i(cols as i64),
                s[0].clone(),
                s[1].clone(),
                s[2].clone(),
                s[3].clone(),
                i(0),
                i32v(flags as i32),
            ],
        );
        let back = zeroed(matrix.len());
        ok(
            "unpack",
            &[
                r(&packed),
                i(0),
                i(sizes[1] as i64 * tile),
                i(tile),
                r(&back),
                i(0),
                i(cols as i64),
                i(1),
                s[0].clone(),
                s[1].clone(),
                s[2].clone(),
                s[3].clone(),
                i(rows as i64),
                i(cols as i64),
                i32v(flags as i32),
            ],
        );
        assert_eq!(bytes_of(&back), matrix, "flags {flags:#x}");
    }
}

fn pack_and_unpack_argument_errors() {
    let a = buffer(&[0; 256]);
    let out = zeroed(256);
    let pack = |rows: i64, s: [i64; 4], stride1: i64, flags: i32| {
        vec![
            r(&a),
            i(0),
            i(8),
            i(1),
            r(&out),
            i(0),
            i(s[1] * s[2] * s[3]),
            i(stride1),
            i(rows),
            i(8),
            i(s[0]),
            i(s[1]),
            i(s[2]),
            i(s[3]),
            i(0),
            i32v(flags),
        ]
    };
    ok("pack", &pack(4, [2, 2, 2, 4], 8, 1));
    let message = trap("pack", &pack(5, [2, 2, 2, 4], 8, 1));
    assert!(
        message.contains("cover 4 x 8 elements, fewer than the input's 5 x 8"),
        "{message}"
    );
    let message = trap("pack", &pack(4, [2, 2, 2, 4], 7, 1));
    assert!(
        message.contains(
            "out_stride1 is 7; a tiled operand's stride1 must be the tile size 2 x 4 = 8"
        ),
        "{message}"
    );
    let message = trap("pack", &pack(4, [2, 2, 2, 4], 8, 6));
    assert!(
        message.contains("element type 0x6 (flags 0x6) is not supported by pack"),
        "{message}"
    );
    let message = trap("pack", &pack(4, [2, 2, 2, 4], 8, 0x401));
    assert!(message.contains("unknown flag bits 0x400"), "{message}");
    let message = trap("pack", &pack(4, [40, 2, 2, 4], 8, 1));
    assert!(
        message.starts_with("vmvx.pack: out region out of range"),
        "{message}"
    );

    let unpack = |flags: i32, rows: i64| {
        vec![
            r(&a),
            i(0),
            i(16),
            i(8),
            r(&out),
            i(0),
            i(8),
            i(1),
            i(2),
            i(2),
            i(2),
            i(4),
            i(rows),
            i(8),
            i32v(flags),
        ]
    };
    ok("unpack", &unpack(1, 4));
    let message = trap("unpack", &unpack(2, 4));
    assert!(
        message.contains("element type 0x2 (flags 0x2) is not supported by unpack"),
        "{message}"
    );
    let message = trap("unpack", &unpack(1, 5));
    assert!(
        message.contains("fewer than the output's 5 x 8"),
        "{message}"
    );
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("pack_matches_the_reference", pack_matches_the_reference),
    ("unpack_matches_the_reference", unpack_matches_the_reference),
    ("unpack_inverts_pack", unpack_inverts_pack),
    ("pack_and_unpack_argument_errors", pack_and_unpack_argument_errors),
];
