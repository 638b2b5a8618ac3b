//! The export table of the `vmvx` module: name, calling convention and handler, in upstream's
//! order (`runtime/src/iree/modules/vmvx/exports.inl`, sorted by name).

use alloc::vec::Vec;

use super::args::Args;
use super::elementwise::{Binary, Unary};
use super::{copy_fill, elementwise, mmt4d, pack, query_tile_sizes};
use crate::vm::Value;
use crate::Error;

/// What an export does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Handler {
    Unary(Unary),
    Binary(Binary),
    /// A strided copy of elements of this many bytes.
    Copy(usize),
    FillX32,
    Mmt4d,
    Pack,
    Unpack,
    QueryTileSizes2d,
}

pub(super) struct Export {
    pub name: &'static str,
    pub cconv: &'static str,
    pub handler: Handler,
}

const UNARY: &str = "0rIIIrIIIII_v";
const BINARY: &str = "0rIIIrIIIrIIIII_v";

const fn e(name: &'static str, cconv: &'static str, handler: Handler) -> Export {
    Export {
        name,
        cconv,
        handler,
    }
}

pub(super) const EXPORTS: &[Export] = &[
    e("abs.2d.f32", UNARY, Handler::Unary(Unary::AbsF)),
    e("add.2d.f32", BINARY, Handler::Binary(Binary::AddF)),
    e("add.2d.i32", BINARY, Handler::Binary(Binary::AddI)),
    e("and.2d.i32", BINARY, Handler::Binary(Binary::AndI)),
    e("ceil.2d.f32", UNARY, Handler::Unary(Unary::CeilF)),
    e("copy.2d.x16", UNARY, Handler::Copy(2)),
    e("copy.2d.x32", UNARY, Handler::Copy(4)),
    e("copy.2d.x64", UNARY, Handler::Copy(8)),
    e("copy.2d.x8", UNARY, Handler::Copy(1)),
    e("ctlz.2d.i32", UNARY, Handler::Unary(Unary::Ctlz)),
    e("div.2d.f32", BINARY, Handler::Binary(Binary::DivF)),
    e("divs.2d.i32", BINARY, Handler::Binary(Binary::DivSI)),
    e("divu.2d.i32", BINARY, Handler::Binary(Binary::DivUI)),
    e("exp.2d.f32", UNARY, Handler::Unary(Unary::ExpF)),
    e("fill.2d.x32", "0irIIII_v", Handler::FillX32),
    e("floor.2d.f32", UNARY, Handler::Unary(Unary::FloorF)),
    e("log.2d.f32", UNARY, Handler::Unary(Unary::LogF)),
    e("mmt4d", "0rIIrIIrIIIIIiiii_v", Handler::Mmt4d),
    e("mul.2d.f32", BINARY, Handler::Binary(Binary::MulF)),
    e("mul.2d.i32", BINARY, Handler::Binary(Binary::MulI)),
    e("neg.2d.f32", UNARY, Handler::Unary(Unary::NegF)),
    e("or.2d.i32", BINARY, Handler::Binary(Binary::OrI)),
    e("pack", "0rIIIrIIIIIIIIIIi_v", Handler::Pack),
    e("query_tile_sizes.2d", "0IIi_II", Handler::QueryTileSizes2d),
    e("rsqrt.2d.f32", UNARY, Handler::Unary(Unary::RsqrtF)),
    e("shl.2d.i32", BINARY, Handler::Binary(Binary::ShlI)),
    e("shrs.2d.i32", BINARY, Handler::Binary(Binary::ShrSI)),
    e("shru.2d.i32", BINARY, Handler::Binary(Binary::ShrUI)),
    e("sub.2d.f32", BINARY, Handler::Binary(Binary::SubF)),
    e("sub.2d.i32", BINARY, Handler::Binary(Binary::SubI)),
    e("unpack", "0rIIIrIIIIIIIIIi_v", Handler::Unpack),
    e("xor.2d.i32", BINARY, Handler::Binary(Binary::XorI)),
];

impl Handler {
    pub(super) fn run(self, args: &mut Args<'_>, results: &mut Vec<Value>) -> Result<(), Error> {
        match self {
            Handler::Unary(op) => elementwise::unary(args, op, results),
            Handler::Binary(op) => elementwise::binary(args, op, results),
            Handler::Copy(size) => copy_fill::copy(args, size, results),
            Handler::FillX32 => copy_fill::fill_x32(args, results),
            Handler::Mmt4d => mmt4d::mmt4d(args, results),
            Handler::Pack => pack::pack(args, results),
            Handler::Unpack => pack::unpack(args, results),
            Handler::QueryTileSizes2d => query_tile_sizes::query_tile_sizes_2d(args, results),
        }
    }
}
