//! Shared helpers of the `vmvx_*` tests: calling exports by name, making buffers (own blocks,
//! views of one block, rodata), and a small seeded random generator.

pub mod dispatch;

use std::rc::Rc;

use rt_core::memory::Block;
use rt_core::modules::vmvx::VmvxModule;
use rt_core::vm::{NativeModule, Ref, Value, VmBuffer};
use rt_core::{Error, ErrorKind};

/// Calls export `name` of a fresh module and returns its results.
pub fn call(name: &str, args: &[Value]) -> Result<Vec<Value>, Error> {
    let mut module = VmvxModule::new();
    let ordinal = module
        .functions()
        .iter()
        .position(|f| f.name == name)
        .unwrap_or_else(|| panic!("vmvx has no export {name}"));
    let mut results = Vec::new();
    module.call(ordinal, args, &mut results)?;
    Ok(results)
}

/// Calls `name` and expects success.
pub fn ok(name: &str, args: &[Value]) -> Vec<Value> {
    call(name, args).unwrap_or_else(|e| panic!("vmvx.{name} failed: {e}"))
}

/// Calls `name`, expects a trap, and returns its message.
pub fn trap(name: &str, args: &[Value]) -> String {
    match call(name, args) {
        Ok(_) => panic!("vmvx.{name} succeeded; expected a trap"),
        Err(e) => match e.kind() {
            ErrorKind::Trap { message, .. } => message.clone(),
            other => panic!("vmvx.{name}: expected a trap, got {other:?}"),
        },
    }
}

pub fn buffer(bytes: &[u8]) -> Rc<VmBuffer> {
    Rc::new(VmBuffer::from_bytes(bytes).unwrap())
}

pub fn zeroed(len: usize) -> Rc<VmBuffer> {
    Rc::new(VmBuffer::zeroed(len).unwrap())
}

/// A read-only buffer, like a module constant.
pub fn rodata(bytes: &[u8]) -> Rc<VmBuffer> {
    let file: Rc<[u8]> = Rc::from(bytes.to_vec().into_boxed_slice());
    Rc::new(VmBuffer::rodata(file, 0..bytes.len()))
}

/// A view of `range` of `block`.
pub fn view(block: &Rc<Block>, range: std::ops::Range<usize>) -> Rc<VmBuffer> {
    Rc::new(VmBuffer::view(block.clone(), range))
}

pub fn r(b: &Rc<VmBuffer>) -> Value {
    Value::Ref(Some(Ref::Buffer(b.clone())))
}

pub fn i(v: i64) -> Value {
    Value::I64(v)
}

pub fn i32v(v: i32) -> Value {
    Value::I32(v)
}

pub fn bytes_of(b: &VmBuffer) -> Vec<u8> {
    b.bytes().to_vec()
}

pub fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

pub fn from_u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn from_f32s(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// xorshift64*: deterministic, seeded per test.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// A size with the edge cases 0 and 1 over-represented.
    pub fn size(&mut self, max: u64) -> u64 {
        match self.range(0, 9) {
            0 => 0,
            1 => 1,
            _ => self.range(1, max),
        }
    }

    /// A float in [-scale, scale).
    pub fn f32(&mut self, scale: f32) -> f32 {
        ((self.u32() >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0) * scale
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.u32() as u8).collect()
    }
}

/// Distance in units in the last place between two finite f32 of the same sign (or both NaN).
pub fn ulps(a: f32, b: f32) -> u64 {
    if a.is_nan() && b.is_nan() {
        return 0;
    }
    if a == b {
        return 0;
    }
    let key = |x: f32| {
        let bits = x.to_bits() as i64;
        if bits < 0x8000_0000 {
            bits
        } else {
            0x8000_0000 - bits
        }
    };
    (key(a) - key(b)).unsigned_abs()
}
