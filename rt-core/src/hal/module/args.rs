//! Reading a host call's flattened arguments by position, with errors that name the export,
//! the argument and what it should have been.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;

use crate::vm::buffer::Bytes;
use crate::vm::{Object, Ref, Value, VmBuffer};
use crate::{Error, Result};

pub struct Args<'a> {
    values: &'a [Value],
    next: usize,
}

impl<'a> Args<'a> {
    pub fn new(values: &'a [Value]) -> Args<'a> {
        Args { values, next: 0 }
    }

    fn take(&mut self, want: &str) -> Result<&'a Value> {
        let i = self.next;
        self.next += 1;
        self.values.get(i).ok_or_else(|| Error::invalid_argument(format!("argument {i} ({want}) is missing")))
    }

    fn mismatch(&self, want: &str, got: &Value) -> Error {
        Error::invalid_argument(format!("argument {} must be {want}, got {got:?}", self.next - 1))
    }

    pub fn i32(&mut self) -> Result<i32> {
        match self.take("i32")? {
            Value::I32(v) => Ok(*v),
            other => Err(self.mismatch("i32", other)),
        }
    }

    pub fn i64(&mut self) -> Result<i64> {
        match self.take("i64")? {
            Value::I64(v) => Ok(*v),
            other => Err(self.mismatch("i64", other)),
        }
    }

    /// An i64 used as a size or offset (`-1` stays `u64::MAX`, the whole-buffer marker).
    pub fn u64(&mut self) -> Result<u64> {
        self.i64().map(|v| v as u64)
    }

    /// The element count of a variadic span.
    pub fn count(&mut self) -> Result<usize> {
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| Error::invalid_argument(format!("variadic span count {n} is negative")))
    }

    pub fn any_ref(&mut self) -> Result<Option<&'a Ref>> {
        match self.take("ref")? {
            Value::Ref(r) => Ok(r.as_ref()),
            other => Err(self.mismatch("a ref", other)),
        }
    }

    /// A nullable host object of type `T` (`name` is its VM type for messages).
    pub fn object_or_null<T: Object>(&mut self, name: &str) -> Result<Option<Rc<T>>> {
        match self.any_ref()? {
            None => Ok(None),
            Some(Ref::Object(o)) if o.as_any().is::<T>() => {
                let any: Rc<dyn core::any::Any> = o.clone();
                Ok(any.downcast::<T>().ok())
            }
            Some(other) => Err(Error::invalid_argument(format!(
                "argument {} must be !{name}, got !{}",
                self.next - 1,
                other.type_name()
            ))),
        }
    }

    pub fn object<T: Object>(&mut self, name: &str) -> Result<Rc<T>> {
        let i = self.next;
        self.object_or_null(name)?
            .ok_or_else(|| Error::invalid_argument(format!("argument {i} must be !{name}, got null")))
    }

    pub fn vm_buffer_or_null(&mut self) -> Result<Option<Rc<VmBuffer>>> {
        match self.any_ref()? {
            None => Ok(None),
            Some(Ref::Buffer(b)) => Ok(Some(b.clone())),
            Some(other) => Err(Error::invalid_argument(format!(
                "argument {} must be !vm.buffer, got !{}",
                self.next - 1,
                other.type_name()
            ))),
        }
    }

    pub fn vm_buffer(&mut self) -> Result<Rc<VmBuffer>> {
        let i = self.next;
        self.vm_buffer_or_null()?
            .ok_or_else(|| Error::invalid_argument(format!("argument {i} must be !vm.buffer, got null")))
    }

    /// A `vm.buffer` holding an assertion's message, read only if the assertion fails.
    pub fn message(&mut self) -> Result<Message> {
        Ok(Message(self.vm_buffer()?))
    }

    /// A `vm.buffer` read as UTF-8 text (names, formats, messages).
    pub fn string(&mut self) -> Result<String> {
        let b = self.vm_buffer()?;
        let bytes: Bytes<'_> = b.bytes();
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// An assertion's message (a `vm.buffer` of UTF-8 text), formatted only when it is shown.
pub struct Message(Rc<VmBuffer>);

impl core::fmt::Display for Message {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let bytes: Bytes<'_> = self.0.bytes();
        f.write_str(&String::from_utf8_lossy(&bytes))
    }
}
