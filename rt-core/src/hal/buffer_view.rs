//! Buffer views: a buffer with a shape, an element type and an encoding — how tensors cross
//! the boundary between a program and its caller.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::any::Any;

use super::buffer::Buffer;
use super::element_type::ElementType;
use super::text_format;
use crate::vm::Object;
use crate::{Error, Result};

/// `IREE_HAL_ENCODING_TYPE_DENSE_ROW_MAJOR`, the only encoding 3.13.0 programs exchange.
pub const DENSE_ROW_MAJOR: u32 = 1;

pub struct BufferView {
    pub buffer: Rc<Buffer>,
    pub shape: Vec<u64>,
    pub element_type: ElementType,
    pub encoding: u32,
}

impl Object for BufferView {
    fn type_name(&self) -> &'static str {
        "hal.buffer_view"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl core::fmt::Debug for BufferView {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "!hal.buffer_view<{}>", self.describe())
    }
}

impl BufferView {
    pub fn new(buffer: Rc<Buffer>, shape: Vec<u64>, element_type: ElementType, encoding: u32) -> BufferView {
        BufferView { buffer, shape, element_type, encoding }
    }

    /// Bytes the dense contents take (`None` on overflow).
    pub fn byte_length(&self) -> Option<u64> {
        dense_byte_length(&self.shape, self.element_type)
    }

    /// The text `iree-run-module` prints for it: `2x2xf32=[1 2][3 4]`.
    pub fn format(&self, max_element_count: usize) -> Result<String> {
        let shape: Vec<usize> = self
            .shape
            .iter()
            .map(|&d| usize::try_from(d).map_err(|_| Error::invalid_argument(format!("dimension {d} is too large"))))
            .collect::<Result<_>>()?;
        let data = self.buffer.to_vec();
        text_format::format_buffer_view(&shape, self.element_type, &data, max_element_count)
    }

    /// `2x2xf32`: the shape and element type as the text format writes them.
    pub fn describe(&self) -> String {
        describe(&self.shape, self.element_type)
    }
}

/// What `iree-run-module`'s trace sink prints for `hal.buffer_view.trace`: `=== key ===`,
/// each view in full on its own line, then an empty line.
pub fn format_trace(key: &str, views: &[alloc::rc::Rc<BufferView>]) -> Result<String> {
    let mut out = format!("=== {key} ===\n");
    for v in views {
        out.push_str(&v.format(usize::MAX)?);
        out.push('\n');
    }
    out.push('\n');
    Ok(out)
}

/// `4x?xf32`-style text for a shape and element type.
pub fn describe(shape: &[u64], element_type: ElementType) -> String {
    let mut s = String::new();
    for d in shape {
        s.push_str(&format!("{d}x"));
    }
    s.push_str(&format!("{element_type}"));
    s
}

/// Bytes of a dense row-major array (sub-byte types packed, rounded up to whole bytes).
pub fn dense_byte_length(shape: &[u64], element_type: ElementType) -> Option<u64> {
    let count = shape.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d))?;
    let bits = count.checked_mul(element_type.bit_count() as u64)?;
    Some(bits.div_ceil(8))
}
