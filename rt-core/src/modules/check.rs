//! The `check` host module: the assertions IREE's self-checking test programs import
//! (`check.expect_true`, `check.expect_eq`, ...), so that programs written in IREE's e2e-test
//! style (functions without arguments over `util.unfoldable_constant`s) run on Weft.
//!
//! Exports and calling conventions follow upstream's module (`runtime/src/iree/modules/check`,
//! imported by the compiler from `check.imports.mlir`, version 0):
//!
//! | export             | cconv      | passes when                                              |
//! |--------------------|------------|----------------------------------------------------------|
//! | `expect_true`      | `0i_v`     | the i32 operand is nonzero                               |
//! | `expect_false`     | `0i_v`     | the i32 operand is zero                                  |
//! | `expect_all_true`  | `0rr_v`    | every element of an integer/bool buffer view is nonzero  |
//! | `expect_eq`        | `0rrr_v`   | same element type, same shape and the same bytes         |
//! | `expect_almost_eq` | `0rrrff_v` | same type and shape, every float element within          |
//! |                    |            | `atol + rtol * abs(rhs)` (NaN equals NaN)                 |
//!
//! The `check.expect_eq_const` / `check.expect_almost_eq_const` ops have no exports of their
//! own: the compiler materializes the constant as a buffer view and calls `expect_eq` /
//! `expect_almost_eq`. The first argument of the buffer-view checks is the program's HAL device;
//! Weft's buffers are always host-visible, so it is accepted and not used.
//!
//! Upstream records a failed expectation with gtest and lets the function continue; Weft has no
//! test framework underneath, so a failed expectation stops the call with an error naming the
//! check and showing both values (what `iree-check-module` would print).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::ErrorKind;
use crate::hal::buffer_view::BufferView;
use crate::hal::narrow_float::{bf16_to_f32, f16_to_f32};
use crate::hal::ElementType;
use crate::vm::{HostFlow, NativeFunction, NativeModule, Value};
use crate::Error;

pub const NAME: &str = "check";
pub const VERSION: u32 = 0;

/// Elements a failure message prints of each buffer view (upstream prints up to 1024).
const PRINT_LIMIT: usize = 1024;

const FUNCTIONS: [NativeFunction; 5] = [
    NativeFunction { name: "expect_true", cconv: "0i_v" },
    NativeFunction { name: "expect_false", cconv: "0i_v" },
    NativeFunction { name: "expect_all_true", cconv: "0rr_v" },
    NativeFunction { name: "expect_eq", cconv: "0rrr_v" },
    NativeFunction { name: "expect_almost_eq", cconv: "0rrrff_v" },
];

/// The `check` module. Register it in a context before loading a program that imports it.
#[derive(Default)]
pub struct CheckModule {
    passed: u64,
}

impl CheckModule {
    pub fn new() -> CheckModule {
        CheckModule { passed: 0 }
    }

    /// Expectations that passed so far.
    pub fn passed(&self) -> u64 {
        self.passed
    }
}

fn failure(check: &str, message: String) -> Error {
    Error::new(ErrorKind::Trap { message: format!("check.{check} failed: {message}"), backtrace: String::new() })
}

fn i32_arg(check: &str, args: &[Value], index: usize) -> Result<i32, Error> {
    match args.get(index) {
        Some(Value::I32(v)) => Ok(*v),
        other => Err(Error::invalid_argument(format!("check.{check}: argument {index} must be an i32, got {other:?}"))),
    }
}

fn f32_arg(check: &str, args: &[Value], index: usize) -> Result<f32, Error> {
    match args.get(index) {
        Some(Value::F32(v)) => Ok(*v),
        other => Err(Error::invalid_argument(format!("check.{check}: argument {index} must be an f32, got {other:?}"))),
    }
}

