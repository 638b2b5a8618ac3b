//! The bytecode instruction set: one row per opcode, the only place opcodes are listed.
//!
//! Bytecode 17.0 (what `iree-compile` 3.13.0 emits) has three opcode sets: `core` (one byte),
//! and `ext_f32` / `ext_f64`, each reached through a prefix byte in the core set. Every row
//! names the set, the opcode, the Rust variant, the upstream mnemonic and the operand layout.
//! From this table `for_each_op!` derives the `Op` enum, the opcode decoder and the
//! mnemonics; the verifier reads operand layouts from `Layout::fields`, and the executor
//! matches on `Op` exhaustively, so no opcode can be decoded without a handler.

/// Which opcode set an instruction belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpSet {
    Core,
    F32,
    F64,
}

/// Prefix bytes in the core set that switch to an extension set.
pub const PREFIX_EXT_F32: u8 = 0xE0;
pub const PREFIX_EXT_F64: u8 = 0xE1;

/// Register bank (value type) an operand layout is parameterised by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    I32,
    I64,
    F32,
    F64,
    Ref,
}

impl Ty {
    /// i64 and f64 values occupy a pair of 32-bit register slots.
    pub const fn slots(self) -> usize {
        match self {
            Ty::I64 | Ty::F64 => 2,
            _ => 1,
        }
    }
}

/// How an instruction's operands are laid out after its opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Block,
    GlobalLoad(Ty),
    GlobalStore(Ty),
    GlobalLoadIndirect(Ty),
    GlobalStoreIndirect(Ty),
    GlobalLoadRef,
    GlobalStoreRef,
    GlobalLoadIndirectRef,
    GlobalStoreIndirectRef,
    ZeroConstant(Ty),
    Constant(Ty),
    ConstRefZero,
    ConstRefRodata,
    ListAlloc,
    ListReserve,
    ListSize,
    ListResize,
    ListGet(Ty),
    ListSet(Ty),
    ListGetRef,
    ListSetRef,
    Select(Ty),
    SelectRef,
    Switch(Ty),
    SwitchRef,
    Unary(Ty),
    Binary(Ty),
    Ternary(Ty),
    Shift(Ty),
    Conversion(Ty, Ty),
    UnaryComparison(Ty),
    BinaryComparison(Ty),
    Branch,
    ConditionalBranch,
    ConditionalBreak,
    BranchTable,
    Call,
    CallVariadic,
    YieldableCall,
    CallVariadicYieldable,
    Return,
    Fail,
    ImportResolved,
    Trace,
    BufferLoad(Ty),
    BufferStore(Ty),
    BufferFill(Ty),
    BufferAlloc,
    BufferClone,
    BufferLength,
    BufferCopy,
    BufferCompare,
    BufferHash,
    CastAnyRef,
    DiscardRefs,
    AssignRef,
}

/// One operand field, in encoding order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A u16 register read by the instruction.
    Read(Ty),
    /// A u16 register written by the instruction.
    Write(Ty),
    /// u32 byte offset into the module's global storage, sized by the type.
    GlobalBytes(Ty),
    /// u32 ordinal into the module's ref globals.
    GlobalRef,
    /// u32 rodata segment ordinal.
    Rodata,
    /// u32 function ordinal; the high bit marks an import.
    Function,
    /// u32 index into the module's type table.
    Type,
    /// u16 length + UTF-8 bytes.
    String,
    /// Inline immediate of the type's width.
    Immediate(Ty),
    /// Inline u16 count.
    ConstI16,
    /// Register list read by the instruction (2-aligned u16 count + u16 registers).
    Operands(Option<Ty>),
    /// Register list written by the instruction.
    Results,
    /// Segment-size list of a variadic call (same encoding, raw sizes not registers).
    SegmentSizes,
    /// u32 pc of a block marker, relative to the function start.
    BranchTarget,
    /// Remap list applied on branching (2-aligned u16 count + count src/dst pairs).
    BranchOperands,
    /// `ConstI16` cases of `BranchTarget` + `BranchOperands` each.
    BranchTableCases,
}

