//! `vm.list`: a growable list of values, typed (`!vm.list<i32>`) or variant (`!vm.list<?>`).

use alloc::vec::Vec;
use core::cell::RefCell;

use super::value::Value;
use super::{Status, Trap};

/// What a list holds, from its element type in the module's type table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ElementKind {
    I32,
    I64,
    F32,
    F64,
    Ref,
    Variant,
}

impl ElementKind {
    /// Parses the element of a list type name such as `!vm.list<i32>` or a bare `i32`.
    pub fn from_type_name(name: &str) -> ElementKind {
        let inner = name
            .strip_prefix("!vm.list<")
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(name);
        match inner {
            "i8" | "i16" | "i32" => ElementKind::I32,
            "i64" => ElementKind::I64,
            "f32" => ElementKind::F32,
            "f64" => ElementKind::F64,
            "?" => ElementKind::Variant,
            _ => ElementKind::Ref,
        }
    }

    fn default_value(self) -> Value {
        match self {
            ElementKind::I32 => Value::I32(0),
            ElementKind::I64 => Value::I64(0),
            ElementKind::F32 => Value::F32(0.0),
            ElementKind::F64 => Value::F64(0.0),
            ElementKind::Ref | ElementKind::Variant => Value::Ref(None),
        }
    }
}

pub struct VmList {
    element: ElementKind,
    items: RefCell<Vec<Value>>,
}

impl VmList {
    pub fn new(element: ElementKind, capacity: usize) -> Result<VmList, Trap> {
        let mut items = Vec::new();
        items
            .try_reserve(capacity)
            .map_err(|_| Trap::new(Status::ResourceExhausted, alloc::format!("vm.list.alloc: cannot reserve {capacity} elements")))?;
        Ok(VmList { element, items: RefCell::new(items) })
    }

    pub fn element(&self) -> ElementKind {
        self.element
    }

    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn reserve(&self, minimum_capacity: usize) -> Result<(), Trap> {
        let mut items = self.items.borrow_mut();
        let extra = minimum_capacity.saturating_sub(items.len());
        items
            .try_reserve(extra)
            .map_err(|_| Trap::new(Status::ResourceExhausted, alloc::format!("vm.list.reserve: cannot reserve {minimum_capacity} elements")))
    }

    /// Grows with the element type's zero (or null), or truncates (releasing refs).
    pub fn resize(&self, new_size: usize) -> Result<(), Trap> {
        self.reserve(new_size)?;
        self.items.borrow_mut().resize(new_size, self.element.default_value());
        Ok(())
    }

    fn check_index(&self, index: i32, op: &str) -> Result<usize, Trap> {
        let len = self.len();
        if index < 0 || index as usize >= len {
            return Err(Trap::new(Status::OutOfRange, alloc::format!("{op}: index {index} out of bounds for a list of {len} elements")));
        }
        Ok(index as usize)
    }

    pub fn get(&self, index: i32, op: &str) -> Result<Value, Trap> {
        let i = self.check_index(index, op)?;
        Ok(self.items.borrow()[i].clone())
    }

    pub fn set(&self, index: i32, value: Value, op: &str) -> Result<(), Trap> {
        let i = self.check_index(index, op)?;
        // Take the old value out before it drops: dropping a ref may free a list that
        // refers back to this one, which must not find this list still borrowed.
        let old = core::mem::replace(&mut self.items.borrow_mut()[i], value);
        drop(old);
        Ok(())
    }

    /// Appends a value (used by hosts building argument lists).
    pub fn push(&self, value: Value) {
        self.items.borrow_mut().push(value);
    }
}
