//! Values that cross function boundaries: scalars and reference-counted objects.

use alloc::rc::Rc;
use core::any::Any;
use core::fmt;

use super::buffer::VmBuffer;
use super::list::VmList;

/// An object a host module hands to the VM (a HAL buffer view, a device, a fence...).
pub trait Object: Any {
    /// The VM type name without the leading `!`, e.g. `hal.buffer_view`.
    fn type_name(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
}

/// A non-null reference held in a ref register, a list, a global or an argument.
#[derive(Clone)]
pub enum Ref {
    Buffer(Rc<VmBuffer>),
    List(Rc<VmList>),
    Object(Rc<dyn Object>),
}

impl Ref {
    /// The VM type name without the leading `!`: `vm.buffer`, `vm.list`, `hal.buffer`...
    pub fn type_name(&self) -> &'static str {
        match self {
            Ref::Buffer(_) => "vm.buffer",
            Ref::List(_) => "vm.list",
            Ref::Object(o) => o.type_name(),
        }
    }

    /// Identity comparison, as `vm.cmp.eq.ref` defines it.
    pub fn ptr_eq(&self, other: &Ref) -> bool {
        match (self, other) {
            (Ref::Buffer(a), Ref::Buffer(b)) => Rc::ptr_eq(a, b),
            (Ref::List(a), Ref::List(b)) => Rc::ptr_eq(a, b),
            (Ref::Object(a), Ref::Object(b)) => {
                core::ptr::addr_eq(Rc::as_ptr(a), Rc::as_ptr(b))
            }
            _ => false,
        }
    }

    /// Downcasts a host object to its concrete type.
    pub fn object<T: Object>(&self) -> Option<&T> {
        match self {
            Ref::Object(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// Whether this ref may be stored where the module's type table says `type_name`
    /// (e.g. `!vm.list<i32>`, `!hal.buffer`, or `!vm.ref<?>` for any).
    pub fn matches_type(&self, type_name: &str) -> bool {
        let name = type_name.strip_prefix('!').unwrap_or(type_name);
        let base = name.split('<').next().unwrap_or(name);
        base == "vm.ref" || base == self.type_name()
    }
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "!{}", self.type_name())
    }
}

/// One argument or result of a call. `Ref(None)` is the null reference.
#[derive(Clone, Debug)]
pub enum Value {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    Ref(Option<Ref>),
}

impl Value {
    /// The calling-convention character of this value (`i`, `I`, `f`, `F`, `r`).
    pub fn cconv_char(&self) -> char {
        match self {
            Value::I32(_) => 'i',
            Value::I64(_) => 'I',
            Value::F32(_) => 'f',
            Value::F64(_) => 'F',
            Value::Ref(_) => 'r',
        }
    }
}

impl PartialEq for Value {
    /// Scalars compare by bits (so NaN equals the same NaN); refs by identity.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::I32(a), Value::I32(b)) => a == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::F32(a), Value::F32(b)) => a.to_bits() == b.to_bits(),
            (Value::F64(a), Value::F64(b)) => a.to_bits() == b.to_bits(),
            (Value::Ref(None), Value::Ref(None)) => true,
            (Value::Ref(Some(a)), Value::Ref(Some(b))) => a.ptr_eq(b),
            _ => false,
        }
    }
}