impl Layout {
    /// The operand fields of this layout in encoding order.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        macro_rules! per_ty {
            ($t:expr, |$x:ident| $fields:expr) => {
                match $t {
                    Ty::I32 => { const $x: Ty = Ty::I32; &$fields }
                    Ty::I64 => { const $x: Ty = Ty::I64; &$fields }
                    Ty::F32 => { const $x: Ty = Ty::F32; &$fields }
                    Ty::F64 => { const $x: Ty = Ty::F64; &$fields }
                    Ty::Ref => { const $x: Ty = Ty::Ref; &$fields }
                }
            };
        }
        match self {
            Layout::Block => &[],
            Layout::GlobalLoad(t) => per_ty!(t, |T| [GlobalBytes(T), Write(T)]),
            Layout::GlobalStore(t) => per_ty!(t, |T| [GlobalBytes(T), Read(T)]),
            Layout::GlobalLoadIndirect(t) => per_ty!(t, |T| [Read(Ty::I32), Write(T)]),
            Layout::GlobalStoreIndirect(t) => per_ty!(t, |T| [Read(Ty::I32), Read(T)]),
            Layout::GlobalLoadRef => &[GlobalRef, Type, Write(Ty::Ref)],
            Layout::GlobalStoreRef => &[GlobalRef, Type, Read(Ty::Ref)],
            Layout::GlobalLoadIndirectRef => &[Read(Ty::I32), Type, Write(Ty::Ref)],
            Layout::GlobalStoreIndirectRef => &[Read(Ty::I32), Type, Read(Ty::Ref)],
            Layout::ZeroConstant(t) => per_ty!(t, |T| [Write(T)]),
            Layout::Constant(t) => per_ty!(t, |T| [Immediate(T), Write(T)]),
            Layout::ConstRefZero => &[Write(Ty::Ref)],
            Layout::ConstRefRodata => &[Rodata, Write(Ty::Ref)],
            Layout::ListAlloc => &[Type, Read(Ty::I32), Write(Ty::Ref)],
            Layout::ListReserve | Layout::ListResize => &[Read(Ty::Ref), Read(Ty::I32)],
            Layout::ListSize => &[Read(Ty::Ref), Write(Ty::I32)],
            Layout::ListGet(t) => per_ty!(t, |T| [Read(Ty::Ref), Read(Ty::I32), Write(T)]),
            Layout::ListSet(t) => per_ty!(t, |T| [Read(Ty::Ref), Read(Ty::I32), Read(T)]),
            Layout::ListGetRef => &[Read(Ty::Ref), Read(Ty::I32), Type, Write(Ty::Ref)],
            Layout::ListSetRef => &[Read(Ty::Ref), Read(Ty::I32), Read(Ty::Ref)],
            Layout::Select(t) => per_ty!(t, |T| [Read(Ty::I32), Read(T), Read(T), Write(T)]),
            Layout::SelectRef => &[Read(Ty::I32), Type, Read(Ty::Ref), Read(Ty::Ref), Write(Ty::Ref)],
            Layout::Switch(t) => per_ty!(t, |T| [Read(Ty::I32), Read(T), Operands(Some(T)), Write(T)]),
            Layout::SwitchRef => {
                &[Read(Ty::I32), Type, Read(Ty::Ref), Operands(Some(Ty::Ref)), Write(Ty::Ref)]
            }
            Layout::Unary(t) => per_ty!(t, |T| [Read(T), Write(T)]),
            Layout::Binary(t) => per_ty!(t, |T| [Read(T), Read(T), Write(T)]),
            Layout::Ternary(t) => per_ty!(t, |T| [Read(T), Read(T), Read(T), Write(T)]),
            Layout::Shift(t) => per_ty!(t, |T| [Read(T), Read(Ty::I32), Write(T)]),
            Layout::Conversion(from, to) => conversion_fields(from, to),
            Layout::UnaryComparison(t) => per_ty!(t, |T| [Read(T), Write(Ty::I32)]),
            Layout::BinaryComparison(t) => per_ty!(t, |T| [Read(T), Read(T), Write(Ty::I32)]),
            Layout::Branch => &[BranchTarget, BranchOperands],
            Layout::ConditionalBranch => {
                &[Read(Ty::I32), BranchTarget, BranchOperands, BranchTarget, BranchOperands]
            }
            Layout::ConditionalBreak => &[Read(Ty::I32), BranchTarget, BranchOperands],
            Layout::BranchTable => {
                &[Read(Ty::I32), BranchTarget, BranchOperands, ConstI16, BranchTableCases]
            }
            Layout::Call => &[Function, Operands(None), Results],
            Layout::CallVariadic => &[Function, SegmentSizes, Operands(None), Results],
            Layout::YieldableCall => &[Function, Operands(None), BranchTarget, Results],
            Layout::CallVariadicYieldable => {
                &[Function, SegmentSizes, Operands(None), BranchTarget, Results]
            }
            Layout::Return => &[Operands(None)],
            Layout::Fail => &[Read(Ty::I32), String],
            Layout::ImportResolved => &[Function, Write(Ty::I32)],
            Layout::Trace => &[String, Operands(None)],
            Layout::BufferLoad(t) => per_ty!(t, |T| [Read(Ty::Ref), Read(Ty::I64), Write(T)]),
            Layout::BufferStore(t) => per_ty!(t, |T| [Read(Ty::Ref), Read(Ty::I64), Read(T)]),
            Layout::BufferFill(t) => {
                per_ty!(t, |T| [Read(Ty::Ref), Read(Ty::I64), Read(Ty::I64), Read(T)])
            }
            Layout::BufferAlloc => &[Read(Ty::I64), Read(Ty::I32), Write(Ty::Ref)],
            Layout::BufferClone => {
                &[Read(Ty::Ref), Read(Ty::I64), Read(Ty::I64), Read(Ty::I32), Write(Ty::Ref)]
            }
            Layout::BufferLength => &[Read(Ty::Ref), Write(Ty::I64)],
            Layout::BufferCopy => {
                &[Read(Ty::Ref), Read(Ty::I64), Read(Ty::Ref), Read(Ty::I64), Read(Ty::I64)]
            }
            Layout::BufferCompare => &[
                Read(Ty::Ref),
                Read(Ty::I64),
                Read(Ty::Ref),
                Read(Ty::I64),
                Read(Ty::I64),
                Write(Ty::I32),
            ],
            Layout::BufferHash => &[Read(Ty::Ref), Read(Ty::I64), Read(Ty::I64), Write(Ty::I64)],
            Layout::CastAnyRef => &[Read(Ty::Ref), Type, Write(Ty::Ref)],
            Layout::DiscardRefs => &[Operands(Some(Ty::Ref))],
            Layout::AssignRef => &[Read(Ty::Ref), Write(Ty::Ref)],
        }
    }
}

