//! Rewrites IREE's SPIR-V so that naga translates it to WGSL that means the same.
//!
//! Done on the SPIR-V words, before naga reads them, because each fix adds instructions, and
//! SPIR-V (unlike naga's IR) lets an instruction be replaced by several that define the same
//! result id, so no use has to change:
//! - Signed integer operations (`OpSDiv`, `OpSRem`, `OpSMod`, `OpSNegate`, arithmetic shifts,
//!   `OpConvertSToF`, `OpConvertFToS`, GLSL's `SAbs`/`SSign`/`SMin`/`SMax`/`SClamp`/`FindSMsb`)
//!   on IREE's unsigned-typed integers: naga reads each as its unsigned twin (or refuses, for
//!   negation), which is silently wrong for negative values: a negative f32 converted to an
//!   integer clamps to 0, softmax's exp is off by 0.027. They get signed operands and results
//!   through bitcasts (see [`signed_form`]); `OpSMod`, which naga computes through f32, is
//!   built from `OpSRem`.
//! - `OpIsNan`, `OpIsInf`: WGSL has neither. Tested on the bits, which no compiler may assume
//!   finite.
//! - NaN and ±Inf constants: WGSL cannot spell them and rejects a constant expression that
//!   evaluates to one. Each becomes a load of its bit pattern from a private variable and a
//!   bitcast at the top of the shader's one function, where no compiler can fold it. So does
//!   ±f32::MAX, whose shortest decimal (naga writes 3.4028235e38) lies past it, which Tint
//!   refuses as "value cannot be represented as 'f32'".
//!
//! It also refuses capabilities WebGPU lacks (64-bit and 16-bit types, subgroups) by name.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use hashbrown::{HashMap, HashSet};
use rt_core::{Error, Result};
use spirv::{Capability, Op, StorageClass};

const HEADER_WORDS: usize = 5;
/// Far more ids than any dispatch has; keeps the ids the rewrites add from overflowing.
const MAX_ID_BOUND: u32 = 1 << 22;
const F32_EXPONENT: u32 = 0x7f80_0000;
const F32_MAGNITUDE: u32 = 0x7fff_ffff;
const F32_MAX: u32 = 0x7f7f_ffff;

/// Whether WGSL cannot write the f32 with these bits as a literal: NaN, ±Inf, and ±f32::MAX,
/// whose shortest decimal lies past it.
fn unwritable_in_wgsl(bits: u32) -> bool {
    bits & F32_EXPONENT == F32_EXPONENT || bits & F32_MAGNITUDE == F32_MAX
}

/// One instruction: its opcode and the words after the first.
#[derive(Clone)]
struct Inst {
    op: u32,
    operands: Vec<u32>,
}

impl Inst {
    fn new(op: Op, operands: Vec<u32>) -> Self {
        Inst {
            op: op as u32,
            operands,
        }
    }

    fn is(&self, op: Op) -> bool {
        self.op == op as u32
    }

    /// The result id of an instruction with a result type (`OpXxx %type %result ...`).
    fn typed_result(&self) -> u32 {
        self.operands[1]
    }
}

/// Rewrites a shader module's words. `name` labels every error; `offset` (where the words sit
/// in the executable) places a malformed one.
pub fn rewrite(name: &str, words: &[u32], offset: usize) -> Result<Vec<u32>> {
    let mut module = Module::parse(name, words, offset)?;
    module.refuse_missing_features(name)?;
    module.rewrite_instructions();
    module.materialize_unwritable_constants(name)?;
    Ok(module.into_words())
}

/// Which operands of a signed operation are integers read as signed, and whether its result
/// is an integer. naga takes an operation's signedness from its result type (or, for
/// conversions, from nothing), and IREE types every integer unsigned, so these come out as
/// their unsigned twins: `u32` division, logical shifts, `abs` as identity, `f32(u32)`.
#[derive(Clone)]
struct SignedForm {
    signed_operands: core::ops::Range<usize>,
    int_result: bool,
}

