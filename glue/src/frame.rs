//! The call frame: how `Program.call` passes arguments and receives results without text or
//! JSON. It is a run of 32-bit words in linear memory that JS writes and reads directly.
//! Tensor bytes never pass through it: JS writes each input into a HAL buffer it staged
//! (one copy) and reads each result from its buffer's address (one copy).
//!
//! Arguments, one after another:
//! - `NUMBER lo hi`: a JS number (the f64's bits), converted to the signature's scalar type;
//! - `INTEGER lo hi`: a bigint (its 64-bit two's complement);
//! - `TENSOR element_type staged rank dims...`: staged buffer `staged` viewed as a dense
//!   tensor.
//!
//! Results: their count, then per result `I32 v`, `I64 lo hi`, `F32 bits`, `F64 lo hi`,
//! `TENSOR element_type address byte_length rank dims...`, `NULL`, or `REF k` (the name of
//! the reference type is the `k`-th of [`Results::ref_names`]).

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use rt_core::{dense_byte_length, describe_tensor, Buffer, BufferView, DENSE_ROW_MAJOR, ElementType, Error, Input, LooseScalar, Output, Result, Scalar, Value, ValueType};

/// The tag word before each argument and result. Exported to JS as `FrameTag` (glue/js/frame.mjs
/// reads the tags from there), so the two sides cannot disagree.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum FrameTag {
    Number = 1,
    Integer = 2,
    Tensor = 3,
    I32 = 4,
    I64 = 5,
    F32 = 6,
    F64 = 7,
    Null = 8,
    Ref = 9,
}

const NUMBER: u32 = FrameTag::Number as u32;
const INTEGER: u32 = FrameTag::Integer as u32;
/// Public for the host tests that build frames by hand.
pub const TENSOR: u32 = FrameTag::Tensor as u32;
const I32: u32 = FrameTag::I32 as u32;
const I64: u32 = FrameTag::I64 as u32;
const F32: u32 = FrameTag::F32 as u32;
const F64: u32 = FrameTag::F64 as u32;
const NULL: u32 = FrameTag::Null as u32;
const REF: u32 = FrameTag::Ref as u32;

/// Reads the arguments of a frame for a call of `function`, taking the staged buffers they
/// name (each at most once).
pub fn read_args(function: &str, words: &[u32], staged: &mut [Option<Rc<Buffer>>]) -> Result<Vec<Input>> {
    let mut r = Words { words, at: 0 };
    let mut inputs = Vec::new();
    while r.at < words.len() {
        let i = inputs.len();
        let fail = |why: String| Error::invalid_argument(format!("argument {i} of '{function}': {why}"));
        inputs.push(match r.next()? {
            NUMBER => Input::Loose(Rc::new(JsNumber(f64::from_bits(r.u64()?)))),
            INTEGER => Input::Loose(Rc::new(JsBigInt(r.u64()? as i64))),
            TENSOR => {
                let element_type = ElementType::from_u32(r.next()?).map_err(|e| fail(format!("{e}")))?;
                let index = r.next()? as usize;
                let rank = r.next()? as usize;
                let shape = (0..rank).map(|_| r.next().map(u64::from)).collect::<Result<Vec<_>>>()?;
                let buffer = staged
                    .get_mut(index)
                    .and_then(Option::take)
                    .ok_or_else(|| fail(format!("staged tensor {index} does not exist or was used already")))?;
                let described = || describe_tensor(&shape, element_type);
                let needed = dense_byte_length(&shape, element_type)
                    .ok_or_else(|| fail(format!("a {} tensor's byte size overflows", described())))?;
                if needed != buffer.len() as u64 {
                    return Err(fail(format!(
                        "a {} tensor holds {needed} bytes, but {} bytes of data were given",
                        described(),
                        buffer.len()
                    )));
                }
                Input::BufferView(Rc::new(BufferView::new(buffer, shape, element_type, DENSE_ROW_MAJOR)))
            }
            tag => return Err(fail(format!("unknown frame tag {tag}"))),
        });
    }
    Ok(inputs)
}

/// A JavaScript number: the signature's scalar type when it converts exactly (an integer in
/// range for `i32`, signed or unsigned, or `i64`; any value for `f32`/`f64`).
#[derive(Debug)]
struct JsNumber(f64);

