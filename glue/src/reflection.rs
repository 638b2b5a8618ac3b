//! Reflection: what a program exports and with which types, for `functions` (JSON) and
//! `inspect` (text). Works on a verified module alone, so programs this build cannot run can
//! still be described.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use rt_core::{BytecodeModule, CallingConvention, DeclType, Param, ValueType};

use crate::json;

/// The exported functions as JSON: `[{name, cconv, signature, async, args, results}]`
/// where args/results are `{name, type, kind}` (kind: scalar, tensor or other). `async`: the
/// coarse-fences ABI, whose two trailing fences the session passes (`args` leaves them out,
/// as the declaration does; `cconv` has them).
pub fn functions_json(m: &BytecodeModule) -> String {
    let mut out = String::from("[");
    for (i, (name, ordinal)) in exported(m).enumerate() {
        let info = &m.functions[ordinal];
        if i > 0 {
            out.push(',');
        }
        let decl = &info.declaration;
        let (args, results) = match (&decl, &info.cconv) {
            (Some(d), _) => (
                d.args
                    .iter()
                    .map(|a| (a.name.clone(), a.ty.clone()))
                    .collect(),
                d.results
                    .iter()
                    .map(|a| (a.name.clone(), a.ty.clone()))
                    .collect(),
            ),
            (None, Some(cc)) => {
                let (mut args, results) = vm_types(cc);
                // The session passes the coarse-fences ABI's two trailing fences itself.
                if info.is_coarse_fences() {
                    args.truncate(args.len().saturating_sub(2));
                }
                (args, results)
            }
            (None, None) => (Vec::new(), Vec::new()),
        };
        let list = |items: &Vec<(String, DeclType)>| {
            let parts: Vec<String> = items
                .iter()
                .map(|(n, t)| {
                    let kind = match t {
                        DeclType::Scalar(_) => "scalar",
                        DeclType::Tensor { .. } => "tensor",
                        DeclType::Other(_) => "other",
                    };
                    format!(
                        r#"{{"name":{},"type":{},"kind":"{kind}"}}"#,
                        json::string(n),
                        json::string(&t.to_string())
                    )
                })
                .collect();
            format!("[{}]", parts.join(","))
        };
        let signature = match &decl {
            Some(d) => d.to_string(),
            None => describe_vm(name, info.cconv.as_ref()),
        };
        out.push_str(&format!(
            r#"{{"name":{},"cconv":{},"signature":{},"async":{},"test":{},"args":{},"results":{}}}"#,
            json::string(name),
            json::string(&info.cconv_text),
            json::string(&signature),
            info.is_coarse_fences(),
            info.is_self_test(),
            list(&args),
            list(&results)
        ));
    }
    out.push(']');
    out
}

/// A text description of a verified module (no context needed: works for programs whose host
/// modules this build lacks) in the seed sample's layout, plus signatures and executables.
pub fn inspect(m: &BytecodeModule) -> String {
    let exports: Vec<(&str, usize)> = exported(m).collect();
    let internal = m.functions.iter().filter(|f| !f.exported).count();
    let mut s = String::from("=== program properties ===\n");
    s.push_str(&format!("  module name: '{}'\n", m.name));
    s.push_str("  module signature:\n");
    s.push_str(&format!("    {} imported functions\n", m.imports.len()));
    s.push_str(&format!("    {} exported functions\n", m.exports.len()));
    s.push_str(&format!("    {internal} internal functions\n"));
    if !m.dependencies.is_empty() {
        let deps: Vec<String> = m
            .dependencies
            .iter()
            .map(|d| format!("{} >= {}", d.name, d.minimum_version))
            .collect();
        s.push_str(&format!("  dependencies: {}\n", deps.join(", ")));
    }
    let formats = executable_formats(m);
    if !formats.is_empty() {
        s.push_str(&format!("  executable formats: {}\n", formats.join(", ")));
    }
    if let Ok(def) = rt_core::vmfb::parse(m.file()) {
        let wasm = wasm_loader::scan::wasm_executables(&def).len();
        if wasm > 0 {
            s.push_str(&format!("  wasm executables: {wasm}\n"));
        }
    }
    s.push_str("  exported functions:\n");
    for (name, ordinal) in exports {
        let info = &m.functions[ordinal];
        s.push_str(&format!(
            "    function name: '{name}', calling convention: {}'\n",
            info.cconv_text
        ));
        let decl = &info.declaration;
        let signature = match decl {
            Some(d) => d.to_string(),
            None => describe_vm(name, info.cconv.as_ref()),
        };
        s.push_str(&format!("      {signature}\n"));
    }
    s.push_str(&parameters(m));
    s
}

