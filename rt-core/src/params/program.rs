//! The parameters a program reads, found in its bytecode without running it.
//!
//! iree-compile 3.13.0 turns a program's `#flow.parameter.named` globals into calls of the
//! `io_parameters.load` and `gather` imports (in `__init`) whose scope and operation buffers
//! (key table, key data, spans) are rodata constants, loaded with `vm.const.ref.rodata` (a
//! null scope: `vm.const.ref.zero`), often in an earlier block than the call. A forward
//! dataflow analysis over each function's blocks finds which ref registers hold such a
//! constant on every path to a call: a constant sets its register, any other write or a move
//! out of the register (a call's or a branch's) clears it, a branch's remap carries it to the
//! target's register, and a block starts with what all its predecessors agree on. The
//! operation buffers of a call whose operands are all known are decoded as the module decodes
//! them at run time, giving its keys and byte ranges; a call with any other operand is
//! reported as unresolved, not guessed.

use alloc::string::String;
use alloc::vec::Vec;

use crate::isa::{self, Field, Layout, Op, OpSet};
use crate::modules::io_parameters;
use crate::vm::BytecodeModule;

/// A parameter range the program reads: `length` bytes at `offset` of `scope`::`key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterRead {
    /// The function that makes the call (`__init` for globals).
    pub function: String,
    /// `load` or `gather`.
    pub export: &'static str,
    /// Empty: the unnamed scope.
    pub scope: String,
    pub key: String,
    pub offset: u64,
    pub length: u64,
}

/// What one call of a reading export is known to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterCall {
    Reads(Vec<ParameterRead>),
    /// A call whose scope or operation buffers are not constants of its block.
    Unresolved { function: String, export: &'static str },
}

/// What a ref register is known to hold.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Known {
    Rodata(u32),
    Null,
}

