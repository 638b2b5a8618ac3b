//! Decoding the flattened arguments of one `vmvx` call, and the errors every export reports.
//!
//! Arguments arrive in calling-convention order. A count or type that does not match the
//! export's calling convention is an `InvalidArgument` error (the caller and the module
//! disagree on the signature); a value that fits the signature but not the operation (a null
//! buffer, a negative size, an out-of-range region, unknown flags) is a trap naming the export.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;

use crate::vm::{Ref, Value, VmBuffer};
use crate::{Error, ErrorKind};

/// A trap raised by export `op` (e.g. `mmt4d`); the message starts with `vmvx.<op>: `.
#[cold]
pub(super) fn trap(op: &str, message: impl core::fmt::Display) -> Error {
    Error::new(ErrorKind::Trap {
        message: format!("vmvx.{op}: {message}"),
        backtrace: String::new(),
    })
}

/// Reads the arguments of one call in order. Construction checks them against the calling
/// convention, so the typed getters only fail on values, never on types.
pub(super) struct Args<'a> {
    op: &'static str,
    values: &'a [Value],
    next: usize,
}

impl<'a> Args<'a> {
    /// Checks `values` against `cconv` (e.g. `0rIIIrIIIII_v`) and starts reading.
    pub(super) fn new(
        op: &'static str,
        cconv: &str,
        values: &'a [Value],
    ) -> Result<Args<'a>, Error> {
        let expected = cconv
            .strip_prefix('0')
            .and_then(|s| s.split('_').next())
            .unwrap_or("");
        let expected = if expected == "v" { "" } else { expected };
        let found: String = values.iter().map(Value::cconv_char).collect();
        if found != expected {
            return Err(Error::invalid_argument(format!(
                "vmvx.{op}: arguments of types '{found}' do not match the calling convention '{cconv}'"
            )));
        }
        Ok(Args {
            op,
            values,
            next: 0,
        })
    }

    pub(super) fn op(&self) -> &'static str {
        self.op
    }

    fn take(&mut self) -> &'a Value {
        let value = &self.values[self.next];
        self.next += 1;
        value
    }

    /// A `vm.buffer` argument; `name` is used in errors (`lhs`, `out`...).
    pub(super) fn buffer(&mut self, name: &str) -> Result<Rc<VmBuffer>, Error> {
        match self.take() {
            Value::Ref(Some(Ref::Buffer(b))) => Ok(b.clone()),
            Value::Ref(None) => Err(trap(self.op, format_args!("{name} buffer is null"))),
            Value::Ref(Some(other)) => Err(trap(
                self.op,
                format_args!("{name} must be a !vm.buffer, got a !{}", other.type_name()),
            )),
            _ => unreachable!("checked against the calling convention"),
        }
    }

    /// An `i64` argument that must be non-negative (offsets, strides, sizes).
    pub(super) fn index(&mut self, name: &str) -> Result<u64, Error> {
        let v = self.i64();
        u64::try_from(v).map_err(|_| {
            trap(
                self.op,
                format_args!("{name} is {v}; expected a non-negative value"),
            )
        })
    }

    /// An `i64` argument taken as is (bit patterns such as a padding value).
    pub(super) fn i64(&mut self) -> i64 {
        match self.take() {
            Value::I64(v) => *v,
            _ => unreachable!("checked against the calling convention"),
        }
    }

    /// An `i32` argument taken as is (flags, fill values, tile sizes).
    pub(super) fn i32(&mut self) -> i32 {
        match self.take() {
            Value::I32(v) => *v,
            _ => unreachable!("checked against the calling convention"),
        }
    }
}