fn conversion_fields(from: Ty, to: Ty) -> &'static [Field] {
    use Field::{Read, Write};
    macro_rules! conv {
        ($(($a:ident, $b:ident)),*) => {
            match (from, to) {
                $((Ty::$a, Ty::$b) => &[Read(Ty::$a), Write(Ty::$b)],)*
                _ => &[Read(Ty::Ref), Write(Ty::Ref)],
            }
        };
    }
    conv!((I32, I64), (I64, I32), (I32, F32), (F32, I32), (I64, F32), (F32, I64), (I32, F64),
          (F64, I32), (I64, F64), (F64, I64), (F32, F64), (F64, F32))
}

/// Invokes `$m!` with every instruction row: `(set, opcode, Variant, "mnemonic", Layout)`.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
        (Core, 0x00, GlobalLoadI32, "global.load.i32", GlobalLoad(I32)),
        (Core, 0x01, GlobalStoreI32, "global.store.i32", GlobalStore(I32)),
        (Core, 0x02, GlobalLoadIndirectI32, "global.load.indirect.i32", GlobalLoadIndirect(I32)),
        (Core, 0x03, GlobalStoreIndirectI32, "global.store.indirect.i32", GlobalStoreIndirect(I32)),
        (Core, 0x04, GlobalLoadI64, "global.load.i64", GlobalLoad(I64)),
        (Core, 0x05, GlobalStoreI64, "global.store.i64", GlobalStore(I64)),
        (Core, 0x06, GlobalLoadIndirectI64, "global.load.indirect.i64", GlobalLoadIndirect(I64)),
        (Core, 0x07, GlobalStoreIndirectI64, "global.store.indirect.i64", GlobalStoreIndirect(I64)),
        (Core, 0x08, GlobalLoadRef, "global.load.ref", GlobalLoadRef),
        (Core, 0x09, GlobalStoreRef, "global.store.ref", GlobalStoreRef),
        (Core, 0x0A, GlobalLoadIndirectRef, "global.load.indirect.ref", GlobalLoadIndirectRef),
        (Core, 0x0B, GlobalStoreIndirectRef, "global.store.indirect.ref", GlobalStoreIndirectRef),
        (Core, 0x0C, ConstI32Zero, "const.i32.zero", ZeroConstant(I32)),
        (Core, 0x0D, ConstI32, "const.i32", Constant(I32)),
        (Core, 0x0E, ConstI64Zero, "const.i64.zero", ZeroConstant(I64)),
        (Core, 0x0F, ConstI64, "const.i64", Constant(I64)),
        (Core, 0x10, ConstRefZero, "const.ref.zero", ConstRefZero),
        (Core, 0x11, ConstRefRodata, "const.ref.rodata", ConstRefRodata),
        (Core, 0x12, ListAlloc, "list.alloc", ListAlloc),
        (Core, 0x13, ListReserve, "list.reserve", ListReserve),
        (Core, 0x14, ListSize, "list.size", ListSize),
        (Core, 0x15, ListResize, "list.resize", ListResize),
        (Core, 0x16, ListGetI32, "list.get.i32", ListGet(I32)),
        (Core, 0x17, ListSetI32, "list.set.i32", ListSet(I32)),
        (Core, 0x18, ListGetI64, "list.get.i64", ListGet(I64)),
        (Core, 0x19, ListSetI64, "list.set.i64", ListSet(I64)),
        (Core, 0x1A, ListGetRef, "list.get.ref", ListGetRef),
        (Core, 0x1B, ListSetRef, "list.set.ref", ListSetRef),
        (Core, 0x1C, SelectI32, "select.i32", Select(I32)),
        (Core, 0x1D, SelectI64, "select.i64", Select(I64)),
        (Core, 0x1E, SelectRef, "select.ref", SelectRef),
        (Core, 0x1F, SwitchI32, "switch.i32", Switch(I32)),
        (Core, 0x20, SwitchI64, "switch.i64", Switch(I64)),
        (Core, 0x21, SwitchRef, "switch.ref", SwitchRef),
        (Core, 0x22, AddI32, "add.i32", Binary(I32)),
        (Core, 0x23, SubI32, "sub.i32", Binary(I32)),
        (Core, 0x24, MulI32, "mul.i32", Binary(I32)),
        (Core, 0x25, DivI32S, "div.i32.s", Binary(I32)),
        (Core, 0x26, DivI32U, "div.i32.u", Binary(I32)),
        (Core, 0x27, RemI32S, "rem.i32.s", Binary(I32)),
        (Core, 0x28, RemI32U, "rem.i32.u", Binary(I32)),
        (Core, 0x29, FmaI32, "fma.i32", Ternary(I32)),
        (Core, 0x2A, AddI64, "add.i64", Binary(I64)),
        (Core, 0x2B, SubI64, "sub.i64", Binary(I64)),
        (Core, 0x2C, MulI64, "mul.i64", Binary(I64)),
        (Core, 0x2D, DivI64S, "div.i64.s", Binary(I64)),
        (Core, 0x2E, DivI64U, "div.i64.u", Binary(I64)),
        (Core, 0x2F, RemI64S, "rem.i64.s", Binary(I64)),
        (Core, 0x30, RemI64U, "rem.i64.u", Binary(I64)),
        (Core, 0x31, FmaI64, "fma.i64", Ternary(I64)),
        (Core, 0x32, NotI32, "not.i32", Unary(I32)),
        (Core, 0x33, AndI32, "and.i32", Binary(I32)),
        (Core, 0x34, OrI32, "or.i32", Binary(I32)),
        (Core, 0x35, XorI32, "xor.i32", Binary(I32)),
        (Core, 0x36, NotI64, "not.i64", Unary(I64)),
        (Core, 0x37, AndI64, "and.i64", Binary(I64)),
        (Core, 0x38, OrI64, "or.i64", Binary(I64)),
        (Core, 0x39, XorI64, "xor.i64", Binary(I64)),
        (Core, 0x3A, ShlI32, "shl.i32", Shift(I32)),
        (Core, 0x3B, ShrI32S, "shr.i32.s", Shift(I32)),
        (Core, 0x3C, ShrI32U, "shr.i32.u", Shift(I32)),
        (Core, 0x3D, ShlI64, "shl.i64", Shift(I64)),
        (Core, 0x3E, ShrI64S, "shr.i64.s", Shift(I64)),
        (Core, 0x3F, ShrI64U, "shr.i64.u", Shift(I64)),
        (Core, 0x40, TruncI32I8, "trunc.i32.i8", Unary(I32)),
        (Core, 0x41, TruncI32I16, "trunc.i32.i16", Unary(I32)),
        (Core, 0x42, TruncI64I32, "trunc.i64.i32", Conversion(I64, I32)),
        (Core, 0x43, ExtI8I32S, "ext.i8.i32.s", Unary(I32)),
        (Core, 0x44, ExtI8I32U, "ext.i8.i32.u", Unary(I32)),
        (Core, 0x45, ExtI16I32S, "ext.i16.i32.s", Unary(I32)),
        (Core, 0x46, ExtI16I32U, "ext.i16.i32.u", Unary(I32)),
        (Core, 0x47, ExtI32I64S, "ext.i32.i64.s", Conversion(I32, I64)),
        (Core, 0x48, ExtI32I64U, "ext.i32.i64.u", Conversion(I32, I64)),
        (Core, 0x49, CmpEQI32, "cmp.eq.i32", BinaryComparison(I32)),
        (Core, 0x4A, CmpNEI32, "cmp.ne.i32", BinaryComparison(I32)),
        (Core, 0x4B, CmpLTI32S, "cmp.lt.i32.s", BinaryComparison(I32)),
        (Core, 0x4C, CmpLTI32U, "cmp.lt.i32.u", BinaryComparison(I32)),
        (Core, 0x4D, CmpNZI32, "cmp.nz.i32", UnaryComparison(I32)),
        (Core, 0x4E, CmpEQI64, "cmp.eq.i64", BinaryComparison(I64)),
        (Core, 0x4F, CmpNEI64, "cmp.ne.i64", BinaryComparison(I64)),
        (Core, 0x50, CmpLTI64S, "cmp.lt.i64.s", BinaryComparison(I64)),
        (Core, 0x51, CmpLTI64U, "cmp.lt.i64.u", BinaryComparison(I64)),
        (Core, 0x52, CmpNZI64, "cmp.nz.i64", UnaryComparison(I64)),
        (Core, 0x53, CmpEQRef, "cmp.eq.ref", BinaryComparison(Ref)),
        (Core, 0x54, CmpNERef, "cmp.ne.ref", BinaryComparison(Ref)),
        (Core, 0x55, CmpNZRef, "cmp.nz.ref", UnaryComparison(Ref)),
        (Core, 0x56, Branch, "br", Branch),
        (Core, 0x57, CondBranch, "cond_br", ConditionalBranch),
        (Core, 0x58, Call, "call", Call),
        (Core, 0x59, CallVariadic, "call.variadic", CallVariadic),
        (Core, 0x5A, Return, "return", Return),
        (Core, 0x5B, Fail, "fail", Fail),
        (Core, 0x5C, ImportResolved, "import.resolved", ImportResolved),
        (Core, 0x5D, Yield, "yield", Branch),
        (Core, 0x5E, Trace, "trace", Trace),
        (Core, 0x5F, Print, "print", Trace),
        (Core, 0x60, CondBreak, "cond_break", ConditionalBreak),
        (Core, 0x61, Break, "break", Branch),
        (Core, 0x62, BufferLoadI8U, "buffer.load.i8.u", BufferLoad(I32)),
        (Core, 0x63, BufferLoadI8S, "buffer.load.i8.s", BufferLoad(I32)),
        (Core, 0x64, BufferLoadI16U, "buffer.load.i16.u", BufferLoad(I32)),
        (Core, 0x65, BufferLoadI16S, "buffer.load.i16.s", BufferLoad(I32)),
        (Core, 0x66, BufferLoadI32, "buffer.load.i32", BufferLoad(I32)),
        (Core, 0x67, BufferLoadI64, "buffer.load.i64", BufferLoad(I64)),
        (Core, 0x68, BufferStoreI8, "buffer.store.i8", BufferStore(I32)),
        (Core, 0x69, BufferStoreI16, "buffer.store.i16", BufferStore(I32)),
        (Core, 0x6A, BufferStoreI32, "buffer.store.i32", BufferStore(I32)),
        (Core, 0x6B, BufferStoreI64, "buffer.store.i64", BufferStore(I64)),
        (Core, 0x6C, BufferAlloc, "buffer.alloc", BufferAlloc),
        (Core, 0x6D, BufferClone, "buffer.clone", BufferClone),
        (Core, 0x6E, BufferLength, "buffer.length", BufferLength),
        (Core, 0x6F, BufferCopy, "buffer.copy", BufferCopy),
        (Core, 0x70, BufferCompare, "buffer.compare", BufferCompare),
        (Core, 0x71, BufferFillI8, "buffer.fill.i8", BufferFill(I32)),
        (Core, 0x72, BufferFillI16, "buffer.fill.i16", BufferFill(I32)),
        (Core, 0x73, BufferFillI32, "buffer.fill.i32", BufferFill(I32)),
        (Core, 0x74, BufferFillI64, "buffer.fill.i64", BufferFill(I64)),
        (Core, 0x75, CtlzI32, "ctlz.i32", Unary(I32)),
        (Core, 0x76, CtlzI64, "ctlz.i64", Unary(I64)),
        (Core, 0x77, AbsI32, "abs.i32", Unary(I32)),
        (Core, 0x78, AbsI64, "abs.i64", Unary(I64)),
        (Core, 0x79, Block, "block", Block),
        (Core, 0x7A, MinI32S, "min.i32.s", Binary(I32)),
        (Core, 0x7B, MinI32U, "min.i32.u", Binary(I32)),
        (Core, 0x7C, MaxI32S, "max.i32.s", Binary(I32)),
        (Core, 0x7D, MaxI32U, "max.i32.u", Binary(I32)),
        (Core, 0x7E, MinI64S, "min.i64.s", Binary(I64)),
        (Core, 0x7F, MinI64U, "min.i64.u", Binary(I64)),
        (Core, 0x80, MaxI64S, "max.i64.s", Binary(I64)),
        (Core, 0x81, MaxI64U, "max.i64.u", Binary(I64)),
        (Core, 0x82, CastAnyRef, "cast.any.ref", CastAnyRef),
        (Core, 0x83, BranchTable, "br_table", BranchTable),
        (Core, 0x84, BufferHash, "buffer.hash", BufferHash),
        (Core, 0x85, DiscardRefs, "discard.refs", DiscardRefs),
        (Core, 0x86, AssignRef, "assign.ref", AssignRef),
        (Core, 0x87, CallYieldable, "call.yieldable", YieldableCall),
        (Core, 0x88, CallVariadicYieldable, "call.variadic.yieldable", CallVariadicYieldable),
        (F32, 0x00, GlobalLoadF32, "global.load.f32", GlobalLoad(F32)),
        (F32, 0x01, GlobalStoreF32, "global.store.f32", GlobalStore(F32)),
        (F32, 0x02, GlobalLoadIndirectF32, "global.load.indirect.f32", GlobalLoadIndirect(F32)),
        (F32, 0x03, GlobalStoreIndirectF32, "global.store.indirect.f32", GlobalStoreIndirect(F32)),
        (F32, 0x04, ConstF32Zero, "const.f32.zero", ZeroConstant(F32)),
        (F32, 0x05, ConstF32, "const.f32", Constant(F32)),
        (F32, 0x06, ListGetF32, "list.get.f32", ListGet(F32)),
        (F32, 0x07, ListSetF32, "list.set.f32", ListSet(F32)),
        (F32, 0x08, SelectF32, "select.f32", Select(F32)),
        (F32, 0x09, SwitchF32, "switch.f32", Switch(F32)),
        (F32, 0x0A, AddF32, "add.f32", Binary(F32)),
        (F32, 0x0B, SubF32, "sub.f32", Binary(F32)),
        (F32, 0x0C, MulF32, "mul.f32", Binary(F32)),
        (F32, 0x0D, DivF32, "div.f32", Binary(F32)),
        (F32, 0x0E, RemF32, "rem.f32", Binary(F32)),
        (F32, 0x0F, FmaF32, "fma.f32", Ternary(F32)),
        (F32, 0x10, AbsF32, "abs.f32", Unary(F32)),
        (F32, 0x11, NegF32, "neg.f32", Unary(F32)),
        (F32, 0x12, CeilF32, "ceil.f32", Unary(F32)),
        (F32, 0x13, FloorF32, "floor.f32", Unary(F32)),
        (F32, 0x14, CastSI32F32, "cast.si32.f32", Conversion(I32, F32)),
        (F32, 0x15, CastUI32F32, "cast.ui32.f32", Conversion(I32, F32)),
        (F32, 0x16, CastF32SI32, "cast.f32.si32", Conversion(F32, I32)),
        (F32, 0x17, CastF32UI32, "cast.f32.ui32", Conversion(F32, I32)),
        (F32, 0x18, BitcastI32F32, "bitcast.i32.f32", Conversion(I32, F32)),
        (F32, 0x19, BitcastF32I32, "bitcast.f32.i32", Conversion(F32, I32)),
        (F32, 0x1A, AtanF32, "atan.f32", Unary(F32)),
        (F32, 0x1B, Atan2F32, "atan2.f32", Binary(F32)),
        (F32, 0x1C, CosF32, "cos.f32", Unary(F32)),
        (F32, 0x1D, SinF32, "sin.f32", Unary(F32)),
        (F32, 0x1E, ExpF32, "exp.f32", Unary(F32)),
        (F32, 0x1F, Exp2F32, "exp2.f32", Unary(F32)),
        (F32, 0x20, ExpM1F32, "expm1.f32", Unary(F32)),
        (F32, 0x21, LogF32, "log.f32", Unary(F32)),
        (F32, 0x22, Log10F32, "log10.f32", Unary(F32)),
        (F32, 0x23, Log1pF32, "log1p.f32", Unary(F32)),
        (F32, 0x24, Log2F32, "log2.f32", Unary(F32)),
        (F32, 0x25, PowF32, "pow.f32", Binary(F32)),
        (F32, 0x26, RsqrtF32, "rsqrt.f32", Unary(F32)),
        (F32, 0x27, SqrtF32, "sqrt.f32", Unary(F32)),
        (F32, 0x28, TanhF32, "tanh.f32", Unary(F32)),
        (F32, 0x29, ErfF32, "erf.f32", Unary(F32)),
        (F32, 0x2A, CmpEQF32O, "cmp.eq.f32.o", BinaryComparison(F32)),
        (F32, 0x2B, CmpEQF32U, "cmp.eq.f32.u", BinaryComparison(F32)),
        (F32, 0x2C, CmpNEF32O, "cmp.ne.f32.o", BinaryComparison(F32)),
        (F32, 0x2D, CmpNEF32U, "cmp.ne.f32.u", BinaryComparison(F32)),
        (F32, 0x2E, CmpLTF32O, "cmp.lt.f32.o", BinaryComparison(F32)),
        (F32, 0x2F, CmpLTF32U, "cmp.lt.f32.u", BinaryComparison(F32)),
        (F32, 0x30, CmpLTEF32O, "cmp.lte.f32.o", BinaryComparison(F32)),
        (F32, 0x31, CmpLTEF32U, "cmp.lte.f32.u", BinaryComparison(F32)),
        (F32, 0x32, CmpNaNF32, "cmp.nan.f32", UnaryComparison(F32)),
        (F32, 0x33, BufferLoadF32, "buffer.load.f32", BufferLoad(F32)),
        (F32, 0x34, BufferStoreF32, "buffer.store.f32", BufferStore(F32)),
        (F32, 0x35, BufferFillF32, "buffer.fill.f32", BufferFill(F32)),
        (F32, 0x36, RoundF32, "round.f32", Unary(F32)),
        (F32, 0x37, MinF32, "min.f32", Binary(F32)),
        (F32, 0x38, MaxF32, "max.f32", Binary(F32)),
        (F32, 0x39, RoundF32Even, "round.f32.even", Unary(F32)),
        (F32, 0x3A, CastF32SI64, "cast.f32.si64", Conversion(F32, I64)),
        (F32, 0x3B, CastF32UI64, "cast.f32.ui64", Conversion(F32, I64)),
        (F32, 0x3C, CastSI64F32, "cast.si64.f32", Conversion(I64, F32)),
        (F32, 0x3D, CastUI64F32, "cast.ui64.f32", Conversion(I64, F32)),
        (F64, 0x00, GlobalLoadF64, "global.load.f64", GlobalLoad(F64)),
        (F64, 0x01, GlobalStoreF64, "global.store.f64", GlobalStore(F64)),
        (F64, 0x02, GlobalLoadIndirectF64, "global.load.indirect.f64", GlobalLoadIndirect(F64)),
        (F64, 0x03, GlobalStoreIndirectF64, "global.store.indirect.f64", GlobalStoreIndirect(F64)),
        (F64, 0x04, ConstF64Zero, "const.f64.zero", ZeroConstant(F64)),
        (F64, 0x05, ConstF64, "const.f64", Constant(F64)),
        (F64, 0x06, ListGetF64, "list.get.f64", ListGet(F64)),
        (F64, 0x07, ListSetF64, "list.set.f64", ListSet(F64)),
        (F64, 0x08, SelectF64, "select.f64", Select(F64)),
        (F64, 0x09, SwitchF64, "switch.f64", Switch(F64)),
        (F64, 0x0A, AddF64, "add.f64", Binary(F64)),
        (F64, 0x0B, SubF64, "sub.f64", Binary(F64)),
        (F64, 0x0C, MulF64, "mul.f64", Binary(F64)),
        (F64, 0x0D, DivF64, "div.f64", Binary(F64)),
        (F64, 0x0E, RemF64, "rem.f64", Binary(F64)),
        (F64, 0x0F, FmaF64, "fma.f64", Ternary(F64)),
        (F64, 0x10, AbsF64, "abs.f64", Unary(F64)),
        (F64, 0x11, NegF64, "neg.f64", Unary(F64)),
        (F64, 0x12, CeilF64, "ceil.f64", Unary(F64)),
        (F64, 0x13, FloorF64, "floor.f64", Unary(F64)),
        (F64, 0x14, TruncF64F32, "trunc.f64.f32", Conversion(F64, F32)),
        (F64, 0x15, ExtF32F64, "ext.f32.f64", Conversion(F32, F64)),
        (F64, 0x16, CastSI32F64, "cast.si32.f64", Conversion(I32, F64)),
        (F64, 0x17, CastUI32F64, "cast.ui32.f64", Conversion(I32, F64)),
        (F64, 0x18, CastF64SI32, "cast.f64.si32", Conversion(F64, I32)),
        (F64, 0x19, CastF64UI32, "cast.f64.ui32", Conversion(F64, I32)),
        (F64, 0x1A, CastSI64F64, "cast.si64.f64", Conversion(I64, F64)),
        (F64, 0x1B, CastUI64F64, "cast.ui64.f64", Conversion(I64, F64)),
        (F64, 0x1C, CastF64SI64, "cast.f64.si64", Conversion(F64, I64)),
        (F64, 0x1D, CastF64UI64, "cast.f64.ui64", Conversion(F64, I64)),
        (F64, 0x1E, BitcastI64F64, "bitcast.i64.f64", Conversion(I64, F64)),
        (F64, 0x1F, BitcastF64I64, "bitcast.f64.i64", Conversion(F64, I64)),
        (F64, 0x20, AtanF64, "atan.f64", Unary(F64)),
        (F64, 0x21, Atan2F64, "atan2.f64", Binary(F64)),
        (F64, 0x22, CosF64, "cos.f64", Unary(F64)),
        (F64, 0x23, SinF64, "sin.f64", Unary(F64)),
        (F64, 0x24, ExpF64, "exp.f64", Unary(F64)),
        (F64, 0x25, Exp2F64, "exp2.f64", Unary(F64)),
        (F64, 0x26, ExpM1F64, "expm1.f64", Unary(F64)),
        (F64, 0x27, LogF64, "log.f64", Unary(F64)),
        (F64, 0x28, Log10F64, "log10.f64", Unary(F64)),
        (F64, 0x29, Log1pF64, "log1p.f64", Unary(F64)),
        (F64, 0x2A, Log2F64, "log2.f64", Unary(F64)),
        (F64, 0x2B, PowF64, "pow.f64", Binary(F64)),
        (F64, 0x2C, RsqrtF64, "rsqrt.f64", Unary(F64)),
        (F64, 0x2D, SqrtF64, "sqrt.f64", Unary(F64)),
        (F64, 0x2E, TanhF64, "tanh.f64", Unary(F64)),
        (F64, 0x2F, ErfF64, "erf.f64", Unary(F64)),
        (F64, 0x30, CmpEQF64O, "cmp.eq.f64.o", BinaryComparison(F64)),
        (F64, 0x31, CmpEQF64U, "cmp.eq.f64.u", BinaryComparison(F64)),
        (F64, 0x32, CmpNEF64O, "cmp.ne.f64.o", BinaryComparison(F64)),
        (F64, 0x33, CmpNEF64U, "cmp.ne.f64.u", BinaryComparison(F64)),
        (F64, 0x34, CmpLTF64O, "cmp.lt.f64.o", BinaryComparison(F64)),
        (F64, 0x35, CmpLTF64U, "cmp.lt.f64.u", BinaryComparison(F64)),
        (F64, 0x36, CmpLTEF64O, "cmp.lte.f64.o", BinaryComparison(F64)),
        (F64, 0x37, CmpLTEF64U, "cmp.lte.f64.u", BinaryComparison(F64)),
        (F64, 0x38, CmpNaNF64, "cmp.nan.f64", UnaryComparison(F64)),
        (F64, 0x39, BufferLoadF64, "buffer.load.f64", BufferLoad(F64)),
        (F64, 0x3A, BufferStoreF64, "buffer.store.f64", BufferStore(F64)),
        (F64, 0x3B, BufferFillF64, "buffer.fill.f64", BufferFill(F64)),
        (F64, 0x3C, RoundF64, "round.f64", Unary(F64)),
        (F64, 0x3D, MinF64, "min.f64", Binary(F64)),
        (F64, 0x3E, MaxF64, "max.f64", Binary(F64)),
        (F64, 0x3F, RoundF64Even, "round.f64.even", Unary(F64)),
        }
    };
}