/// The signed operations IREE emits, by opcode (operand indices count the result type and id).
fn signed_form(inst: &Inst, glsl: Option<u32>) -> Option<SignedForm> {
    let form = |signed_operands, int_result| {
        Some(SignedForm {
            signed_operands,
            int_result,
        })
    };
    match Op::from_u32(inst.op)? {
        Op::SNegate => form(2..3, true),
        Op::SDiv | Op::SRem | Op::SMod => form(2..4, true),
        // The shift amount is read as unsigned either way.
        Op::ShiftRightArithmetic => form(2..3, true),
        Op::ConvertFToS => form(2..2, true),
        Op::ConvertSToF => form(2..3, false),
        Op::ExtInst if Some(inst.operands[2]) == glsl => match inst.operands[3] {
            GLSL_S_ABS | GLSL_S_SIGN | GLSL_S_MIN | GLSL_S_MAX | GLSL_S_CLAMP | GLSL_FIND_S_MSB => {
                form(4..inst.operands.len(), true)
            }
            _ => None,
        },
        _ => None,
    }
}

// GLSL.std.450 instruction numbers of its signed-integer operations.
const GLSL_S_ABS: u32 = 5;
const GLSL_S_SIGN: u32 = 7;
const GLSL_S_MIN: u32 = 39;
const GLSL_S_MAX: u32 = 42;
const GLSL_S_CLAMP: u32 = 45;
const GLSL_FIND_S_MSB: u32 = 74;

