//! Weft's buffer-view text form against the reference: `iree-run-module` 3.13.0 from the
//! project's `.venv`, running the programs of `tests/programs/haltext/` (built for vmvx by
//! `tests/scripts/build-fixtures.sh`).
//!
//! No expected output is written here by hand. Every case feeds the same values to both sides:
//! - identity programs: the input text goes to Weft's parser and to iree-run-module; the
//!   parsed bytes must equal what the program returns (`--output=@file.bin`), and Weft's
//!   formatting of them must equal the line iree-run-module printed;
//! - bit-pattern programs reinterpret integers as floats, so arbitrary float values (every
//!   f16 and bf16, random f32 and f64, subnormals, NaNs, decimal ties) are printed by the
//!   reference without passing through any parser;
//! - computed programs return values made on the device, read back exactly with
//!   `--output=@file.bin` and formatted by Weft.

use crate::Test;
use std::path::{Path, PathBuf};
use std::process::Command;
use weft_test_support::{fixture, scratch_dir, venv_tool};

use rt_core::hal::text_format::{format_buffer_view, parse_buffer_view, parse_scalar, Scalar};
use rt_core::hal::{format_scalar, ElementType};
use rt_core::DEFAULT_MAX_ELEMENT_COUNT;

/// One printed result of iree-run-module.
#[derive(Debug, PartialEq)]
enum Printed {
    /// The line after `result[i]: hal.buffer_view`.
    BufferView(String),
    /// The text after `result[i]: ` for a VM value, e.g. `i32=7`.
    Scalar(String),
}

fn invoke(module: &str, function: &str, inputs: &[String], extra: &[String]) -> String {
    let mut command = Command::new(venv_tool("iree-run-module"));
    command
        .arg("--device=local-sync")
        .arg(format!("--module={}", fixture("haltext", &format!("{module}.vmvx")).path.display()))
        .arg(format!("--function={function}"));
    for input in inputs {
        command.arg(format!("--input={input}"));
    }
    command.args(extra);
    let output = command.output().expect("running iree-run-module");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "iree-run-module {module} @{function} failed on inputs {:?}:\n{}{}",
        inputs.iter().map(|i| i.chars().take(80).collect::<String>()).collect::<Vec<_>>(),
        stdout,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs `@function` and returns what it printed for each result.
fn run_printed(module: &str, function: &str, inputs: &[String], extra: &[String]) -> Vec<Printed> {
    let stdout = invoke(module, function, inputs, extra);
    let mut results = Vec::new();
    let mut lines = stdout.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("EXEC @") {
            continue;
        }
        let rest = line
            .strip_prefix("result[")
            .and_then(|rest| rest.split_once("]: "))
            .map(|(_, value)| value)
            .unwrap_or_else(|| panic!("unexpected iree-run-module output line: {line}"));
        if rest == "hal.buffer_view" {
            results.push(Printed::BufferView(lines.next().unwrap().to_string()));
        } else {
            results.push(Printed::Scalar(rest.to_string()));
        }
    }
    results
}

/// Runs `@function` writing each of its `result_count` results to a binary file; returns
/// their exact bytes.
fn run_bytes(module: &str, function: &str, inputs: &[String], result_count: usize) -> Vec<Vec<u8>> {
    let dir = scratch_dir("hal-text");
    let paths: Vec<PathBuf> = (0..result_count).map(|i| dir.join(format!("r{i}.bin"))).collect();
    let outputs: Vec<String> = paths.iter().map(|p| format!("--output=@{}", p.display())).collect();
    invoke(module, function, inputs, &outputs);
    let bytes = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    std::fs::remove_dir_all(dir).unwrap();
    bytes
}

fn buffer_view_line(printed: &Printed) -> &str {
    match printed {
        Printed::BufferView(line) => line,
        Printed::Scalar(text) => panic!("expected a buffer view result, got scalar {text}"),
    }
}

/// Writes `bytes` to a file and returns the `--input=` form that reads them raw.
fn raw_input(metadata: &str, bytes: &[u8], dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    format!("{metadata}=@{}", path.display())
}

/// Parses `input` with Weft and through an identity function of the reference; checks the
/// bytes and the printed text.
fn check_identity(function: &str, input: &str) {
    let inputs = [input.to_string()];
    let (shape, element_type, bytes) =
        parse_buffer_view(input).unwrap_or_else(|e| panic!("Weft rejected `{input}`: {e}"));
    let reference_bytes = run_bytes("identity", function, &inputs, 1).remove(0);
    assert_eq!(bytes, reference_bytes, "parsed bytes of `{input}` ({element_type})");
    let printed = run_printed("identity", function, &inputs, &[]);
    assert_eq!(printed.len(), 1);
    let ours = format_buffer_view(&shape, element_type, &bytes, DEFAULT_MAX_ELEMENT_COUNT).unwrap();
    assert_eq!(ours, buffer_view_line(&printed[0]), "formatting `{input}`");
}