macro_rules! define_ops {
    ($(($set:ident, $code:literal, $name:ident, $mnemonic:literal, $layout:ident $(($($ty:ident),*))?),)*) => {
        /// Every instruction of bytecode 17.0.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Op {
            $($name,)*
        }

        /// All instructions in table order (for the tests' coverage and table checks).
        #[cfg(any(test, feature = "internals"))]
        pub const ALL_OPS: &[Op] = &[$(Op::$name,)*];

        impl Op {
            /// Decodes an opcode byte within a set; `None` for unassigned opcodes.
            #[inline]
            pub fn decode(set: OpSet, code: u8) -> Option<Op> {
                match set {
                    OpSet::Core => CORE_OPS[code as usize],
                    OpSet::F32 => F32_OPS[code as usize],
                    OpSet::F64 => F64_OPS[code as usize],
                }
            }

            #[cfg(any(test, feature = "internals"))]
            pub const fn set(self) -> OpSet {
                match self { $(Op::$name => OpSet::$set,)* }
            }

            #[cfg(any(test, feature = "internals"))]
            pub const fn opcode(self) -> u8 {
                match self { $(Op::$name => $code,)* }
            }

            /// The upstream mnemonic, as the disassembler prints it (`add.i32`).
            pub const fn mnemonic(self) -> &'static str {
                match self { $(Op::$name => $mnemonic,)* }
            }

            pub const fn layout(self) -> Layout {
                match self { $(Op::$name => Layout::$layout $(($(Ty::$ty),*))?,)* }
            }
        }

        const fn build_table(set: OpSet) -> [Option<Op>; 256] {
            let mut table = [None; 256];
            $(
                if matches!((set, OpSet::$set), (OpSet::Core, OpSet::Core) | (OpSet::F32, OpSet::F32) | (OpSet::F64, OpSet::F64)) {
                    table[$code] = Some(Op::$name);
                }
            )*
            table
        }
    };
}