fn view_arg<'a>(check: &str, args: &'a [Value], index: usize) -> Result<&'a BufferView, Error> {
    match args.get(index) {
        Some(Value::Ref(Some(r))) => r.object::<BufferView>().ok_or_else(|| {
            Error::invalid_argument(format!("check.{check}: argument {index} must be a hal.buffer_view, got {}", r.type_name()))
        }),
        Some(Value::Ref(None)) => Err(Error::invalid_argument(format!("check.{check}: argument {index} is a null buffer view"))),
        other => Err(Error::invalid_argument(format!("check.{check}: argument {index} must be a hal.buffer_view, got {other:?}"))),
    }
}

/// The dense contents of a view (its buffer may be longer than the view).
fn contents(check: &str, view: &BufferView) -> Result<Vec<u8>, Error> {
    let length = view
        .byte_length()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| Error::invalid_argument(format!("check.{check}: buffer view {} is too large", view.describe())))?;
    let mut data = view.buffer.to_vec();
    if data.len() < length {
        return Err(Error::invalid_argument(format!(
            "check.{check}: buffer view {} needs {length} bytes, its buffer has {}",
            view.describe(),
            data.len()
        )));
    }
    data.truncate(length);
    Ok(data)
}

fn show(view: &BufferView) -> String {
    view.format(PRINT_LIMIT).unwrap_or_else(|e| format!("{} (unprintable: {e})", view.describe()))
}

/// `the values are not equal: the element types differ; ...` plus both values.
fn mismatch(check: &str, what: &str, reasons: &[&str], lhs: &BufferView, rhs: &BufferView) -> Error {
    failure(check, format!("the values are not {what}:{}\n  lhs:\n    {}\n  rhs:\n    {}", reasons.concat(), show(lhs), show(rhs)))
}

/// Loads element `i` of float data as f64 (`None` for types that are not floats).
fn float_at(element_type: ElementType, data: &[u8], i: usize) -> Option<f64> {
    let b = |n: usize| &data[i * n..i * n + n];
    Some(match element_type {
        ElementType::FLOAT_64 => f64::from_le_bytes(b(8).try_into().unwrap()),
        ElementType::FLOAT_32 => f32::from_le_bytes(b(4).try_into().unwrap()) as f64,
        ElementType::FLOAT_16 => f16_to_f32(u16::from_le_bytes(b(2).try_into().unwrap())) as f64,
        ElementType::BFLOAT_16 => bf16_to_f32(u16::from_le_bytes(b(2).try_into().unwrap())) as f64,
        _ => return None,
    })
}

/// Upstream's fuzzy comparison: equal, both NaN, or a finite expected value within
/// `atol + rtol * |expected|`.
fn almost_eq(actual: f64, expected: f64, atol: f64, rtol: f64) -> bool {
    if actual == expected || (actual.is_nan() && expected.is_nan()) {
        return true;
    }
    if !expected.is_finite() {
        return false;
    }
    (actual - expected).abs() <= atol + rtol * expected.abs()
}

impl CheckModule {
    fn expect_all_true(&self, view: &BufferView) -> Result<(), Error> {
        const CHECK: &str = "expect_all_true";
        let size = match view.element_type.numerical_type() {
            Some(crate::hal::element_type::NumericalType::Boolean)
            | Some(crate::hal::element_type::NumericalType::Integer)
            | Some(crate::hal::element_type::NumericalType::IntegerSigned)
            | Some(crate::hal::element_type::NumericalType::IntegerUnsigned)
                if matches!(view.element_type.bit_count(), 8 | 16 | 32 | 64) =>
            {
                view.element_type.byte_size()
            }
            _ => {
                return Err(Error::invalid_argument(format!(
                    "check.{CHECK}: unsupported element type {} (integer or boolean elements only)",
                    view.describe()
                )))
            }
        };
        let data = contents(CHECK, view)?;
        if let Some(index) = data.chunks(size).position(|e| e.iter().all(|&b| b == 0)) {
            return Err(failure(CHECK, format!("element {index} is zero; expected every element to be nonzero\n    {}", show(view))));
        }
        Ok(())
    }

