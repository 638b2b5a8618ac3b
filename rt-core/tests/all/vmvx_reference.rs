//! The ukernels programs against the reference runtime, without the HAL: every call their
//! `// RUN:` lines recorded (`tests/scripts/oracle.py`, iree-run-module 3.13.0 on local-sync)
//! is replayed by running the program's dispatches directly through a `Context` with `vmvx`
//! (binding slots, dispatch order and push constants as the program's HAL code has them, read
//! from `--compile-to=hal`), and each result is printed in iree-run-module's text form and
//! compared with what it printed: byte for byte (at the precision it prints floats with), or
//! within 1 ulp per element for the f32 results of libm functions (exp, log, rsqrt). Integer
//! and exactly representable results (the RUN inputs are halves and small integers) are thus
//! checked bit for bit.

use crate::common::programs;
use crate::vmvx_support;
use libtest_mimic::Trial;
use weft_test_support::oracle::{self, Fields};

use rt_core::hal::text_format::{format_buffer_view, parse_buffer_view};
use rt_core::hal::ElementType;
use rt_core::DEFAULT_MAX_ELEMENT_COUNT;
use vmvx_support::dispatch::{load_executable, read, run_with_constants, slots};
use vmvx_support::ulps;

/// How the host code of one function runs its dispatches: the scratch slots it allocates after
/// the argument slots (result and transient buffers), the dispatches in order with their
/// binding slots and push constants, and where each result lives (slot, byte offset).
struct Plan {
    scratch: Vec<usize>,
    dispatches: Vec<(String, Vec<usize>, Vec<u32>)>,
    results: Vec<(usize, usize)>,
}

