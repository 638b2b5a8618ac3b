//! Weft's `.npy` reader and writer against iree-run-module 3.13.0: files it writes
//! (`--output=@file.npy`) must equal Weft's byte for byte, and files Weft writes or NumPy
//! writes (versions 1, 2 and 3) must read back as the reference reads them (`--input=@file.npy`,
//! compared through the printed result).

use crate::Test;
use std::path::PathBuf;
use std::process::Command;
use weft_test_support::{fixture, scratch_dir, venv_tool};

use rt_core::hal::npy::{read_npy, write_npy};
use rt_core::hal::text_format::{format_buffer_view, parse_buffer_view};
use rt_core::DEFAULT_MAX_ELEMENT_COUNT;

fn identity_module() -> PathBuf {
    fixture("haltext", "identity.vmvx").path
}

/// Runs an identity function; returns stdout.
fn run(function: &str, input: &str, extra: &[String]) -> String {
    let output = Command::new(venv_tool("iree-run-module"))
        .arg("--device=local-sync")
        .arg(format!("--module={}", identity_module().display()))
        .arg(format!("--function={function}"))
        .arg(format!("--input={input}"))
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "iree-run-module @{function} `{input}` failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn printed_buffer_view(stdout: &str) -> &str {
    let mut lines = stdout.lines().skip_while(|line| *line != "result[0]: hal.buffer_view");
    lines.next().expect("a buffer view result");
    lines.next().unwrap()
}

const CASES: &[(&str, &str)] = &[
    ("f32", "5xf32=0.1 -2 1e20 nan -inf"),
    ("f32_0d", "f32=1.5"),
    ("f32_2d", "2x3xf32=1 2 3 4 5 6"),
    ("f32_3d", "2x1x2xf32=1 2 3 4"),
    ("f32", "0xf32"),
    ("f64", "2xf64=0.1 1e-300"),
    ("f16", "3xf16=0.1 65504 -0"),
    ("i1", "3xi1=01 00 01"),
    ("i8", "3xi8=-1 2 127"),
    ("i16", "2xi16=-300 7"),
    ("i32", "3xi32=1 -2 2147483647"),
    ("i64", "2xi64=-9223372036854775808 5"),
    ("ui8", "2xui8=255 0"),
    ("ui32", "2xui32=4294967295 1"),
    ("cf64", "1xcf64=0000803F00000040"),
];

fn writer_matches_reference_output_files() {
    let dir = scratch_dir("hal-npy");
    for (function, input) in CASES {
        let path = dir.join("out.npy");
        run(function, input, &[format!("--output=@{}", path.display())]);
        let reference = std::fs::read(&path).unwrap();
        let (shape, element_type, bytes) = parse_buffer_view(input).unwrap();
        let ours = write_npy(&shape, element_type, &bytes).unwrap();
        assert_eq!(ours, reference, "npy of `{input}`");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn reader_reads_as_reference_does() {
    let dir = scratch_dir("hal-npy");
    for (function, input) in CASES {
        // Weft writes, both read: the printed results must agree.
        let (shape, element_type, bytes) = parse_buffer_view(input).unwrap();
        let path = dir.join("in.npy");
        std::fs::write(&path, write_npy(&shape, element_type, &bytes).unwrap()).unwrap();
        let file = std::fs::read(&path).unwrap();
        let mut rest = &file[..];
        let (shape, element_type, data) = read_npy(&mut rest).unwrap();
        assert!(rest.is_empty());
        let stdout = run(function, &format!("@{}", path.display()), &[]);
        let ours =
            format_buffer_view(&shape, element_type, &data, DEFAULT_MAX_ELEMENT_COUNT).unwrap();
        assert_eq!(ours, printed_buffer_view(&stdout), "reading the npy of `{input}`");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn numpy_files_of_every_version_read_as_reference_does() {
    let dir = scratch_dir("hal-npy");
    // NumPy itself writes the files; versions 2 and 3 are forced.
    let script = r#"
import sys, numpy as np
from numpy.lib import format as f
out = sys.argv[1]
arrays = {
  'f32_v1': (np.arange(6, dtype=np.float32).reshape(2, 3) / 7, (1, 0)),
  'f32_v2': (np.array([0.1, -2.5, 1e-40], dtype=np.float32), (2, 0)),
  'f32_v3': (np.array([[1.5]], dtype=np.float32), (3, 0)),
  'i1_v1': (np.array([True, False, True]), (1, 0)),
  'f16_v1': (np.array([0.1, 65504, -0.0], dtype=np.float16), (1, 0)),
  'f64_v1': (np.array(1 / 3), (1, 0)),
  'i64_v1': (np.array([-1, 2**62], dtype=np.int64), (1, 0)),
  'u16_v1': (np.array([65535, 1], dtype=np.uint16), (1, 0)),
}
for name, (array, version) in arrays.items():
    with open(f'{out}/{name}.npy', 'wb') as fh:
        f.write_array(fh, array, version=version)
"#;
    let status =
        Command::new(venv_tool("python")).arg("-c").arg(script).arg(&dir).status().unwrap();
    assert!(status.success(), "numpy failed to write the test arrays");
    let cases = [
        ("f32_v1", "f32_2d"),
        ("f32_v2", "f32"),
        ("f32_v3", "f32_2d"),
        ("i1_v1", "i1"),
        ("f16_v1", "f16"),
        ("f64_v1", "f32_0d"), // the identity function passes any view through unchecked
        ("i64_v1", "i64"),
        ("u16_v1", "ui16"),
    ];
    for (name, function) in cases {
        let path = dir.join(format!("{name}.npy"));
        let file = std::fs::read(&path).unwrap();
        let (shape, element_type, data) =
            read_npy(&mut &file[..]).unwrap_or_else(|e| panic!("{name}.npy: {e}"));
        let ours =
            format_buffer_view(&shape, element_type, &data, DEFAULT_MAX_ELEMENT_COUNT).unwrap();
        let output = Command::new(venv_tool("iree-run-module"))
            .arg("--device=local-sync")
            .arg(format!("--module={}", identity_module().display()))
            .arg(format!("--function={function}"))
            .arg(format!("--input=@{}", path.display()))
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        if output.status.success() {
            assert_eq!(ours, printed_buffer_view(&stdout), "{name}.npy");
        } else {
            panic!(
                "iree-run-module could not read {name}.npy: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn concatenated_arrays_read_in_order() {
    let mut file = write_npy(&[2], rt_core::hal::ElementType::F32, &[0; 8]).unwrap();
    file.extend(write_npy(&[], rt_core::hal::ElementType::I8, &[7]).unwrap());
    let mut rest = &file[..];
    let first = read_npy(&mut rest).unwrap();
    let second = read_npy(&mut rest).unwrap();
    assert_eq!(first.0, [2]);
    assert_eq!((second.0.len(), second.2), (0, vec![7]));
    assert!(rest.is_empty());
    assert!(read_npy(&mut rest).unwrap_err().to_string().contains("end of file"));
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("writer_matches_reference_output_files", writer_matches_reference_output_files),
    ("reader_reads_as_reference_does", reader_reads_as_reference_does),
    ("numpy_files_of_every_version_read_as_reference_does", numpy_files_of_every_version_read_as_reference_does),
    ("concatenated_arrays_read_in_order", concatenated_arrays_read_in_order),
];