    fn expect_eq(&self, lhs: &BufferView, rhs: &BufferView) -> Result<(), Error> {
        const CHECK: &str = "expect_eq";
        let mut reasons = Vec::new();
        if lhs.element_type != rhs.element_type {
            reasons.push(" the element types differ;");
        }
        if lhs.shape != rhs.shape {
            reasons.push(" the shapes differ;");
        }
        if contents(CHECK, lhs)? != contents(CHECK, rhs)? {
            reasons.push(" the contents differ;");
        }
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(mismatch(CHECK, "equal", &reasons, lhs, rhs))
        }
    }

    fn expect_almost_eq(&self, lhs: &BufferView, rhs: &BufferView, atol: f32, rtol: f32) -> Result<(), Error> {
        const CHECK: &str = "expect_almost_eq";
        let mut reasons = Vec::new();
        if lhs.element_type != rhs.element_type {
            reasons.push(String::from(" the element types differ;"));
        }
        if lhs.shape != rhs.shape {
            reasons.push(String::from(" the shapes differ;"));
        }
        if reasons.is_empty() {
            let element_type = lhs.element_type;
            let (l, r) = (contents(CHECK, lhs)?, contents(CHECK, rhs)?);
            let count = l.len() / element_type.byte_size().max(1);
            for i in 0..count {
                let (Some(a), Some(b)) = (float_at(element_type, &l, i), float_at(element_type, &r, i)) else {
                    return Err(Error::invalid_argument(format!(
                        "check.{CHECK}: unsupported element type {} (f16, bf16, f32 or f64 only)",
                        lhs.describe()
                    )));
                };
                if !almost_eq(a, b, atol as f64, rtol as f64) {
                    reasons.push(format!(
                        " element {i} is {a} on the left and {b} on the right, {:.3e} apart, beyond atol={atol}, rtol={rtol};",
                        b - a
                    ));
                    break;
                }
            }
        }
        if reasons.is_empty() {
            Ok(())
        } else {
            let reasons: Vec<&str> = reasons.iter().map(String::as_str).collect();
            Err(mismatch(CHECK, "nearly equal", &reasons, lhs, rhs))
        }
    }
}

impl NativeModule for CheckModule {
    fn name(&self) -> &str {
        NAME
    }

    fn version(&self) -> u32 {
        VERSION
    }

    fn functions(&self) -> &[NativeFunction] {
        &FUNCTIONS
    }

    fn call(&mut self, ordinal: usize, args: &[Value], _results: &mut Vec<Value>) -> Result<HostFlow, Error> {
        let Some(function) = FUNCTIONS.get(ordinal) else {
            return Err(Error::invalid_argument(format!(
                "check: function ordinal {ordinal} is out of range (the module has {} functions)",
                FUNCTIONS.len()
            )));
        };
        let check = function.name;
        match ordinal {
            0 => {
                let v = i32_arg(check, args, 0)?;
                if v == 0 {
                    return Err(failure(check, format!("expected {v} to be nonzero")));
                }
            }
            1 => {
                let v = i32_arg(check, args, 0)?;
                if v != 0 {
                    return Err(failure(check, format!("expected {v} to be zero")));
                }
            }
            2 => self.expect_all_true(view_arg(check, args, 1)?)?,
            3 => self.expect_eq(view_arg(check, args, 1)?, view_arg(check, args, 2)?)?,
            _ => self.expect_almost_eq(
                view_arg(check, args, 1)?,
                view_arg(check, args, 2)?,
                f32_arg(check, args, 3)?,
                f32_arg(check, args, 4)?,
            )?,
        }
        self.passed += 1;
        Ok(HostFlow::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::almost_eq;

    #[test]
    fn fuzzy_comparison_follows_upstream() {
        assert!(almost_eq(1.0, 1.0, 0.0, 0.0));
        assert!(almost_eq(f64::NAN, f64::NAN, 0.0, 0.0));
        assert!(!almost_eq(1.0, f64::INFINITY, 1e9, 1e9));
        assert!(almost_eq(1.0001, 1.0, 1e-3, 0.0));
        assert!(almost_eq(101.0, 100.0, 0.0, 0.01));
        assert!(!almost_eq(102.0, 100.0, 0.0, 0.01));
    }
}
