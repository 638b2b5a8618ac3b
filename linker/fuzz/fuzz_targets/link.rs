//! Any bytes: planning and linking a side module returns Ok or Err, never panics; whatever
//! `link` returns is valid wasm; and its init code (`__weft_init` and the relocation function
//! it calls) writes only inside the memory region reserved for the module, read here from the
//! linked output itself, where every address is a constant once the bases are bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linker::{Bindings, FunctionBinding, MemoryLimits};
use wasmparser::{Operator, Parser, Payload};

const MEMORY_BASE: u32 = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = linker::plan(data) else { return };
    let functions: Vec<FunctionBinding> =
        plan.functions().map(|(symbol, _)| FunctionBinding { symbol, module: "weft", name: symbol }).collect();
    let bindings = Bindings {
        memory_base: MEMORY_BASE,
        table_base: 1,
        memory: MemoryLimits { initial_pages: 64, maximum_pages: 65536 },
        functions: &functions,
        got: &[],
    };
    if let Ok(linked) = linker::link(data, &plan, &bindings) {
        linker::validate(&linked).expect("link produced invalid wasm");
        let region = MEMORY_BASE as i64..MEMORY_BASE as i64 + plan.memory.size as i64;
        for name in [linker::INIT_EXPORT, "__wasm_apply_data_relocs"] {
            if let Err(e) = writes_inside(&linked, name, &region) {
                panic!("{name} of the linked module: {e}");
            }
        }
    }
});

fn pop(stack: &mut Vec<Option<i64>>) -> Option<i64> {
    stack.pop().flatten()
}

/// Checks every memory write of exported function `name` against `region`, following the
/// constant addresses the linker's init code and wasm-ld's relocation code compute.
fn writes_inside(module: &[u8], name: &str, region: &std::ops::Range<i64>) -> Result<(), String> {
    let info = linker::parse(module).map_err(|e| e.to_string())?;
    let Some(index) = info.exported_func(name) else { return Ok(()) };
    let mut entry = info.imported_funcs;
    for payload in Parser::new(0).parse_all(module) {
        let Payload::CodeSectionEntry(body) = payload.map_err(|e| e.to_string())? else { continue };
        if entry != index {
            entry += 1;
            continue;
        }
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut ops = body.get_operators_reader().map_err(|e| e.to_string())?;
        let check = |addr: Option<i64>, len: i64, what: &str| match addr {
            Some(a) if a >= region.start && a + len <= region.end => Ok(()),
            Some(a) => Err(format!("{what} writes {len} bytes at {a:#x}, outside {region:#x?}")),
            None => Err(format!("{what} writes at an address that is not a constant")),
        };
        while !ops.eof() {
            let op = ops.read().map_err(|e| e.to_string())?;
            match op {
                Operator::I32Const { value } => stack.push(Some(value as i64)),
                Operator::I32Add => {
                    let (b, a) = (pop(&mut stack), pop(&mut stack));
                    stack.push(a.zip(b).map(|(a, b)| a + b));
                }
                Operator::I32Store { memarg } | Operator::I32AtomicStore { memarg } => {
                    pop(&mut stack);
                    check(pop(&mut stack).map(|a| a + memarg.offset as i64), 4, "a store")?;
                }
                Operator::I32AtomicRmwCmpxchg { memarg } => {
                    pop(&mut stack);
                    pop(&mut stack);
                    check(pop(&mut stack).map(|a| a + memarg.offset as i64), 4, "the flag's compare-exchange")?;
                    stack.push(None);
                }
                Operator::I32AtomicLoad { .. } | Operator::I32Eqz => {
                    pop(&mut stack);
                    stack.push(None);
                }
                Operator::MemoryAtomicNotify { .. } | Operator::I32Ne => {
                    pop(&mut stack);
                    pop(&mut stack);
                    stack.push(None);
                }
                Operator::MemoryInit { .. } => {
                    let (len, _src, dst) = (pop(&mut stack), pop(&mut stack), pop(&mut stack));
                    check(dst, len.ok_or("memory.init of a length that is not a constant")?, "memory.init")?;
                }
                Operator::Drop | Operator::BrIf { .. } => {
                    pop(&mut stack);
                }
                Operator::DataDrop { .. }
                | Operator::Call { .. }
                | Operator::Block { .. }
                | Operator::Loop { .. }
                | Operator::Br { .. }
                | Operator::End => {}
                other => return Err(format!("unexpected instruction {other:?}")),
            }
        }
        return Ok(());
    }
    Err(format!("no body for function {index}"))
}