fn identity_round_trips_match_reference() {
    let cases: &[(&str, &str)] = &[
        // Floats that stress %G: thirds, ties, exponent switch points, extremes.
        ("f32", "6xf32=0.1 1e-7 1e20 123456789 -0 nan"),
        ("f32", "8xf32=inf -inf 1e-40 1e-45 3.4e38 -3.4028235e38 1.17549435e-38 -1e-39"),
        ("f32", "10xf32=1234565 1234575 999999.5 999999.4 100000 1000000 0.0001 0.00001 0.000123456789 -2.25"),
        ("f32", "8xf32=0.333333333 0.6666667 3.14159265 2.71828183 1e-5 9.9999e-5 123456.5 1.5e-45"),
        ("f32", "6xf32=NaN -nan Infinity -INF +5 .5"),
        ("f32", "4xf32=0x1p3 -0x1.8p-2 0x.1p4 0X1P-149"),
        ("f32", "5xf32=5. 1E3 -1e+2 007 1e-0"),
        // Separators, brackets, splat, zero fill, quotes.
        ("f32", "3xf32=1,2,3"),
        ("f32", "4xf32=[1 2]\t[3\n4]"),
        ("f32", "4xf32=7"),
        ("f32", "4xf32=[7.5]"),
        ("f32", "4xf32"),
        ("f32", "4xf32="),
        ("f32", "\"2xf32=1 2\""),
        ("f32", "  3xf32=1 2 3  "),
        ("f32", "0xf32"),
        ("f32", "1xf32=42"),
        // Rank 0, 2, 3 and empty dimensions.
        ("f32_0d", "f32=1.5"),
        ("f32_0d", "f32=-1e-10"),
        ("f32_2d", "2x3xf32=[1 2 3][4 5 6]"),
        ("f32_2d", "2x3xf32=1 2 3 4 5 6"),
        ("f32_2d", "2x0xf32"),
        ("f32_2d", "0x3xf32"),
        ("f32_2d", "1x1xf32=9"),
        ("f32_3d", "2x2x3xf32=1 2 3 4 5 6 7 8 9 10 11 12"),
        ("f32_3d", "2x0x3xf32"),
        ("f32_3d", "3x1x2xf32=-1"),
        // f64.
        ("f64", "6xf64=0.1 1e-300 1e300 0.3333333333333333 4.9e-324 -1.7976931348623157e308"),
        ("f64", "4xf64=1e-320 123456789012 nan -inf"),
        // Narrow floats: parsed as f32, then narrowed with IREE's rounding.
        ("f16", "8xf16=0.1 65504 1e-7 70000 -0 65519 65520 3.14159"),
        ("f16", "8xf16=4e-8 3e-8 2.98023223876953125e-8 5.96e-8 6.1e-5 -6.097e-5 nan -nan"),
        ("f16", "4xf16=inf -inf 1.0009765625 1.00048828125"),
        ("bf16", "6xbf16=0.1 3.14159 1e30 -2 1e-39 -1e-45"),
        ("bf16", "6xbf16=nan -nan inf 3.4e38 1.00390625 1.01171875"),
        ("f8e4m3fn", "6xf8E4M3FN=1 448 1000 nan 0.01 -3.3"),
        ("f8e5m2", "6xf8E5M2=1 448 1e6 -nan 1e-5 57344"),
        ("f8e4m3fnuz", "5xf8E4M3FNUZ=1 -0 1000 nan 0.001"),
        ("f8e5m2fnuz", "5xf8E5M2FNUZ=0.1 -0 nan 1e-6 60000"),
        ("f8e8m0fnu", "6xf8E8M0FNU=1 3 0.1 -1 1e38 nan"),
        // Integers: decimal, hex, octal, signless ranges, extremes.
        ("i1", "4xi1=01 00 01 00"),
        ("i1", "3xi1=ff 0A 00"),
        ("i8", "6xi8=-128 127 255 0x10 010 -0x7f"),
        ("i16", "5xi16=65535 -32768 32767 0xFFFF 0"),
        ("i32", "6xi32=010 0x10 -2147483648 3000000000 4294967295 +17"),
        ("i32_0d", "i32=4"),
        ("i32_2d", "2x2xi32=[1 -2][3 -4]"),
        ("i64", "4xi64=-9223372036854775808 9223372036854775807 0x7fffffffffffffff 0"),
        ("si8", "3xsi8=-128 127 0"),
        ("ui8", "3xui8=0 255 0xff"),
        ("ui16", "2xui16=65535 0"),
        ("ui32", "2xui32=4294967295 0x80000000"),
        ("si64", "2xsi64=-1 9223372036854775807"),
        ("ui64", "2xui64=18446744073709551615 0xffffffffffffffff"),
        // Types without a numeric form print as hex bytes.
        ("cf64", "2xcf64=0000803F00000040 0000000000000000"),
    ];
    for (function, input) in cases {
        check_identity(function, input);
    }
}