/// A SPIR-V literal string: UTF-8 bytes, NUL-terminated, packed little-endian into words.
fn string_at(words: &[u32]) -> String {
    let bytes: Vec<u8> = words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .take_while(|&b| b != 0)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The fewest operands each instruction the rewrites read must have, so that reading them
/// cannot go out of bounds on a corrupt module.
fn min_operands(op: u32) -> usize {
    match Op::from_u32(op) {
        Some(Op::Capability | Op::TypeBool | Op::Label) => 1,
        Some(Op::TypeFloat | Op::ConstantNull | Op::ConstantComposite | Op::ExtInstImport) => 2,
        Some(Op::TypeInt | Op::TypeVector | Op::TypePointer | Op::Constant | Op::Variable) => 3,
        Some(Op::SNegate | Op::ConvertFToS | Op::ConvertSToF | Op::IsNan | Op::IsInf) => 3,
        Some(Op::SDiv | Op::SRem | Op::SMod | Op::ShiftRightArithmetic | Op::ExtInst) => 4,
        _ => 0,
    }
}

/// The module as instructions, plus what the rewrites look up: its types and constants.
struct Module {
    header: [u32; HEADER_WORDS],
    insts: Vec<Inst>,
    /// Types and constants the rewrites add, placed before the first function.
    added: Vec<Inst>,
    /// Interned declarations, keyed by opcode and operands (without the result id).
    declared: HashMap<(u32, Vec<u32>), u32>,
    /// Result id → defining global instruction (types and constants).
    globals: HashMap<u32, Inst>,
}

impl Module {
    fn parse(name: &str, words: &[u32], offset: usize) -> Result<Self> {
        let malformed = |at: usize, what: String| {
            Error::malformed(
                offset + at * 4,
                format!("executable '{name}': SPIR-V {what}"),
            )
        };
        if words.len() < HEADER_WORDS || words[0] != spirv::MAGIC_NUMBER {
            return Err(malformed(
                0,
                String::from("does not start with the SPIR-V magic number"),
            ));
        }
        if words[3] > MAX_ID_BOUND {
            return Err(malformed(
                3,
                format!("declares {} ids; expected at most {MAX_ID_BOUND}", words[3]),
            ));
        }
        let mut header = [0; HEADER_WORDS];
        header.copy_from_slice(&words[..HEADER_WORDS]);
        let (mut insts, mut at) = (Vec::new(), HEADER_WORDS);
        while at < words.len() {
            let count = (words[at] >> 16) as usize;
            if count == 0 || at + count > words.len() {
                return Err(malformed(
                    at,
                    String::from("instruction has a word count past the module's end"),
                ));
            }
            let inst = Inst {
                op: words[at] & 0xffff,
                operands: words[at + 1..at + count].to_vec(),
            };
            if inst.operands.len() < min_operands(inst.op) {
                return Err(malformed(
                    at,
                    format!(
                        "instruction {} has {} operands; expected at least {}",
                        inst.op,
                        inst.operands.len(),
                        min_operands(inst.op)
                    ),
                ));
            }
            insts.push(inst);
            at += count;
        }
        let mut module = Module {
            header,
            insts,
            added: Vec::new(),
            declared: HashMap::new(),
            globals: HashMap::new(),
        };
        module.index_globals();
        Ok(module)
    }

    fn index_globals(&mut self) {
        for inst in &self.insts[..self.first_function()] {
            // Keyed by what declares it, without its result id.
            let (result, key) = match Op::from_u32(inst.op) {
                Some(
                    Op::TypeBool | Op::TypeInt | Op::TypeFloat | Op::TypeVector | Op::TypePointer,
                ) => (inst.operands[0], inst.operands[1..].to_vec()),
                Some(Op::Constant | Op::ConstantNull | Op::ConstantComposite) => (
                    inst.typed_result(),
                    [&inst.operands[..1], &inst.operands[2..]].concat(),
                ),
                _ => continue,
            };
            self.declared.entry((inst.op, key)).or_insert(result);
            self.globals.insert(result, inst.clone());
        }
    }

    /// Where the functions start: everything before is types, constants and variables.
    fn first_function(&self) -> usize {
        let position = self.insts.iter().position(|i| i.is(Op::Function));
        position.unwrap_or(self.insts.len())
    }

    fn refuse_missing_features(&self, name: &str) -> Result<()> {
        for inst in self.insts.iter().filter(|i| i.is(Op::Capability)) {
            let capability = inst.operands[0];
            let allowed = matches!(
                Capability::from_u32(capability),
                Some(Capability::Shader | Capability::Matrix)
            );
            if !allowed {
                let what = Capability::from_u32(capability)
                    .map_or_else(|| format!("capability {capability}"), |c| format!("{c:?}"));
                return Err(Error::unsupported(format!(
                    "executable '{name}' needs the SPIR-V capability {what}, which WebGPU does \
                     not provide; expected Shader only (compile with the default Vulkan target, \
                     which has no 64-bit or 16-bit types and no subgroups)"
                )));
            }
        }
        Ok(())
    }

    fn fresh_id(&mut self) -> u32 {
        let id = self.header[3];
        self.header[3] += 1;
        id
    }

    /// The id of a type or constant, declaring it (before the first function) if it is new.
    fn declare(&mut self, op: Op, key: Vec<u32>) -> u32 {
        if let Some(&id) = self.declared.get(&(op as u32, key.clone())) {
            return id;
        }
        let id = self.fresh_id();
        let inst = match op {
            Op::Constant | Op::ConstantNull | Op::ConstantComposite => {
                Inst::new(op, [&key[..1], &[id], &key[1..]].concat())
            }
            _ => Inst::new(op, [&[id], &key[..]].concat()),
        };
        self.globals.insert(id, inst.clone());
        self.added.push(inst);
        self.declared.insert((op as u32, key), id);
        id
    }

    /// Vector width of a scalar or vector type (1 for a scalar).
    fn width(&self, ty: u32) -> u32 {
        match self.globals.get(&ty) {
            Some(t) if t.is(Op::TypeVector) => t.operands[2],
            _ => 1,
        }
    }

    fn is_unsigned_int(&self, ty: u32) -> bool {
        let scalar = match self.globals.get(&ty) {
            Some(t) if t.is(Op::TypeVector) => t.operands[1],
            _ => ty,
        };
        matches!(self.globals.get(&scalar), Some(t) if t.is(Op::TypeInt) && t.operands[2] == 0)
    }

    /// A 32-bit integer type (`signed` or not), as a vector of `width` when `width > 1`.
    fn int_type(&mut self, signed: bool, width: u32) -> u32 {
        let scalar = self.declare(Op::TypeInt, vec![32, signed as u32]);
        if width == 1 {
            scalar
        } else {
            self.declare(Op::TypeVector, vec![scalar, width])
        }
    }

    /// The u32 constant `value`, splatted to `width` lanes when `width > 1`.
    fn u32_constant(&mut self, value: u32, width: u32) -> u32 {
        let scalar_type = self.int_type(false, 1);
        let scalar = self.declare(Op::Constant, vec![scalar_type, value]);
        if width == 1 {
            return scalar;
        }
        let ty = self.int_type(false, width);
        self.declare(
            Op::ConstantComposite,
            [vec![ty], vec![scalar; width as usize]].concat(),
        )
    }

    /// Replaces the instructions naga mistranslates with ones that define the same result.
    fn rewrite_instructions(&mut self) {
        let glsl = self
            .insts
            .iter()
            .find(|i| i.is(Op::ExtInstImport) && string_at(&i.operands[1..]) == "GLSL.std.450");
        let glsl = glsl.map(|i| i.operands[0]);
        let insts = core::mem::take(&mut self.insts);
        for inst in insts {
            let replaced = match signed_form(&inst, glsl) {
                Some(form) => self.with_signed_integers(&inst, form),
                None if inst.is(Op::IsNan) || inst.is(Op::IsInf) => self.float_class_test(&inst),
                None => None,
            };
            self.insts.extend(replaced.unwrap_or_else(|| vec![inst]));
        }
    }

    /// Runs `inst` on signed integers: its signed operands and its integer result pass through
    /// bitcasts, so naga sees signed types and translates the signed operation.
    fn with_signed_integers(&mut self, inst: &Inst, form: SignedForm) -> Option<Vec<Inst>> {
        let (ty, result) = (inst.operands[0], inst.operands[1]);
        let unsigned_result = self.is_unsigned_int(ty);
        if form.int_result && !unsigned_result && !inst.is(Op::SMod) {
            return None; // already signed: naga reads it right
        }
        let signed = self.int_type(true, self.width(ty));
        let mut out = Vec::new();
        let mut operands = inst.operands.clone();
        for i in form.signed_operands.clone() {
            let cast = self.fresh_id();
            out.push(Inst::new(Op::Bitcast, vec![signed, cast, operands[i]]));
            operands[i] = cast;
        }
        if !form.int_result {
            out.push(Inst {
                op: inst.op,
                operands,
            });
            return Some(out);
        }
        let signed_result = if unsigned_result {
            self.fresh_id()
        } else {
            result
        };
        if inst.is(Op::SMod) {
            out.extend(self.floored_remainder(signed, signed_result, operands[2], operands[3]));
        } else {
            operands[0] = signed;
            operands[1] = signed_result;
            out.push(Inst {
                op: inst.op,
                operands,
            });
        }
        if unsigned_result {
            out.push(Inst::new(Op::Bitcast, vec![ty, result, signed_result]));
        }
        Some(out)
    }

    /// `OpSMod` (the remainder takes the divisor's sign) from `OpSRem`: naga computes it
    /// through f32, which is inexact beyond 2^24.
    fn floored_remainder(&mut self, ty: u32, result: u32, a: u32, b: u32) -> Vec<Inst> {
        let width = self.width(ty);
        let boolean = self.declare(Op::TypeBool, vec![]);
        let boolean = if width == 1 {
            boolean
        } else {
            self.declare(Op::TypeVector, vec![boolean, width])
        };
        let zero = self.declare(Op::ConstantNull, vec![ty]);
        let [rem, nonzero, rem_negative, b_negative, signs_differ, adjust, adjusted] =
            core::array::from_fn(|_| self.fresh_id());
        vec![
            Inst::new(Op::SRem, vec![ty, rem, a, b]),
            Inst::new(Op::INotEqual, vec![boolean, nonzero, rem, zero]),
            Inst::new(Op::SLessThan, vec![boolean, rem_negative, rem, zero]),
            Inst::new(Op::SLessThan, vec![boolean, b_negative, b, zero]),
            Inst::new(
                Op::LogicalNotEqual,
                vec![boolean, signs_differ, rem_negative, b_negative],
            ),
            Inst::new(Op::LogicalAnd, vec![boolean, adjust, nonzero, signs_differ]),
            Inst::new(Op::IAdd, vec![ty, adjusted, rem, b]),
            Inst::new(Op::Select, vec![ty, result, adjust, adjusted, rem]),
        ]
    }

    /// `OpIsNan` / `OpIsInf` on the bits of |x|: above the exponent mask is NaN, equal is ±Inf.
    fn float_class_test(&mut self, inst: &Inst) -> Option<Vec<Inst>> {
        let (ty, result, x) = (inst.operands[0], inst.operands[1], inst.operands[2]);
        let width = self.width(ty);
        let bits_type = self.int_type(false, width);
        let magnitude_mask = self.u32_constant(F32_MAGNITUDE, width);
        let exponent = self.u32_constant(F32_EXPONENT, width);
        let (bits, magnitude) = (self.fresh_id(), self.fresh_id());
        let compare = if inst.is(Op::IsNan) {
            Op::UGreaterThan
        } else {
            Op::IEqual
        };
        Some(vec![
            Inst::new(Op::Bitcast, vec![bits_type, bits, x]),
            Inst::new(
                Op::BitwiseAnd,
                vec![bits_type, magnitude, bits, magnitude_mask],
            ),
            Inst::new(compare, vec![ty, result, magnitude, exponent]),
        ])
    }

    /// Moves the f32 constants WGSL cannot write (NaN, ±Inf, ±f32::MAX; composites built from
    /// them) into the shader's function, loaded from private variables holding their bits.
    fn materialize_unwritable_constants(&mut self, name: &str) -> Result<()> {
        let first_function = self.first_function();
        // Global constants to move, in declaration order (each after what it is built from).
        let mut moving: HashSet<u32> = HashSet::new();
        let mut moved = Vec::new();
        for inst in &self.insts[..first_function] {
            let unwritable_f32 = inst.is(Op::Constant)
                && matches!(self.globals.get(&inst.operands[0]), Some(t) if t.is(Op::TypeFloat) && t.operands[1] == 32)
                && unwritable_in_wgsl(inst.operands[2]);
            let built_from_moving = inst.is(Op::ConstantComposite)
                && inst.operands[2..].iter().any(|c| moving.contains(c));
            if unwritable_f32 || built_from_moving {
                moving.insert(inst.typed_result());
                moved.push(inst.clone());
            } else if inst.is(Op::Variable)
                && inst.operands.get(3).is_some_and(|i| moving.contains(i))
            {
                return Err(Error::unsupported(format!(
                    "executable '{name}': a global variable is initialized with a NaN, infinite or \
                     f32::MAX value, which WGSL cannot write"
                )));
            }
        }
        if moved.is_empty() {
            return Ok(());
        }
        let functions = self.insts.iter().filter(|i| i.is(Op::Function)).count();
        if functions != 1 {
            return Err(Error::unsupported(format!(
                "executable '{name}' uses NaN, infinite or f32::MAX constants in a shader module of \
                 {functions} functions; expected one function, as IREE emits"
            )));
        }
        // Each becomes a load of its bits and a bitcast, or a composite construction.
        let mut body = Vec::new();
        for inst in &moved {
            let (ty, result) = (inst.operands[0], inst.operands[1]);
            if inst.is(Op::ConstantComposite) {
                body.push(Inst::new(Op::CompositeConstruct, inst.operands.clone()));
                continue;
            }
            let bits_type = self.int_type(false, 1);
            let bits = self.declare(Op::Constant, vec![bits_type, inst.operands[2]]);
            let pointer = self.declare(
                Op::TypePointer,
                vec![StorageClass::Private as u32, bits_type],
            );
            let variable = self.fresh_id();
            self.added.push(Inst::new(
                Op::Variable,
                vec![pointer, variable, StorageClass::Private as u32, bits],
            ));
            let loaded = self.fresh_id();
            body.push(Inst::new(Op::Load, vec![bits_type, loaded, variable]));
            body.push(Inst::new(Op::Bitcast, vec![ty, result, loaded]));
        }
        self.insts.retain(|i| {
            !(matches!(
                Op::from_u32(i.op),
                Some(Op::Constant | Op::ConstantComposite)
            ) && moving.contains(&i.typed_result()))
        });
        // After the entry block's label and its OpVariables, which must come first.
        let Some(label) = self.insts.iter().position(|i| i.is(Op::Label)) else {
            return Err(Error::malformed(
                0,
                format!("executable '{name}': its function has no block"),
            ));
        };
        let at = label
            + 1
            + self.insts[label + 1..]
                .iter()
                .take_while(|i| i.is(Op::Variable))
                .count();
        self.insts.splice(at..at, body);
        Ok(())
    }

    fn into_words(self) -> Vec<u32> {
        let mut words = self.header.to_vec();
        let (globals, functions) = self.insts.split_at(self.first_function());
        for inst in globals.iter().chain(&self.added).chain(functions) {
            words.push(((inst.operands.len() as u32 + 1) << 16) | inst.op);
            words.extend_from_slice(&inst.operands);
        }
        words
    }
}