for_each_op!(define_ops);

static CORE_OPS: [Option<Op>; 256] = build_table(OpSet::Core);
static F32_OPS: [Option<Op>; 256] = build_table(OpSet::F32);
static F64_OPS: [Option<Op>; 256] = build_table(OpSet::F64);

/// Register encoding: bit 15 marks a ref register, bit 14 a move of the ref.
pub const REF_BIT: u16 = 0x8000;
pub const MOVE_BIT: u16 = 0x4000;
pub const REF_INDEX_MASK: u16 = 0x3FFF;
pub const I32_INDEX_MASK: u16 = 0x7FFF;
/// Function ordinals with this bit set name imports.
pub const IMPORT_BIT: u32 = 0x8000_0000;
/// The bytecode version this runtime executes (major 17, any minor up to 0).
pub const VERSION_MAJOR: u16 = 17;
pub const VERSION_MINOR: u16 = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_instruction_of_bytecode_17() {
        // 263 instructions plus the two extension prefixes make the upstream 265.
        assert_eq!(ALL_OPS.len(), 263);
        for &op in ALL_OPS {
            assert_eq!(Op::decode(op.set(), op.opcode()), Some(op), "{}", op.mnemonic());
        }
        assert_eq!(Op::decode(OpSet::Core, PREFIX_EXT_F32), None);
        assert_eq!(Op::decode(OpSet::Core, 0x79), Some(Op::Block));
    }

    #[test]
    fn conversions_have_real_fields() {
        for &op in ALL_OPS {
            if let Layout::Conversion(from, to) = op.layout() {
                assert_eq!(op.layout().fields(), &[Field::Read(from), Field::Write(to)]);
            }
        }
    }
}