fn long_tensors_are_elided_like_reference() {
    let values: Vec<String> = (0..3000).map(|i| format!("{}", i as f32 * 0.37 - 500.0)).collect();
    let dir = scratch_dir("hal-text");
    let cases = [
        ("f32", format!("3000xf32={}", values.join(" "))),
        ("f32_2d", format!("40x60xf32={}", values[..2400].join(" "))),
        ("f32_3d", format!("3x20x30xf32={}", values[..1800].join(" "))),
        ("f32_3d", format!("2x1100x1xf32={}", values[..2200].join(" "))),
    ];
    for (function, input) in &cases {
        // Keep the argument short: hand the values over as a raw file.
        let (shape, element_type, bytes) = parse_buffer_view(input).unwrap();
        let metadata = input.split_once('=').unwrap().0;
        let raw = raw_input(metadata, &bytes, &dir, "long.bin");
        let counts =
            [None, Some(0), Some(1), Some(5), Some(59), Some(60), Some(61), Some(1799), Some(5000)];
        for count in counts {
            let extra: Vec<String> =
                count.iter().map(|n| format!("--output_max_element_count={n}")).collect();
            let printed = run_printed("identity", function, std::slice::from_ref(&raw), &extra);
            let ours = format_buffer_view(
                &shape,
                element_type,
                &bytes,
                count.unwrap_or(DEFAULT_MAX_ELEMENT_COUNT),
            )
            .unwrap();
            assert_eq!(ours, buffer_view_line(&printed[0]), "{metadata} with max {count:?}");
        }
        // The reference's bytes for the same text agree with Weft's parser.
        assert_eq!(run_bytes("identity", function, &[raw], 1)[0], bytes);
    }
    // Rank 0 with a zero budget prints only the ellipsis.
    let printed = run_printed(
        "identity",
        "f32_0d",
        &["f32=3".into()],
        &["--output_max_element_count=0".into()],
    );
    let (shape, element_type, bytes) = parse_buffer_view("f32=3").unwrap();
    assert_eq!(
        format_buffer_view(&shape, element_type, &bytes, 0).unwrap(),
        buffer_view_line(&printed[0])
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A small deterministic generator (xorshift64*), so that failures reproduce.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// f32 bit patterns that stress decimal conversion: specials, subnormal and normal edges,
/// powers of ten and their neighbours, integers that are decimal ties at six digits, and
/// random patterns.
fn interesting_f32_bits() -> Vec<u32> {
    let mut bits = vec![
        0,
        0x8000_0000,
        1,
        0x8000_0001,
        0x007F_FFFF,
        0x0080_0000,
        0x7F7F_FFFF,
        0xFF7F_FFFF,
        0x7F80_0000,
        0xFF80_0000,
        0x7FC0_0000,
        0xFFC0_0000,
        0x7F80_0001,
        0x7FFF_FFFF,
        0xFFFF_FFFF,
        0x3F80_0000,
        0x3DCC_CCCD,
        0x3EAA_AAAB,
    ];
    for exponent in -45..=38 {
        let value = format!("1e{exponent}").parse::<f32>().unwrap().to_bits();
        bits.extend([value.wrapping_sub(1), value, value + 1]);
    }
    for integer in [1234565u32, 1234575, 9999995, 999999, 1000001, 8765435, 16777215, 123456] {
        let value = (integer as f32).to_bits();
        bits.extend([value - 1, value, value + 1]);
    }
    for scaled in
        [0.5f32, 0.25, 0.125, 1.5, 2.5, 0.0001, 0.00001, 99999.95, 999999.5, 1e-4, 9.999995e-5]
    {
        bits.push(scaled.to_bits());
    }
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..6000 {
        bits.push(random.next() as u32);
    }
    // Random values in the range where %G switches between fixed and exponent forms.
    for _ in 0..2000 {
        let exponent = (random.next() % 40) as i32 - 20;
        let mantissa = 1.0 + (random.next() % 1_000_000) as f32 / 1_000_000.0;
        bits.push((mantissa * 10f32.powi(exponent)).to_bits());
    }
    bits
}

fn check_bits(function: &str, element_type: ElementType, metadata: &str, bytes: &[u8]) {
    let dir = scratch_dir("hal-text");
    let input = raw_input(metadata, bytes, &dir, "bits.bin");
    let printed =
        run_printed("bits", function, &[input], &["--output_max_element_count=1000000".into()]);
    let count = bytes.len() / element_type.byte_size();
    let ours = format_buffer_view(&[count], element_type, bytes, usize::MAX).unwrap();
    let theirs = buffer_view_line(&printed[0]);
    if ours != theirs {
        // Point at the first differing element rather than dumping two huge lines.
        let ours_elements = ours.split_once('=').unwrap().1.split(' ');
        let theirs_elements = theirs.split_once('=').unwrap().1.split(' ');
        for (index, (a, b)) in ours_elements.zip(theirs_elements).enumerate() {
            let size = element_type.byte_size();
            assert_eq!(
                a,
                b,
                "{element_type} element {index}, bytes {:02x?}",
                &bytes[index * size..(index + 1) * size]
            );
        }
        panic!("{element_type}: element counts differ");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn f32_values_print_like_reference() {
    let bits = interesting_f32_bits();
    let bytes: Vec<u8> = bits.iter().flat_map(|b| b.to_le_bytes()).collect();
    check_bits("f32_from_bits", ElementType::F32, &format!("{}xi32", bits.len()), &bytes);
}

fn f64_values_print_like_reference() {
    let mut bits: Vec<u64> = vec![
        0,
        1 << 63,
        1,
        0x000F_FFFF_FFFF_FFFF,
        0x0010_0000_0000_0000,
        0x7FEF_FFFF_FFFF_FFFF,
        0x7FF0_0000_0000_0000,
        0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000,
        0xFFF8_0000_0000_0000,
        0x7FF0_0000_0000_0001,
        0.1f64.to_bits(),
        (1.0f64 / 3.0).to_bits(),
        1234565.0f64.to_bits(),
        0.0001234565f64.to_bits(),
    ];
    for exponent in -323..=308 {
        let value = format!("1e{exponent}").parse::<f64>().unwrap().to_bits();
        bits.extend([value - 1, value, value + 1]);
    }
    let mut random = Random(0xD1B5_4A32_D192_ED03);
    for _ in 0..6000 {
        bits.push(random.next());
    }
    for _ in 0..2000 {
        let exponent = (random.next() % 40) as i32 - 20;
        let mantissa = 1.0 + (random.next() % 1_000_000) as f64 / 1_000_000.0;
        bits.push((mantissa * 10f64.powi(exponent)).to_bits());
    }
    let bytes: Vec<u8> = bits.iter().flat_map(|b| b.to_le_bytes()).collect();
    check_bits("f64_from_bits", ElementType::F64, &format!("{}xi64", bits.len()), &bytes);
}

fn every_f16_and_bf16_prints_like_reference() {
    let bytes: Vec<u8> = (0..=u16::MAX).flat_map(|b| b.to_le_bytes()).collect();
    check_bits("f16_from_bits", ElementType::F16, "65536xi16", &bytes);
    check_bits("bf16_from_bits", ElementType::BF16, "65536xi16", &bytes);
    let bytes: Vec<u8> = (0..=u8::MAX).collect();
    check_bits("f8e4m3fn_from_bits", ElementType::FLOAT_8_E4M3_FN, "256xi8", &bytes);
}

fn scalar_results_print_like_reference() {
    let mut random = Random(0x1234_5678_9ABC_DEF1);
    let mut f32_bits =
        vec![0u32, 0x8000_0000, 1, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000];
    f32_bits
        .extend([0.1f32, 1e20, 123456789.0, 1e-5, 0.0001, 1234565.0, 999999.5].map(f32::to_bits));
    f32_bits.extend((0..8).map(|_| random.next() as u32));
    for bits in f32_bits {
        let printed =
            run_printed("bits", "scalar_f32_from_bits", &[format!("{}", bits as i32)], &[]);
        assert_eq!(
            printed,
            [Printed::Scalar(format_scalar(Scalar::F32(f32::from_bits(bits))))],
            "{bits:#x}"
        );
    }
    let mut f64_bits = vec![0u64, 1 << 63, 1, 0x7FF0_0000_0000_0000, 0xFFF8_0000_0000_0000];
    f64_bits.extend([0.1f64, 1e-300, 1e300, 1.0 / 3.0].map(f64::to_bits));
    f64_bits.extend((0..8).map(|_| random.next()));
    for bits in f64_bits {
        let printed =
            run_printed("bits", "scalar_f64_from_bits", &[format!("{}", bits as i64)], &[]);
        assert_eq!(
            printed,
            [Printed::Scalar(format_scalar(Scalar::F64(f64::from_bits(bits))))],
            "{bits:#x}"
        );
    }
}

fn scalar_inputs_parse_like_reference() {
    let cases: &[(&str, ElementType, &[&str])] = &[
        (
            "scalar_i32",
            ElementType::I32,
            &["7", "-7", "0x10", "010", "3000000000", "-2147483648", "(null)"],
        ),
        (
            "scalar_i64",
            ElementType::I64,
            &["-7", "9223372036854775807", "0x7fffffffffffffff", "(ignored)"],
        ),
        (
            "scalar_f32",
            ElementType::F32,
            &["0.1", "1e20", "-0", "nan", "-inf", "1e-40", "123456789", "0x1p-3"],
        ),
        ("scalar_f64", ElementType::F64, &["0.1", "1e-300", "4.9e-324", "123456789", "-nan"]),
    ];
    for (function, element_type, inputs) in cases {
        for input in *inputs {
            let value = parse_scalar(input, *element_type).unwrap();
            let printed = run_printed("identity", function, &[input.to_string()], &[]);
            assert_eq!(printed, [Printed::Scalar(format_scalar(value))], "{function} `{input}`");
        }
    }
}

fn computed_results_print_like_reference() {
    let values: Vec<String> = (0..3000).map(|i| format!("{}", i as f32 * 1.7)).collect();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("unary", vec!["16xf32=0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 100".into()]),
        (
            "unary",
            vec!["16xf32=-1 0.5 1e-3 1e-6 1e3 88 89 -88 -104 1e-38 3 33 333 3333 33333 333333"
                .into()],
        ),
        ("f64_thirds", vec!["8xf64=1 2 4 5 1e300 1e-300 7 1e-310".into()]),
        ("scalars", vec!["1".into(), "1".into(), "7".into(), "3000000000".into()]),
        ("scalars", vec!["-1e-39".into(), "1e308".into(), "-715827883".into(), "-9".into()]),
        ("long_1d", vec![format!("3000xf32={}", values.join(" "))]),
        ("long_3d", vec!["4x30x50xi32=5".into()]),
    ];
    for (function, inputs) in cases {
        let printed = run_printed("compute", function, &inputs, &[]);
        let bytes = run_bytes("compute", function, &inputs, printed.len());
        for (index, (printed, bytes)) in printed.iter().zip(&bytes).enumerate() {
            match printed {
                Printed::BufferView(line) => {
                    let metadata = line.split_once('=').unwrap().0;
                    let (shape, element_type) =
                        rt_core::hal::text_format::parse_shape_and_element_type(metadata).unwrap();
                    let ours =
                        format_buffer_view(&shape, element_type, bytes, DEFAULT_MAX_ELEMENT_COUNT)
                            .unwrap();
                    assert_eq!(&ours, line, "@{function} result {index}");
                }
                Printed::Scalar(text) => {
                    let value = match text.split_once('=').unwrap().0 {
                        "i32" => Scalar::I32(i32::from_le_bytes(bytes[..4].try_into().unwrap())),
                        "i64" => Scalar::I64(i64::from_le_bytes(bytes[..8].try_into().unwrap())),
                        "f32" => Scalar::F32(f32::from_le_bytes(bytes[..4].try_into().unwrap())),
                        "f64" => Scalar::F64(f64::from_le_bytes(bytes[..8].try_into().unwrap())),
                        other => panic!("unexpected scalar type {other}"),
                    };
                    assert_eq!(&format_scalar(value), text, "@{function} result {index}");
                }
            }
        }
    }
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("identity_round_trips_match_reference", identity_round_trips_match_reference),
    ("long_tensors_are_elided_like_reference", long_tensors_are_elided_like_reference),
    ("f32_values_print_like_reference", f32_values_print_like_reference),
    ("f64_values_print_like_reference", f64_values_print_like_reference),
    ("every_f16_and_bf16_prints_like_reference", every_f16_and_bf16_prints_like_reference),
    ("scalar_results_print_like_reference", scalar_results_print_like_reference),
    ("scalar_inputs_parse_like_reference", scalar_inputs_parse_like_reference),
    ("computed_results_print_like_reference", computed_results_print_like_reference),
];