impl LooseScalar for JsNumber {
    fn convert(&self, ty: ValueType) -> Option<Value> {
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        let x = self.0;
        // Within i64's range, an integral f64 survives the round trip through i64 unchanged.
        let integral = |lo: f64, hi: f64| lo <= x && x < hi && (x as i64) as f64 == x;
        match ty {
            ValueType::I32 if integral(-2_147_483_648.0, 4_294_967_296.0) => Some(Value::I32(x as i64 as i32)),
            ValueType::I64 if integral(-TWO_63, TWO_63) => Some(Value::I64(x as i64)),
            ValueType::F32 => Some(Value::F32(x as f32)),
            ValueType::F64 => Some(Value::F64(x)),
            _ => None,
        }
    }
}

impl core::fmt::Display for JsNumber {
    fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        write!(f, "the number {}", self.0)
    }
}

/// A JavaScript bigint (its 64-bit two's complement): the signature's `i64`, or its `i32` when
/// in signed or unsigned 32-bit range.
#[derive(Debug)]
struct JsBigInt(i64);

impl LooseScalar for JsBigInt {
    fn convert(&self, ty: ValueType) -> Option<Value> {
        match ty {
            ValueType::I32 if (i32::MIN as i64..=u32::MAX as i64).contains(&self.0) => Some(Value::I32(self.0 as i32)),
            ValueType::I64 => Some(Value::I64(self.0)),
            _ => None,
        }
    }
}

impl core::fmt::Display for JsBigInt {
    fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        write!(f, "the integer {}", self.0)
    }
}

/// The results of the last call, kept alive while JS reads their bytes.
#[derive(Default)]
pub struct Results {
    pub outputs: Vec<Output>,
    pub ref_names: Vec<&'static str>,
}

/// Writes `outputs` into `words` (cleared first) and keeps them in `results`.
pub fn write_results(outputs: Vec<Output>, words: &mut Vec<u32>, results: &mut Results) -> Result<()> {
    words.clear();
    results.ref_names.clear();
    words.push(outputs.len() as u32);
    for o in &outputs {
        match o {
            Output::Scalar(s) => match *s {
                Scalar::I8(x) => words.extend([I32, x as i32 as u32]),
                Scalar::I16(x) => words.extend([I32, x as i32 as u32]),
                Scalar::I32(x) => words.extend([I32, x as u32]),
                Scalar::I64(x) => push_u64(words, I64, x as u64),
                Scalar::F32(x) => words.extend([F32, x.to_bits()]),
                Scalar::F64(x) => push_u64(words, F64, x.to_bits()),
            },
            Output::BufferView(v) => {
                let length = v
                    .byte_length()
                    .ok_or_else(|| Error::invalid_argument("a result tensor's byte size overflows"))?;
                let range = v.buffer.block_range(0, length, &"result tensor")?;
                // A wasm32 address (the frame is only read from JS on wasm32).
                let address = (v.buffer.block().address() + range.start) as u32;
                words.extend([TENSOR, v.element_type.to_u32(), address, word(length)?, v.shape.len() as u32]);
                for &d in &v.shape {
                    words.push(word(d)?);
                }
            }
            Output::Null => words.push(NULL),
            Output::Other(name) => {
                words.extend([REF, results.ref_names.len() as u32]);
                results.ref_names.push(name);
            }
        }
    }
    results.outputs = outputs;
    Ok(())
}

fn push_u64(words: &mut Vec<u32>, tag: u32, x: u64) {
    words.extend([tag, x as u32, (x >> 32) as u32]);
}

fn word(x: u64) -> Result<u32> {
    u32::try_from(x).map_err(|_| Error::invalid_argument(format!("a result tensor's size or dimension {x} exceeds 32 bits")))
}

struct Words<'a> {
    words: &'a [u32],
    at: usize,
}

impl Words<'_> {
    fn next(&mut self) -> Result<u32> {
        let w = self.words.get(self.at).copied().ok_or_else(|| Error::invalid_argument("the call frame ends inside an argument"))?;
        self.at += 1;
        Ok(w)
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(self.next()? as u64 | (self.next()? as u64) << 32)
    }
}

/// The element type code of a dtype name (`f32`, `i1`, ...), for JS to cache.
pub fn element_type_code(name: &str) -> Result<u32> {
    Ok(ElementType::parse(name)?.to_u32())
}

/// The dtype name of an element type code.
pub fn element_type_name(code: u32) -> Result<String> {
    Ok(ElementType::from_u32(code)?.name())
}