/// The parameters the program reads (`params::parameters_read`: from the constant operands
/// of its `io_parameters` calls, without running it), one line per scope, key and range.
fn parameters(m: &BytecodeModule) -> String {
    use rt_core::{parameters_read, ParameterCall};
    let found = parameters_read(m);
    if found.is_empty() {
        return String::new();
    }
    let mut s = String::from("  parameters read (scope, key, bytes; give the files with --parameters=[scope=]FILE):\n");
    let mut listed = Vec::new();
    for f in found {
        match f {
            ParameterCall::Reads(reads) => {
                for r in reads {
                    let line = format!(
                        "    {}, key '{}': {} bytes{}\n",
                        if r.scope.is_empty() { String::from("unnamed scope") } else { format!("scope '{}'", r.scope) },
                        r.key,
                        r.length,
                        if r.offset > 0 { format!(" at offset {}", r.offset) } else { String::new() }
                    );
                    if !listed.contains(&line) {
                        listed.push(line);
                    }
                }
            }
            ParameterCall::Unresolved { function, export } => listed.push(format!(
                "    (a call of io_parameters.{export} in '{function}' whose operands are not constants: its keys are not known until it runs)\n"
            )),
        }
    }
    s.extend(listed);
    s
}

/// Exported functions a caller may call (not `__init` and other internals).
pub fn exported(m: &BytecodeModule) -> impl Iterator<Item = (&str, usize)> {
    m.exports
        .iter()
        .map(|(n, o)| (n.as_str(), *o))
        .filter(|(n, _)| !n.starts_with("__"))
}

/// (name, type) of each argument or result.
type Params = Vec<(String, DeclType)>;

fn vm_types(cc: &CallingConvention) -> (Params, Params) {
    let ty = |t: &ValueType| match t {
        ValueType::Ref => DeclType::Other("!vm.ref<?>".into()),
        t => DeclType::Scalar(t.to_string()),
    };
    let args = cc
        .args
        .iter()
        .map(|p| match p {
            Param::Scalar(t) => (String::new(), ty(t)),
            Param::Span(_) => (String::new(), DeclType::Other("variadic".into())),
        })
        .collect();
    let results = cc.results.iter().map(|t| (String::new(), ty(t))).collect();
    (args, results)
}

fn describe_vm(name: &str, cc: Option<&CallingConvention>) -> String {
    match cc {
        Some(cc) => {
            let (a, r) = vm_types(cc);
            let a: Vec<String> = a.iter().map(|(_, t)| t.to_string()).collect();
            let r: Vec<String> = r.iter().map(|(_, t)| t.to_string()).collect();
            match r.len() {
                0 => format!("{name}({})", a.join(", ")),
                1 => format!("{name}({}) -> {}", a.join(", "), r[0]),
                _ => format!("{name}({}) -> ({})", a.join(", "), r.join(", ")),
            }
        }
        None => name.to_string(),
    }
}

/// The distinct executable formats named in the program's rodata (`hal.executable.create`'s
/// format strings), found by reading the container again.
fn executable_formats(module: &BytecodeModule) -> Vec<String> {
    let Ok(def) = rt_core::vmfb::parse(module.file()) else {
        return Vec::new();
    };
    let known = [
        "system-wasm-wasm_32",
        "vmvx-bytecode-fb",
        "embedded-elf-x86_64",
        "system-elf-x86_64",
    ];
    let mut out: Vec<String> = Vec::new();
    for s in &def.rodata_segments {
        for k in known {
            if *s == k.as_bytes() && !out.iter().any(|o| o == k) {
                out.push(k.to_string());
            }
        }
    }
    out
}