fn plan(function: &str, input_shapes: &[Vec<usize>]) -> Plan {
    let d = |name: &str, bindings: &[usize]| (name.to_string(), bindings.to_vec(), Vec::new());
    let same = |prefix: &str,
                suffix: &str,
                count: usize,
                bindings: &[usize]|
     -> Vec<(String, Vec<usize>, Vec<u32>)> {
        (0..count)
            .map(|k| {
                (
                    format!("{prefix}_dispatch_{k}_{suffix}"),
                    bindings.to_vec(),
                    Vec::new(),
                )
            })
            .collect()
    };
    let at = |slot: usize, step: usize, count: usize| {
        (0..count).map(|k| (slot, k * step)).collect::<Vec<_>>()
    };
    let single = |scratch: usize, export: String, bindings: &[usize], result_slot: usize| Plan {
        scratch: vec![scratch],
        dispatches: vec![(export, bindings.to_vec(), Vec::new())],
        results: vec![(result_slot, 0)],
    };
    match function {
        "matmul_f32" => Plan {
            scratch: vec![572, 2560],
            dispatches: vec![
                d("_encoding_0_encode_13x17xf32_to_13x17xf32", &[0, 3]),
                d("_encoding_1_encode_17x11xf32_to_17x11xf32", &[1, 3]),
                d("matmul_f32_dispatch_0_matmul_13x11x17_f32", &[3, 2]),
            ],
            results: vec![(2, 0)],
        },
        "matmul_f32_acc" => Plan {
            scratch: vec![252, 2432],
            dispatches: vec![
                d("_encoding_2_encode_9x20xf32_to_9x20xf32", &[0, 4]),
                d("_encoding_3_encode_20x7xf32_to_20x7xf32", &[1, 4]),
                d("_encoding_4_encode_9x7xf32_to_9x7xf32", &[2, 4]),
                d("matmul_f32_acc_dispatch_0_matmul_9x7x20_f32", &[4, 3]),
            ],
            results: vec![(3, 0)],
        },
        "matmul_f32_dynamic" => {
            // Packed operands sized for tiles of up to 16; dimensions as (lo, hi) constants.
            let (m, k, n) = (input_shapes[0][0], input_shapes[0][1], input_shapes[1][1]);
            let lhs_bytes = m.div_ceil(16) * 16 * k.div_ceil(16) * 16 * 4;
            let rhs_bytes = k.div_ceil(16) * 16 * n.div_ceil(16) * 16 * 4;
            let c = |values: &[usize]| {
                values
                    .iter()
                    .flat_map(|&v| [v as u32, (v as u64 >> 32) as u32])
                    .collect()
            };
            Plan {
                scratch: vec![m * n * 4, lhs_bytes + rhs_bytes],
                dispatches: vec![
                    (
                        "_encoding_5_encode_DxDxf32_to_DxDxf32".into(),
                        vec![0, 3],
                        c(&[m, k]),
                    ),
                    (
                        "_encoding_6_encode_DxDxf32_to_DxDxf32".into(),
                        vec![1, 3],
                        c(&[lhs_bytes, k, n]),
                    ),
                    (
                        "matmul_f32_dynamic_dispatch_0_matmul_DxDxD_f32".into(),
                        vec![3, 2],
                        c(&[lhs_bytes, m, n, k, k]),
                    ),
                ],
                results: vec![(2, 0)],
            }
        }
        "matmul_i8" => Plan {
            scratch: vec![240, 896],
            dispatches: vec![
                d("_encoding_0_encode_10x33xi8_to_10x33xi8", &[0, 3]),
                d("_encoding_1_encode_33x6xi8_to_33x6xi8", &[1, 3]),
                d("matmul_i8_dispatch_0_matmul_10x6x33_i8xi8xi32", &[3, 2]),
            ],
            results: vec![(2, 0)],
        },
        "pack_f32" => single(384, "pack_f32_dispatch_0_pack_f32".into(), &[0, 1], 1),
        "pack_i8_transposed" => single(
            72,
            "pack_i8_transposed_dispatch_0_pack_i8".into(),
            &[0, 1],
            1,
        ),
        "pack_i32_inner_transposed" => single(
            144,
            "pack_i32_inner_transposed_dispatch_0_pack_i32".into(),
            &[0, 1],
            1,
        ),
        "unpack_f32" => single(280, "unpack_f32_dispatch_0_unpack_f32".into(), &[0, 1], 1),
        "unpack_i32_transposed" => single(
            160,
            "unpack_i32_transposed_dispatch_0_unpack_i32".into(),
            &[0, 1],
            1,
        ),
        "matmul_fill" => single(
            96,
            "matmul_fill_dispatch_0_matmul_6x4x5_f32".into(),
            &[0, 1, 2],
            2,
        ),
        "fill_i32" => single(
            96,
            "fill_i32_dispatch_0_matmul_4x6x6_i32".into(),
            &[0, 1, 2],
            2,
        ),
        "slice_i8" | "slice_i16" | "slice_i32" | "slice_i64" | "slice_offset_i32" => {
            let size: usize = function
                .rsplit('i')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
                / 8;
            single(
                9 * size,
                format!("{function}_dispatch_0_slow_memcpy"),
                &[0, 1],
                1,
            )
        }
        "f32_binary" => Plan {
            scratch: vec![768],
            dispatches: same("f32_binary", "elementwise_35_f32", 4, &[0, 1, 2]),
            results: at(2, 192, 4),
        },
        "f32_unary" => {
            let mut dispatches = same("f32_unary", "elementwise_18_f32", 6, &[0, 1]);
            dispatches[3].1 = vec![0, 1, 1];
            dispatches[5].1 = vec![1, 1];
            let results = [384, 0, 128, 256, 512, 640, 768].map(|o| (1, o)).to_vec();
            Plan {
                scratch: vec![896],
                dispatches,
                results,
            }
        }
        "i32_binary" => Plan {
            scratch: vec![1152],
            dispatches: same("i32_binary", "elementwise_36_i32", 6, &[0, 1, 2]),
            results: at(2, 192, 6),
        },
        "i32_shifts_div" => {
            let mut dispatches = same("i32_shifts_div", "elementwise_36_i32", 6, &[0, 1, 2]);
            dispatches[5].1 = vec![0, 2];
            Plan {
                scratch: vec![1152],
                dispatches,
                results: at(2, 192, 6),
            }
        }
        "transpose_add" => single(
            256,
            "transpose_add_dispatch_0_elementwise_transpose_8x8_f32".into(),
            &[0, 1],
            1,
        ),
        "fill_add" => single(
            60,
            "fill_add_dispatch_0_elementwise_15_i32".into(),
            &[0, 1],
            1,
        ),
        other => panic!("no dispatch plan for {other}"),
    }
}

