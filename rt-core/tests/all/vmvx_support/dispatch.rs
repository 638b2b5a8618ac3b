//! Running the dispatch functions of a compiled program's VMVX executable directly through a
//! `Context` holding the `vmvx` module (no HAL): binding slots as heap blocks, one 1x1x1
//! workgroup per dispatch, push constants, and a record of the exports called.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use rt_core::memory::Block;
use rt_core::modules::vmvx::VmvxModule;
use rt_core::vm::list::ElementKind;
use rt_core::vm::{
    BytecodeModule, Context, HostFlow, NativeFunction, NativeModule, Ref, Value, VmBuffer, VmList,
};
use rt_core::vmfb;

use super::{from_u32s, r, rodata, zeroed};

/// The `vmvx` module, noting which exports are called.
pub struct Recording {
    inner: VmvxModule,
    called: Rc<RefCell<BTreeSet<String>>>,
}

impl NativeModule for Recording {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn version(&self) -> u32 {
        self.inner.version()
    }
    fn functions(&self) -> &[NativeFunction] {
        self.inner.functions()
    }
    fn call(
        &mut self,
        ordinal: usize,
        args: &[Value],
        results: &mut Vec<Value>,
    ) -> Result<HostFlow, rt_core::Error> {
        self.called
            .borrow_mut()
            .insert(self.inner.functions()[ordinal].name.to_string());
        self.inner.call(ordinal, args, results)
    }
}

/// Which `vmvx` exports a context's programs called, by name.
pub type Called = Rc<RefCell<BTreeSet<String>>>;

/// A context with `vmvx` (recording calls) and the single, linked VMVX executable nested in
/// the compiled program `vmfb`.
pub fn load_executable(vmfb: &[u8]) -> (Context, Called) {
    let outer = vmfb::parse(vmfb).unwrap();
    let nested: Vec<&[u8]> = outer
        .rodata_segments
        .iter()
        .copied()
        .filter(|s| s.starts_with(b"PK\x03\x04"))
        .collect();
    assert_eq!(nested.len(), 1, "expected one linked executable");
    let called = Rc::new(RefCell::new(BTreeSet::new()));
    let mut context = Context::new();
    context
        .register_native(Box::new(Recording {
            inner: VmvxModule::new(),
            called: called.clone(),
        }))
        .unwrap();
    context
        .register_bytecode(BytecodeModule::load(Rc::<[u8]>::from(nested[0])).unwrap())
        .unwrap();
    (context, called)
}

/// Binding slots: inputs hold `data`; outputs and transients start as garbage.
pub fn slots(inputs: &[Vec<u8>], scratch: &[usize]) -> Vec<Rc<Block>> {
    let mut out: Vec<Rc<Block>> = inputs
        .iter()
        .map(|d| Rc::new(Block::from_bytes(d).unwrap()))
        .collect();
    out.extend(
        scratch
            .iter()
            .map(|&n| Rc::new(Block::from_bytes(&vec![0xA5; n]).unwrap())),
    );
    out
}

/// Runs each dispatch `(export, binding slots)` over a 1x1x1 grid.
pub fn run(context: &mut Context, dispatches: &[(&str, &[usize])], slots: &[Rc<Block>]) {
    let with_constants: Vec<(&str, &[usize], &[u32])> =
        dispatches.iter().map(|(e, b)| (*e, *b, &[][..])).collect();
    run_with_constants(context, &with_constants, slots);
}

/// Runs each dispatch `(export, binding slots, push constants)` over a 1x1x1 grid.
pub fn run_with_constants(
    context: &mut Context,
    dispatches: &[(&str, &[usize], &[u32])],
    slots: &[Rc<Block>],
) {
    for (export, bindings, constants) in dispatches {
        let function = context.lookup(export).unwrap();
        let list = VmList::new(ElementKind::Ref, bindings.len()).unwrap();
        for &slot in bindings.iter() {
            let buffer = VmBuffer::view(slots[slot].clone(), 0..slots[slot].len());
            list.push(Value::Ref(Some(Ref::Buffer(Rc::new(buffer)))));
        }
        let mut args = vec![
            r(&zeroed(0)),
            r(&rodata(&from_u32s(constants))),
            Value::Ref(Some(Ref::List(Rc::new(list)))),
        ];
        args.extend([0, 0, 0, 1, 1, 1, 1, 1, 1].map(Value::I32));
        context
            .call(function, args)
            .unwrap_or_else(|e| panic!("{export}: {e}"));
    }
}

pub fn read(slot: &Rc<Block>, offset: usize, len: usize) -> Vec<u8> {
    slot.borrow()[offset..offset + len].to_vec()
}
