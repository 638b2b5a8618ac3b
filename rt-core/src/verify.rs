//! Load-time verification: a module that passes can be executed without further checks on
//! its encoding.
//!
//! Checked once per module: the bytecode version (17.x, what iree-base-compiler 3.13.0
//! emits); calling-convention strings of imports and exports; and for every function, every
//! instruction decodes inside the body, registers are within the declared i32/ref counts and
//! in the right bank, ordinals (functions, imports, globals, rodata, types) are in range,
//! calls to imports pass as many operands as the import's convention needs, branch targets
//! land on block markers, and the body ends in a terminator.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::cconv::{self, CallingConvention, Param, ValueType};
use crate::isa::{self, Field, Layout, Op, Ty};
use crate::vmfb::ModuleDef;
use crate::{Error, ErrorKind, Result};

pub fn verify(def: &ModuleDef<'_>) -> Result<()> {
    check_version(def.bytecode_version)?;
    let imports = def
        .imported_functions
        .iter()
        .map(|i| {
            cconv::parse(i.signature.calling_convention).map_err(|e| {
                Error::link(format!("import '{}' has a malformed calling convention: {e}", i.full_name))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for e in &def.exported_functions {
        let sig = def.function_signatures.get(e.internal_ordinal as usize);
        if (e.internal_ordinal as usize) >= def.function_descriptors.len() || sig.is_none() {
            return Err(Error::link(format!(
                "export '{}' names function {} but the module has {}",
                e.local_name,
                e.internal_ordinal,
                def.function_descriptors.len()
            )));
        }
        if let Some(sig) = sig {
            cconv::parse(sig.calling_convention).map_err(|err| {
                Error::link(format!("export '{}' has a malformed calling convention: {err}", e.local_name))
            })?;
        }
    }
    // Internal calls pass values as their callee's convention types them, so every
    // function needs a well-formed one.
    let functions = def
        .function_signatures
        .iter()
        .enumerate()
        .map(|(ordinal, sig)| {
            cconv::parse(sig.calling_convention).map_err(|e| {
                Error::link(format!("function {ordinal} has a malformed calling convention: {e}"))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for ordinal in 0..def.function_descriptors.len() {
        FunctionVerifier::new(def, &imports, &functions, ordinal).run()?;
    }
    Ok(())
}

/// The instructions of verified function `ordinal`: (pc, op) in order. For tools and tests
/// that need to find instructions; fails like `verify` on a malformed body.
#[cfg(feature = "internals")]
pub fn instructions(def: &ModuleDef<'_>, ordinal: usize) -> Result<Vec<(usize, Op)>> {
    let parse_all = |sigs: &mut dyn Iterator<Item = &str>| sigs.map(cconv::parse).collect::<Result<Vec<_>>>();
    let imports = parse_all(&mut def.imported_functions.iter().map(|i| i.signature.calling_convention))?;
    let functions = parse_all(&mut def.function_signatures.iter().map(|s| s.calling_convention))?;
    let mut v = FunctionVerifier::new(def, &imports, &functions, ordinal);
    let mut out = Vec::new();
    let mut targets = Vec::new();
    while v.pc < v.code.len() {
        v.at = v.pc;
        let op = v.opcode()?;
        v.fields(op, &mut targets)?;
        out.push((v.at, op));
    }
    Ok(out)
}

fn check_version(version: u32) -> Result<()> {
    let (major, minor) = ((version >> 16) as u16, (version & 0xFFFF) as u16);
    if major != isa::VERSION_MAJOR || minor > isa::VERSION_MINOR {
        return Err(Error::new(ErrorKind::UnsupportedVersion { found_major: major, found_minor: minor }));
    }
    Ok(())
}

struct FunctionVerifier<'d, 'a> {
    def: &'d ModuleDef<'a>,
    imports: &'d [CallingConvention],
    functions: &'d [CallingConvention],
    name: String,
    code: &'a [u8],
    i32_count: usize,
    ref_count: usize,
    pc: usize,
    /// Start of the instruction being checked, for error positions.
    at: usize,
}

impl<'d, 'a> FunctionVerifier<'d, 'a> {
    fn new(def: &'d ModuleDef<'a>, imports: &'d [CallingConvention], functions: &'d [CallingConvention], ordinal: usize) -> Self {
        let d = def.function_descriptors[ordinal];
        let name = def
            .exported_functions
            .iter()
            .find(|e| e.internal_ordinal as usize == ordinal)
            .map(|e| e.local_name.to_string())
            .unwrap_or_else(|| format!("fn{ordinal}"));
        FunctionVerifier {
            def,
            imports,
            functions,
            name,
            // The reader checked that every descriptor's range lies inside the bytecode.
            code: def.function_bytecode(ordinal).unwrap_or(&[]),
            i32_count: d.i32_register_count as usize,
            ref_count: d.ref_register_count as usize,
            pc: 0,
            at: 0,
        }
    }

    #[cold]
    fn error(&self, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Verify { function: self.name.clone(), pc: self.at, message: message.into() })
    }

    fn run(mut self) -> Result<()> {
        if self.code.is_empty() {
            return Err(self.error("function body is empty"));
        }
        let mut blocks = BTreeSet::new();
        let mut targets = Vec::new();
        let mut last = None;
        while self.pc < self.code.len() {
            self.at = self.pc;
            let op = self.opcode()?;
            if op == Op::Block {
                blocks.insert(self.at);
            }
            self.fields(op, &mut targets)?;
            last = Some(op);
        }
        if !last.is_some_and(is_terminator) {
            self.at = self.code.len();
            return Err(self.error("function body does not end with a return or branch"));
        }
        for (at, target) in targets {
            if !blocks.contains(&target) {
                self.at = at;
                return Err(self.error(format!("branch target {target:#x} is not the start of a block")));
            }
        }
        Ok(())
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self.pc.checked_add(n).filter(|&e| e <= self.code.len());
        match end {
            Some(end) => {
                let bytes = &self.code[self.pc..end];
                self.pc = end;
                Ok(bytes)
            }
            None => Err(self.error(format!("{what} runs past the end of the function"))),
        }
    }

    fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn opcode(&mut self) -> Result<Op> {
        let byte = self.u8("opcode")?;
        let (set, code) = match byte {
            isa::PREFIX_EXT_F32 => (isa::OpSet::F32, self.u8("opcode")?),
            isa::PREFIX_EXT_F64 => (isa::OpSet::F64, self.u8("opcode")?),
            _ => (isa::OpSet::Core, byte),
        };
        Op::decode(set, code).ok_or_else(|| self.error(format!("unknown opcode {code:#04x} in the {set:?} set")))
    }

    fn register(&mut self, ty: Ty) -> Result<u16> {
        let reg = self.u16("register")?;
        self.check_register(reg, Some(ty))?;
        Ok(reg)
    }

    /// `ty` None: a register of an untyped list, either bank by its ref bit.
    fn check_register(&self, reg: u16, ty: Option<Ty>) -> Result<()> {
        let is_ref = reg & isa::REF_BIT != 0;
        match ty {
            Some(Ty::Ref) if !is_ref => {
                return Err(self.error(format!("register {reg:#06x} must be a ref register")))
            }
            Some(t) if t != Ty::Ref && is_ref => {
                return Err(self.error(format!("register {reg:#06x} must be a {t:?} register, not a ref")))
            }
            _ => {}
        }
        if is_ref {
            let index = (reg & isa::REF_INDEX_MASK) as usize;
            if index >= self.ref_count {
                return Err(self.error(format!(
                    "ref register r{index} out of range: the function declares {} ref registers",
                    self.ref_count
                )));
            }
        } else {
            let slots = ty.map_or(1, Ty::slots);
            let index = reg as usize;
            if index + slots > self.i32_count {
                return Err(self.error(format!(
                    "register i{index} out of range: the function declares {} i32 registers",
                    self.i32_count
                )));
            }
        }
        Ok(())
    }

    fn list(&mut self, what: &str) -> Result<Vec<u16>> {
        self.pc = (self.pc + 1) & !1;
        let count = self.u16(what)? as usize;
        let bytes = self.take(2 * count, what)?;
        Ok(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }

    fn branch_target(&mut self, targets: &mut Vec<(usize, usize)>) -> Result<()> {
        let target = self.u32("branch target")? as usize;
        targets.push((self.at, target));
        Ok(())
    }

    fn remap_list(&mut self) -> Result<()> {
        let pairs = self.list("branch operand count")?;
        let count = pairs.len();
        let bytes = self.take(2 * count, "branch operands")?;
        let mut regs = pairs;
        regs.extend(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
        // `list` read the count and the first half; a remap list has `count` src/dst pairs.
        for pair in regs.chunks_exact(2) {
            for &reg in pair {
                self.check_register(reg, None)?;
            }
            // A branch moves each value within its bank: a ref into a ref register, an i32
            // word into an i32 register.
            if (pair[0] ^ pair[1]) & isa::REF_BIT != 0 {
                return Err(self.error(format!(
                    "branch operand remap moves register {:#06x} to {:#06x}: one is a ref register and the other is not",
                    pair[0], pair[1]
                )));
            }
        }
        Ok(())
    }

    fn ordinal(&mut self, what: &str, limit: usize) -> Result<u32> {
        let value = self.u32(what)?;
        if value as usize >= limit {
            return Err(self.error(format!("{what} {value} out of range: the module has {limit}")));
        }
        Ok(value)
    }

    fn fields(&mut self, op: Op, targets: &mut Vec<(usize, usize)>) -> Result<()> {
        let mut table_size = 0usize;
        let mut callee: Option<u32> = None;
        let mut segments: Option<Vec<u16>> = None;
        for &field in op.layout().fields() {
            match field {
                Field::Read(ty) | Field::Write(ty) => {
                    self.register(ty)?;
                }
                Field::GlobalBytes(ty) => {
                    let offset = self.u32("global offset")? as usize;
                    let size = 4 * ty.slots();
                    let capacity = self.def.global_bytes_capacity as usize;
                    if offset + size > capacity {
                        return Err(self.error(format!(
                            "global byte offset {offset} (+{size}) out of range: the module has {capacity} bytes of globals"
                        )));
                    }
                }
                Field::GlobalRef => {
                    self.ordinal("global ref ordinal", self.def.global_ref_count as usize)?;
                }
                Field::Rodata => {
                    self.ordinal("rodata ordinal", self.def.rodata_segments.len())?;
                }
                Field::Type => {
                    self.ordinal("type ordinal", self.def.types.len())?;
                }
                Field::Function => {
                    let ordinal = self.u32("function ordinal")?;
                    let (index, limit, what) = if ordinal & isa::IMPORT_BIT != 0 {
                        ((ordinal & !isa::IMPORT_BIT) as usize, self.imports.len(), "import ordinal")
                    } else {
                        (ordinal as usize, self.def.function_descriptors.len(), "function ordinal")
                    };
                    if index >= limit {
                        return Err(self.error(format!("{what} {index} out of range: the module has {limit}")));
                    }
                    callee = Some(ordinal);
                }
                Field::String => {
                    let len = self.u16("string length")? as usize;
                    let bytes = self.take(len, "string")?;
                    if core::str::from_utf8(bytes).is_err() {
                        return Err(self.error("string operand is not UTF-8"));
                    }
                }
                Field::Immediate(ty) => {
                    self.take(4 * ty.slots(), "immediate")?;
                }
                Field::ConstI16 => table_size = self.u16("table size")? as usize,
                Field::Operands(ty) => {
                    let regs = self.list("operand list")?;
                    for &reg in &regs {
                        self.check_register(reg, ty)?;
                    }
                    self.check_call_operands(op, callee, segments.as_deref(), &regs)?;
                }
                Field::Results => {
                    let regs = self.list("result list")?;
                    for &reg in &regs {
                        self.check_register(reg, None)?;
                    }
                    self.check_call_results(callee, &regs)?;
                }
                Field::SegmentSizes => segments = Some(self.list("segment sizes")?),
                Field::BranchTarget => self.branch_target(targets)?,
                Field::BranchOperands => self.remap_list()?,
                Field::BranchTableCases => {
                    for _ in 0..table_size {
                        self.branch_target(targets)?;
                        self.remap_list()?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Import calls must pass exactly the registers the import's convention consumes.
    fn check_call_operands(&self, op: Op, callee: Option<u32>, segments: Option<&[u16]>, regs: &[u16]) -> Result<()> {
        let Some(ordinal) = callee.filter(|o| o & isa::IMPORT_BIT != 0) else {
            if matches!(op.layout(), Layout::CallVariadic | Layout::CallVariadicYieldable) {
                return Err(self.error("variadic calls are only supported to imports"));
            }
            if let Some(function) = callee {
                return self.check_internal(function, regs, |c| c.args.iter().filter_map(Param::scalar).collect(), "arguments");
            }
            return Ok(());
        };
        let import = &self.imports[(ordinal & !isa::IMPORT_BIT) as usize];
        let mut expected = 0usize;
        for (segment, param) in import.args.iter().enumerate() {
            match param {
                Param::Scalar(_) => expected += 1,
                Param::Span(types) => {
                    let Some(count) = segments.and_then(|s| s.get(segment)) else {
                        return Err(self.error("call to a variadic import without segment sizes"));
                    };
                    expected += *count as usize * types.len();
                }
            }
        }
        if let Some(s) = segments {
            if s.len() != import.args.len() {
                return Err(self.error(format!(
                    "call gives {} segment sizes but the import takes {} arguments",
                    s.len(),
                    import.args.len()
                )));
            }
        }
        if expected != regs.len() {
            return Err(self.error(format!(
                "call passes {} operand registers but the import's convention '{}' needs {expected}",
                regs.len(),
                import
            )));
        }
        for (reg, ty) in regs.iter().zip(flatten(&import.args, segments)) {
            let want = bank_of(ty);
            self.check_register(*reg, Some(want))?;
        }
        Ok(())
    }

    /// Internal calls name one register per value; its bank must fit the callee's type.
    fn check_internal(
        &self,
        function: u32,
        regs: &[u16],
        types: impl Fn(&CallingConvention) -> Vec<ValueType>,
        what: &str,
    ) -> Result<()> {
        let cconv = &self.functions[function as usize];
        if cconv.has_variadic() {
            return Err(self.error(format!("function {function} takes variadic arguments, which only imports may")));
        }
        let types = types(cconv);
        if types.len() != regs.len() {
            return Err(self.error(format!(
                "call to function {function} names {} {what} but its convention '{cconv}' has {}",
                regs.len(),
                types.len()
            )));
        }
        for (reg, ty) in regs.iter().zip(types) {
            self.check_register(*reg, Some(bank_of(ty)))?;
        }
        Ok(())
    }

    fn check_call_results(&self, callee: Option<u32>, regs: &[u16]) -> Result<()> {
        let Some(ordinal) = callee.filter(|o| o & isa::IMPORT_BIT != 0) else {
            return match callee {
                Some(function) => self.check_internal(function, regs, |c| c.results.clone(), "results"),
                None => Ok(()),
            };
        };
        let import = &self.imports[(ordinal & !isa::IMPORT_BIT) as usize];
        if import.results.len() != regs.len() {
            return Err(self.error(format!(
                "call expects {} results but the import's convention '{}' returns {}",
                regs.len(),
                import,
                import.results.len()
            )));
        }
        for (reg, ty) in regs.iter().zip(&import.results) {
            self.check_register(*reg, Some(bank_of(*ty)))?;
        }
        Ok(())
    }
}

/// The types of the operand registers a call passes, in order, given its segment sizes.
pub(crate) fn flatten<'c>(args: &'c [Param], segments: Option<&'c [u16]>) -> impl Iterator<Item = ValueType> + 'c {
    args.iter().enumerate().flat_map(move |(i, p)| {
        let (types, repeat): (&[ValueType], usize) = match p {
            Param::Scalar(t) => (core::slice::from_ref(t), 1),
            Param::Span(ts) => (ts, segments.and_then(|s| s.get(i)).copied().unwrap_or(0) as usize),
        };
        (0..repeat).flat_map(move |_| types.iter().copied())
    })
}

fn bank_of(ty: ValueType) -> Ty {
    match ty {
        ValueType::I32 => Ty::I32,
        ValueType::I64 => Ty::I64,
        ValueType::F32 => Ty::F32,
        ValueType::F64 => Ty::F64,
        ValueType::Ref => Ty::Ref,
    }
}

/// Instructions after which execution never falls through to the next byte.
fn is_terminator(op: Op) -> bool {
    matches!(
        op.layout(),
        Layout::Branch
            | Layout::ConditionalBranch
            | Layout::ConditionalBreak
            | Layout::BranchTable
            | Layout::Return
            | Layout::YieldableCall
            | Layout::CallVariadicYieldable
    ) || op == Op::Fail
}