/// The buffer views iree-run-module printed (`result[i]: hal.buffer_view` then the value).
fn printed_results(stdout: &str) -> Vec<&str> {
    let lines: Vec<&str> = stdout.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("result[") && w[0].ends_with("hal.buffer_view"))
        .map(|w| w[1])
        .collect()
}

/// Compares our text with the reference's; f32 values may differ by 1 ulp when `loose`.
fn same_result(ours: &str, theirs: &str, loose: bool) -> Result<(), String> {
    if ours == theirs {
        return Ok(());
    }
    let (shape_a, type_a, a) = parse_buffer_view(ours).map_err(|e| e.to_string())?;
    let (shape_b, type_b, b) = parse_buffer_view(theirs).map_err(|e| e.to_string())?;
    if !loose
        || shape_a != shape_b
        || type_a != type_b
        || type_a != ElementType::parse("f32").unwrap()
    {
        return Err(format!("got {ours}\nwant {theirs}"));
    }
    for (k, (x, y)) in a.chunks_exact(4).zip(b.chunks_exact(4)).enumerate() {
        let (x, y) = (
            f32::from_le_bytes(x.try_into().unwrap()),
            f32::from_le_bytes(y.try_into().unwrap()),
        );
        if ulps(x, y) > 1 {
            return Err(format!(
                "element {k}: got {x}, want {y}\ngot {ours}\nwant {theirs}"
            ));
        }
    }
    Ok(())
}

/// One trial per microkernel program (programs without RUN lines have no oracle and are left
/// out: the reference rejects matmul_16bit).
pub fn trials() -> Vec<Trial> {
    let list = || {
        let built = oracle::programs_for("ukernels", "vmvx-ukernels").into_iter();
        built.map(|p| (format!("ukernels/{}.vmvx-ukernels", p.name), p)).collect()
    };
    programs::trials("vmvx_reference", "ukernels", 5, list, dispatches_match_the_reference_runtime)
}

/// Each call's plan of dispatches, run through the VMVX module, prints the reference's results.
fn dispatches_match_the_reference_runtime(program: oracle::OracleProgram) -> Result<(), String> {
    let mut failures = Vec::new();
    let name = &program.name;
    let bytes = std::fs::read(&program.module).unwrap();
    for run_line in program.oracle.arr("runs") {
        for call in run_line.arr("calls") {
            let function = call.str("function").unwrap();
            let inputs: Vec<_> = call.strs("inputs").into_iter().map(|s| parse_buffer_view(s).unwrap()).collect();
            let reference = call.get("iree_run_module").expect("iree-run-module record");
            assert_eq!(
                reference.num("exit_code"),
                Some(0),
                "{name}.{function}: the reference failed"
            );
            let expected = printed_results(reference.str("stdout").unwrap());
            let shapes: Vec<Vec<usize>> = inputs.iter().map(|(s, _, _)| s.clone()).collect();
            let plan = plan(function, &shapes);
            assert_eq!(
                plan.results.len(),
                expected.len(),
                "{name}.{function}: result count"
            );

            let (mut context, _) = load_executable(&bytes);
            let data: Vec<Vec<u8>> = inputs.iter().map(|(_, _, bytes)| bytes.clone()).collect();
            let slots = slots(&data, &plan.scratch);
            let dispatches: Vec<(&str, &[usize], &[u32])> = plan
                .dispatches
                .iter()
                .map(|(e, b, c)| (e.as_str(), b.as_slice(), c.as_slice()))
                .collect();
            run_with_constants(&mut context, &dispatches, &slots);

            let loose = function == "f32_unary";
            for (index, ((slot, offset), want)) in
                plan.results.iter().zip(&expected).enumerate()
            {
                let (shape, element_type) =
                    rt_core::hal::text_format::parse_shape_and_element_type(
                        want.split_once('=').unwrap().0,
                    )
                    .unwrap();
                let length = shape.iter().product::<usize>() * element_type.byte_size();
                let bytes = read(&slots[*slot], *offset, length);
                let ours =
                    format_buffer_view(&shape, element_type, &bytes, DEFAULT_MAX_ELEMENT_COUNT)
                        .unwrap();
                if let Err(why) = same_result(&ours, want, loose) {
                    failures.push(format!("{name}.{function} result {index}: {why}"));
                }
            }
        }
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(format!("{} results differ:\n{}", failures.len(), failures.join("\n"))),
    }
}