/// Every call of `io_parameters.load` or `gather` in `module`, in function and code order.
pub fn parameters_read(module: &BytecodeModule) -> Vec<ParameterCall> {
    let imports: Vec<Option<(&'static str, usize, usize)>> = module
        .imports
        .iter()
        .map(|i| {
            let name = i.full_name.strip_prefix(io_parameters::NAME)?.strip_prefix('.')?;
            io_parameters::READS.iter().copied().find(|(export, ..)| *export == name)
        })
        .collect();
    let mut found = Vec::new();
    if imports.iter().all(Option::is_none) {
        return found;
    }
    for (ordinal, function) in module.functions.iter().enumerate() {
        let reads = |import: usize| imports.get(import).is_some_and(Option::is_some);
        for (callee, operands, known) in calls(module.code(ordinal), function.ref_register_count, reads) {
            let Some((export, scope_at, buffers_at)) = imports[callee] else { continue };
            let constant = |at: usize| operands.get(at).and_then(|&r| get(&known, r));
            let scope = match constant(scope_at) {
                Some(Known::Rodata(o)) => module.rodata.get(o as usize).map(|b| String::from_utf8_lossy(&b.bytes()).into_owned()),
                Some(Known::Null) => Some(String::new()),
                None => None,
            };
            let buffer = |at: usize| match constant(at) {
                Some(Known::Rodata(o)) => module.rodata.get(o as usize),
                _ => None,
            };
            let operations = match (scope, buffer(buffers_at), buffer(buffers_at + 1), buffer(buffers_at + 2)) {
                (Some(scope), Some(table), Some(data), Some(spans)) => {
                    io_parameters::operations(table, data, spans).ok().map(|ops| (scope, ops))
                }
                _ => None,
            };
            found.push(match operations {
                Some((scope, ops)) => ParameterCall::Reads(
                    ops.into_iter()
                        .map(|o| ParameterRead {
                            function: function.name.clone(),
                            export,
                            scope: scope.clone(),
                            key: o.key,
                            offset: o.parameter_offset,
                            length: o.length,
                        })
                        .collect(),
                ),
                None => ParameterCall::Unresolved { function: function.name.clone(), export },
            });
        }
    }
    found
}

/// Reads a verified function body.
struct Cursor<'a> {
    code: &'a [u8],
    pc: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let bytes = self.code.get(self.pc..self.pc.checked_add(n)?)?;
        self.pc += n;
        Some(bytes)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `count` u16s.
    fn u16s(&mut self, count: usize) -> Option<Vec<u16>> {
        Some(self.take(2 * count)?.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }

    /// A 2-aligned u16 count and that many u16s.
    fn list(&mut self) -> Option<Vec<u16>> {
        self.pc = (self.pc + 1) & !1;
        let count = self.u16()? as usize;
        self.u16s(count)
    }

    /// A branch's remap list: a 2-aligned count, then that many (source, destination) pairs.
    fn remaps(&mut self) -> Option<Vec<(u16, u16)>> {
        self.pc = (self.pc + 1) & !1;
        let count = self.u16()? as usize;
        Some(self.u16s(2 * count)?.chunks_exact(2).map(|p| (p[0], p[1])).collect())
    }

    fn op(&mut self) -> Option<Op> {
        let byte = self.take(1)?[0];
        let (set, code) = match byte {
            isa::PREFIX_EXT_F32 => (OpSet::F32, self.take(1)?[0]),
            isa::PREFIX_EXT_F64 => (OpSet::F64, self.take(1)?[0]),
            _ => (OpSet::Core, byte),
        };
        Op::decode(set, code)
    }
}

/// One instruction with the operands this analysis needs.
struct Instruction {
    op: Op,
    reads: Vec<u16>,
    /// Registers it writes (results included).
    writes: Vec<u16>,
    /// A call's operand registers.
    operands: Vec<u16>,
    rodata: Option<u32>,
    callee: Option<u32>,
    /// Where a branch may go: (target block pc, its remap's source/destination pairs).
    edges: Vec<(usize, Vec<(u16, u16)>)>,
}

impl Instruction {
    fn ends_block(&self) -> bool {
        !self.edges.is_empty() || matches!(self.op.layout(), Layout::Return | Layout::Fail)
    }
}

/// The instructions of a verified function body with their pcs, until anything fails to decode.
fn instructions(code: &[u8]) -> Vec<(usize, Instruction)> {
    let mut c = Cursor { code, pc: 0 };
    let mut out = Vec::new();
    while c.pc < c.code.len() {
        let pc = c.pc;
        match instruction(&mut c) {
            Some(i) => out.push((pc, i)),
            None => break,
        }
    }
    out
}

fn instruction(c: &mut Cursor<'_>) -> Option<Instruction> {
    let op = c.op()?;
    let mut i = Instruction { op, reads: Vec::new(), writes: Vec::new(), operands: Vec::new(), rodata: None, callee: None, edges: Vec::new() };
    let mut cases = 0usize;
    for &field in op.layout().fields() {
        match field {
            Field::Read(_) => i.reads.push(c.u16()?),
            Field::Write(_) => i.writes.push(c.u16()?),
            Field::GlobalBytes(_) | Field::GlobalRef | Field::Type => {
                c.u32()?;
            }
            Field::BranchTarget => i.edges.push((c.u32()? as usize, Vec::new())),
            Field::Rodata => i.rodata = Some(c.u32()?),
            Field::Function => i.callee = Some(c.u32()?),
            Field::String => {
                let n = c.u16()? as usize;
                c.take(n)?;
            }
            Field::Immediate(t) => {
                c.take(4 * t.slots())?;
            }
            Field::ConstI16 => cases = c.u16()? as usize,
            Field::Operands(_) => i.operands = c.list()?,
            Field::Results => i.writes.extend(c.list()?),
            Field::SegmentSizes => {
                c.list()?;
            }
            Field::BranchOperands => i.edges.last_mut()?.1 = c.remaps()?,
            Field::BranchTableCases => {
                for _ in 0..cases {
                    let target = c.u32()? as usize;
                    i.edges.push((target, c.remaps()?));
                }
            }
        }
    }
    Some(i)
}

fn ref_index(register: u16) -> Option<u16> {
    (register & isa::REF_BIT != 0).then_some(register & isa::REF_INDEX_MASK)
}

/// Per ref register (by index), the constant it holds on every path to here.
type State = Vec<Option<Known>>;

/// Records what ref register `register` holds now (None: unknown); other registers are ignored.
fn set(state: &mut State, register: u16, value: Option<Known>) {
    if let Some(slot) = ref_index(register).and_then(|r| state.get_mut(r as usize)) {
        *slot = value;
    }
}

fn get(state: &State, register: u16) -> Option<Known> {
    ref_index(register).and_then(|r| state.get(r as usize).copied().flatten())
}

/// What `i` leaves in `state` (its branches' remaps are applied per edge, in `run_block`).
fn step(state: &mut State, i: &Instruction) {
    match i.op.layout() {
        Layout::ConstRefRodata => set(state, i.writes[0], i.rodata.map(Known::Rodata)),
        Layout::ConstRefZero => set(state, i.writes[0], Some(Known::Null)),
        Layout::AssignRef => {
            let value = get(state, i.reads[0]);
            set(state, i.writes[0], value);
        }
        _ => {
            // A moved ref leaves its register null.
            for &r in i.reads.iter().chain(&i.operands).filter(|&&r| r & isa::MOVE_BIT != 0) {
                set(state, r, None);
            }
            for &w in &i.writes {
                set(state, w, None);
            }
        }
    }
}

/// Runs the block starting at instruction `start` from `state`; returns the state on each of
/// its edges, and calls `at_call(instruction, state before it)` for each instruction.
fn run_block(code: &[(usize, Instruction)], start: usize, mut state: State, at_call: &mut dyn FnMut(&Instruction, &State)) -> Vec<(usize, State)> {
    for (k, (_, i)) in code.iter().enumerate().skip(start) {
        if k > start && i.op.layout() == Layout::Block {
            return Vec::new(); // verified bodies end every block with a terminator
        }
        at_call(i, &state);
        step(&mut state, i);
        if i.ends_block() {
            return i
                .edges
                .iter()
                .map(|(target, remaps)| {
                    let mut out = state.clone();
                    for &(src, dst) in remaps {
                        let value = get(&out, src);
                        set(&mut out, src, None); // a remap moves refs
                        set(&mut out, dst, value);
                    }
                    (*target, out)
                })
                .collect();
        }
    }
    Vec::new()
}

/// Each call in `code` (a function with `ref_count` ref registers) to an import `wanted`
/// accepts: (import index, operand registers, the constants its ref registers hold there on
/// every path).
fn calls(code: &[u8], ref_count: usize, wanted: impl Fn(usize) -> bool) -> Vec<(usize, Vec<u16>, State)> {
    let code = instructions(code);
    // In-states of the blocks reached so far, by instruction index (the entry with nothing
    // known), to a fixpoint: states only lose entries at each meet, so this ends.
    let mut entry: Vec<Option<State>> = alloc::vec![None; code.len()];
    let block_at = |pc: usize| code.binary_search_by_key(&pc, |(at, _)| *at).ok().filter(|&k| code[k].1.op == Op::Block);
    if code.is_empty() {
        return Vec::new();
    }
    entry[0] = Some(alloc::vec![None; ref_count]);
    let mut work = alloc::vec![0usize];
    while let Some(start) = work.pop() {
        let state = entry[start].clone().unwrap_or_default();
        for (target, out) in run_block(&code, start, state, &mut |_, _| {}) {
            let Some(t) = block_at(target) else { continue };
            let merged = match &entry[t] {
                None => out,
                Some(old) => old.iter().zip(&out).map(|(a, b)| if a == b { *a } else { None }).collect(),
            };
            if entry[t].as_ref() != Some(&merged) {
                entry[t] = Some(merged);
                work.push(t);
            }
        }
    }
    let mut out = Vec::new();
    for (start, state) in entry.into_iter().enumerate() {
        let Some(state) = state else { continue };
        run_block(&code, start, state, &mut |i, state| {
            let import = i.callee.filter(|f| f & isa::IMPORT_BIT != 0).map(|f| (f & !isa::IMPORT_BIT) as usize);
            if let Some(import) = import.filter(|&n| wanted(n)) {
                out.push((import, i.operands.clone(), state.clone()));
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const R0: u16 = isa::REF_BIT;

    /// Emits bytecode with operand lists aligned as the encoder aligns them.
    #[derive(Default)]
    struct Code(Vec<u8>);

    impl Code {
        fn u16(&mut self, v: u16) -> &mut Self {
            self.0.extend(v.to_le_bytes());
            self
        }
        fn u32(&mut self, v: u32) -> &mut Self {
            self.0.extend(v.to_le_bytes());
            self
        }
        fn op(&mut self, op: Op) -> &mut Self {
            self.0.push(op.opcode());
            self
        }
        fn list(&mut self, items: &[u16]) -> &mut Self {
            if self.0.len() % 2 == 1 {
                self.0.push(0);
            }
            self.u16(items.len() as u16);
            items.iter().for_each(|&r| {
                self.u16(r);
            });
            self
        }
        fn block(&mut self) -> usize {
            self.op(Op::Block);
            self.0.len() - 1
        }
        fn rodata(&mut self, ordinal: u32, register: u16) {
            self.op(Op::ConstRefRodata).u32(ordinal).u16(register);
        }
        fn call_import(&mut self, operands: &[u16]) {
            self.op(Op::Call).u32(isa::IMPORT_BIT).list(operands).list(&[]);
        }
        /// A branch to a target patched later; returns where the target is.
        fn br(&mut self) -> usize {
            self.op(Op::Branch).u32(0);
            let at = self.0.len() - 4;
            self.list(&[]);
            at
        }
        fn patch(&mut self, at: usize, target: usize) {
            self.0[at..at + 4].copy_from_slice(&(target as u32).to_le_bytes());
        }
    }

    /// A diamond: the two arms set r0 to rodata `left` and `right`, the join calls import 0 with r0.
    fn diamond(left: u32, right: u32) -> Vec<u8> {
        let mut c = Code::default();
        c.block();
        c.op(Op::ConstI32Zero).u16(0);
        c.op(Op::CondBranch).u16(0).u32(0);
        let to_left = c.0.len() - 4;
        c.list(&[]).u32(0);
        let to_right = c.0.len() - 4;
        c.list(&[]);
        let l = c.block();
        c.rodata(left, R0);
        let from_left = c.br();
        let r = c.block();
        c.rodata(right, R0);
        let from_right = c.br();
        let join = c.block();
        c.call_import(&[R0]);
        c.op(Op::Return).list(&[]);
        c.patch(to_left, l);
        c.patch(to_right, r);
        c.patch(from_left, join);
        c.patch(from_right, join);
        c.0
    }

    #[test]
    fn a_constant_reaches_a_call_only_when_every_path_brings_it() {
        let found = |code: Vec<u8>| calls(&code, 1, |i| i == 0).into_iter().map(|(_, regs, state)| get(&state, regs[0])).collect::<Vec<_>>();
        assert_eq!(found(diamond(3, 3)), vec![Some(Known::Rodata(3))]);
        assert_eq!(found(diamond(3, 4)), vec![None]);
        // Straight line: set, then moved out by a call, then read again.
        let mut c = Code::default();
        c.block();
        c.rodata(7, R0);
        c.call_import(&[R0]);
        c.call_import(&[R0 | isa::MOVE_BIT]);
        c.call_import(&[R0]);
        c.op(Op::Return).list(&[]);
        assert_eq!(found(c.0), vec![Some(Known::Rodata(7)), Some(Known::Rodata(7)), None]);
    }
}
