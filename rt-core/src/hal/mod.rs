//! The HAL: a local synchronous device (buffers, buffer views, command buffers, fences,
//! executables with the VMVX loader) and the `hal` VM module over it; and the parts of IREE's HAL that are plain data: element types, the narrow float formats, and
//! the text form of buffer views and scalars that `iree-run-module` reads and prints, and
//! the `.npy` files it reads and writes.

pub mod buffer;
pub mod buffer_view;
pub mod command_buffer;
pub mod device;
pub mod element_type;
pub mod executable;
pub mod fence;
pub mod file;
pub mod module;
pub mod narrow_float;
pub mod npy;
pub mod text_format;
pub mod vmvx_loader;

pub use element_type::ElementType;
pub use text_format::{format_scalar, Scalar};
