//! Push constants → a uniform buffer in a bind group of its own.
//!
//! WebGPU has no push constants (Chromium rejects the arrays naga would write in
//! `var<immediate>`). IREE declares them as one struct holding `array<u32, N>` and reads them
//! only by constant index (each `hal.interface.constant.load` names its ordinal), so the array
//! becomes N scalar members, which a uniform buffer may hold without padding, and each
//! `constants.member[i]` becomes `constants.c{i}`. A uniform binding leaves the stage's storage
//! buffer slots (8 on many adapters) to IREE's own bindings.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use naga::{
    AddressSpace, Expression, Handle, Module, ResourceBinding, Span, StructMember, Type, TypeInner,
};
use rt_core::{Error, Result};

/// Where the rewritten push constants live, and their size in bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PushConstantBuffer {
    pub group: u32,
    pub binding: u32,
    pub bytes: u32,
}

/// Moves the module's push constants, if it has any, to `@group(group) @binding(0)`.
pub fn to_uniform_buffer(
    name: &str,
    module: &mut Module,
    group: u32,
) -> Result<Option<PushConstantBuffer>> {
    let found = module
        .global_variables
        .iter()
        .find(|(_, v)| v.space == AddressSpace::Immediate);
    let Some((variable, global)) = found else {
        return Ok(None);
    };
    let (element, count) = constant_array(module, global.ty).ok_or_else(|| {
        Error::unsupported(format!(
            "executable '{name}': push constants are not one array of 32-bit values; expected \
             IREE's layout"
        ))
    })?;
    let members = (0..count)
        .map(|i| StructMember {
            name: Some(format!("c{i}")),
            ty: element,
            binding: None,
            offset: 4 * i,
        })
        .collect();
    let inner = TypeInner::Struct {
        members,
        span: 4 * count,
    };
    let ty = module.types.insert(
        Type {
            name: Some(String::from("PushConstants")),
            inner,
        },
        Span::UNDEFINED,
    );
    let global = &mut module.global_variables[variable];
    global.ty = ty;
    global.space = AddressSpace::Uniform;
    global.binding = Some(ResourceBinding { group, binding: 0 });

    let module_constants = (&module.constants, &module.global_expressions);
    let functions = module.functions.iter_mut().map(|(_, f)| f);
    for function in functions.chain(module.entry_points.iter_mut().map(|e| &mut e.function)) {
        let handles: Vec<Handle<Expression>> =
            function.expressions.iter().map(|(h, _)| h).collect();
        for handle in handles {
            let base = match function.expressions[handle] {
                Expression::AccessIndex { base, .. } | Expression::Access { base, .. } => base,
                _ => continue,
            };
            // `constants.member` is the inner access; rewrite what indexes it.
            let Expression::AccessIndex {
                base: root,
                index: 0,
            } = function.expressions[base]
            else {
                continue;
            };
            if !matches!(function.expressions[root], Expression::GlobalVariable(v) if v == variable)
            {
                continue;
            }
            let index = match function.expressions[handle] {
                Expression::AccessIndex { index, .. } => Some(index),
                Expression::Access { index, .. } => {
                    constant_index(module_constants, &function.expressions, index)
                }
                _ => None,
            };
            let Some(index) = index else {
                return Err(Error::unsupported(format!(
                    "executable '{name}' indexes its push constants with a run-time value; \
                     expected constant ordinals"
                )));
            };
            function.expressions[handle] = Expression::AccessIndex { base: root, index };
        }
    }
    Ok(Some(PushConstantBuffer {
        group,
        binding: 0,
        bytes: 4 * count,
    }))
}

/// The value of an index expression that is a literal or a constant, if it is one.
fn constant_index(
    (constants, global_expressions): (&naga::Arena<naga::Constant>, &naga::Arena<Expression>),
    expressions: &naga::Arena<Expression>,
    index: Handle<Expression>,
) -> Option<u32> {
    let literal = match expressions[index] {
        Expression::Literal(literal) => literal,
        Expression::Constant(c) => match global_expressions[constants[c].init] {
            Expression::Literal(literal) => literal,
            _ => return None,
        },
        _ => return None,
    };
    match literal {
        naga::Literal::U32(v) => Some(v),
        naga::Literal::I32(v) => u32::try_from(v).ok(),
        _ => None,
    }
}

/// `struct { array<T, N> }` with a 4-byte `T`: `(T, N)`.
fn constant_array(module: &Module, ty: Handle<Type>) -> Option<(Handle<Type>, u32)> {
    let TypeInner::Struct { members, .. } = &module.types[ty].inner else {
        return None;
    };
    let [member] = members.as_slice() else {
        return None;
    };
    match module.types[member.ty].inner {
        TypeInner::Array {
            base,
            size: naga::ArraySize::Constant(n),
            stride: 4,
        } => Some((base, n.get())),
        _ => None,
    }
}
