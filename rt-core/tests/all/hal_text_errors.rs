//! Bad text input: every error names what was wrong and what was expected. Where
//! iree-run-module 3.13.0 rejects the same text, the test checks that it does (so Weft is not
//! stricter by accident); the cases Weft rejects but the reference silently accepts are listed
//! separately.

use crate::Test;
use std::process::Command;
use weft_test_support::{fixture, venv_tool};

use rt_core::hal::text_format::{parse_buffer_view, parse_scalar};
use rt_core::hal::ElementType;

fn message_for(text: &str) -> String {
    match parse_buffer_view(text) {
        Ok((shape, element_type, _)) => {
            panic!("`{text}` was accepted as {shape:?} {element_type}, expected an error")
        }
        Err(error) => error.to_string(),
    }
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "error message lacks `{part}`:\n  {message}");
    }
}

/// Whether iree-run-module rejects `input` for `@function` of the identity fixture.
fn reference_rejects(function: &str, input: &str) -> bool {
    let output = Command::new(venv_tool("iree-run-module"))
        .arg("--device=local-sync")
        .arg(format!("--module={}", fixture("haltext", "identity.vmvx").path.display()))
        .arg(format!("--function={function}"))
        .arg(format!("--input={input}"))
        .output()
        .unwrap();
    !output.status.success()
}

/// (identity function, input, parts the message must contain)
const REJECTED_BY_BOTH: &[(&str, &str, &[&str])] = &[
    // Wrong element count.
    ("f32", "3xf32=1 2", &["got 2 elements", "expected 3 f32 elements", "a single one"]),
    ("f32", "3xf32=1 2 3 4", &["got 4 elements", "expected 3 f32 elements"]),
    ("f32", "3xf32=[]", &["got 0 elements", "expected 3"]),
    ("f32_0d", "f32=1 2", &["got 2 elements", "expected 1 f32 element "]),
    ("f32", "0xf32=1", &["got 1 element,", "expected 0 f32 elements"]),
    ("f32_2d", "2x3xf32=1 2 3 4", &["got 4 elements", "expected 6 f32 elements"]),
    // Bad element type names.
    ("f32", "3xfloat=1", &["unknown element type `float`", "such as", "f32"]),
    ("f32", "3xf33=1", &["`f33`", "33 bits", "16, 32, 64 or 128 bits"]),
    ("f32", "3xq8=1", &["`q8`", "such as"]),
    // Bad numbers.
    ("f32", "3xf32=1 abc 3", &["element 1 `abc`", "not a valid f32", "expected a number"]),
    ("f32", "2xf32=1e-50 1", &["`1e-50`", "round to zero", "expected 0 or a magnitude"]),
    ("f64", "2xf64=1e-400 1", &["`1e-400`", "f64", "round to zero"]),
    ("i8", "2xi8=300 1", &["element 0 `300`", "not a valid i8", "from -128 to 255"]),
    ("i8", "2xi8=-129 1", &["`-129`", "from -128 to 255"]),
    ("ui8", "2xui8=256 1", &["`256`", "ui8", "from 0 to 255"]),
    (
        "i64",
        "1xi64=9223372036854775808",
        &["`9223372036854775808`", "i64", "to 9223372036854775807"],
    ),
    ("i1", "2xi1=1 0", &["element 0 `1`", "not a valid i1", "2 hexadecimal digits", "`01`"]),
    ("i1", "2xi1=true false", &["`true`", "2 hexadecimal digits"]),
    // Bad shapes and missing metadata.
    (
        "f32_3d",
        "2xax3xf32=1",
        &["shape `2xax3`", "dimension 1 is `a`", "non-negative decimal integer"],
    ),
    ("f32", "-1xf32", &["dimension 0 is `-1`", "non-negative"]),
    ("f32_0d", "f32", &["`f32` is not a buffer view", "expected a shape and element type"]),
];

fn errors_name_the_problem_and_the_expectation() {
    for (_, input, parts) in REJECTED_BY_BOTH {
        assert_mentions(&message_for(input), parts);
    }
    assert_mentions(&message_for(""), &["empty", "expected"]);
    assert_mentions(&message_for("   "), &["empty", "expected"]);
}

fn reference_rejects_the_same_inputs() {
    for (function, input, _) in REJECTED_BY_BOTH {
        assert!(reference_rejects(function, input), "iree-run-module accepted `{input}`");
    }
}

/// Text iree-run-module reads leniently (its strtol/strtof stop at the first bad character
/// and it truncates out-of-range i32 values) but Weft rejects, naming the problem.
fn weft_is_stricter_than_reference_on_junk() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("f32", "2xf32=1.5x 2", &["`1.5x`", "expected a number"]),
        ("i8", "2xi8=1.5 2", &["`1.5`", "expected an integer"]),
        ("i32", "1xi32=08", &["`08`", "octal"]),
        ("i32", "1xi32=5000000000", &["`5000000000`", "from -2147483648 to 4294967295"]),
        ("ui32", "1xui32=-1", &["`-1`", "from 0 to 4294967295"]),
    ];
    for (function, input, parts) in cases {
        assert_mentions(&message_for(input), parts);
        assert!(!reference_rejects(function, input), "iree-run-module now rejects `{input}` too");
    }
}

fn bad_scalars() {
    let message = |text: &str, ty: ElementType| parse_scalar(text, ty).unwrap_err().to_string();
    assert_mentions(&message("abc", ElementType::I32), &["`abc`", "i32", "expected an integer"]);
    assert_mentions(&message("1.5", ElementType::I64), &["`1.5`", "i64", "expected an integer"]);
    assert_mentions(&message("x", ElementType::F32), &["`x`", "f32", "expected a number"]);
    assert_mentions(&message("", ElementType::F64), &["no value", "f64", "expected a number"]);
    assert_mentions(&message("1", ElementType::F16), &["f16", "i32, i64, f32 or f64"]);
    assert_mentions(&message("1e-50", ElementType::F32), &["`1e-50`", "round to zero"]);
}

fn unknown_element_type_values() {
    let message = |value: u32| ElementType::from_u32(value).unwrap_err().to_string();
    assert_mentions(
        &message(0x2100_0018),
        &["0x21000018", "IEEE float", "24 bits", "16, 32, 64 or 128"],
    );
    assert_mentions(&message(0x7700_0020), &["0x77000020", "numerical type 0x77", "0x21-0x28"]);
    assert_mentions(&message(0x1000_0120), &["reserved bits", "expected zero"]);
    assert_mentions(&message(0x1300_0001), &["boolean", "8 bits"]);
}

/// This module's tests, for the harness (main.rs).
pub const TESTS: &[Test] = &[
    ("errors_name_the_problem_and_the_expectation", errors_name_the_problem_and_the_expectation),
    ("reference_rejects_the_same_inputs", reference_rejects_the_same_inputs),
    ("weft_is_stricter_than_reference_on_junk", weft_is_stricter_than_reference_on_junk),
    ("bad_scalars", bad_scalars),
    ("unknown_element_type_values", unknown_element_type_values),
];
