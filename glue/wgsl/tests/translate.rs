//! glue/wgsl on the Vulkan builds of the repository's test programs (tests/build/*/*.vulkan.vmfb,
//! compiled by iree-compile 3.13.0 with --iree-hal-target-device=vulkan).

use rt_core::{ErrorKind, Result};
use spirv::Op;
use weft_test_support::{vulkan_fixtures, Fixture};
use weft_wgsl::executable_def;
use weft_wgsl::{translate, DeviceLimits, Executable, PushConstantBuffer};

/// Programs the translation refuses, and what its error says.
/// Programs with executables the translator refuses, and what the refusal says. Each such
/// program has at least one refused executable, and each refusal says this.
const REFUSED: &[(&str, &str)] = &[
    // i64 tensors: the Vulkan target emulates i64 with OpIAddCarry and OpUMulExtended, which
    // naga cannot read; WebGPU has no 64-bit integers.
    (
        "corpus/dtype_i64.vulkan",
        "its SPIR-V cannot be translated to WGSL: unsupported instruction",
    ),
    // f16 tensors: the Vulkan target stores f16 as f32 (see `computes_on_f16`).
    ("corpus/dtype_f16.vulkan", "computes on f16"),
    ("corpus/dtype_f32_to_f16.vulkan", "computes on f16"),
    ("ukernels/matmul_16bit.vulkan", "computes on f16"),
    ("routing/matmul.vulkan", "computes on f16"),
    ("linker/half.vulkan", "computes on f16"),
];

/// Each `vulkan-spirv-fb` executable in a program, as the program holds it.
fn executables(bytes: &[u8]) -> Vec<&[u8]> {
    let module = rt_core::vmfb::parse(bytes).unwrap();
    module
        .rodata_segments
        .into_iter()
        .filter(|s| s.starts_with(b"VKE1"))
        .collect()
}

fn translated(f: &Fixture) -> Vec<(Vec<u8>, Result<Executable>)> {
    let bytes = f.bytes();
    let label = format!("{}/{}", f.suite, f.stem);
    executables(&bytes)
        .into_iter()
        .map(|e| (e.to_vec(), translate(&label, e)))
        .collect()
}

/// The WGSL parses and validates again, as a browser checks it before building a pipeline.
fn parse_wgsl(wgsl: &str, what: &str) -> (naga::Module, naga::valid::ModuleInfo) {
    let module = naga::front::wgsl::parse_str(wgsl)
        .unwrap_or_else(|e| panic!("{what}: {}\n{wgsl}", e.emit_to_string(wgsl)));
    let info = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::empty(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{what}: {e:?}\n{wgsl}"));
    (module, info)
}

#[test]
fn every_vulkan_program_translates_to_valid_wgsl() {
    let (mut programs, mut pipelines, mut read_only) = (0, 0, 0);
    for f in vulkan_fixtures() {
        let refusal = REFUSED.iter().find(|(program, _)| *program == format!("{}/{}", f.suite, f.stem));
        let results = translated(&f);
        let count = results.len();
        let mut refused_ok = 0;
        for (bytes, result) in results {
            let what = format!("{}/{}", f.suite, f.stem);
            match (result, refusal) {
                (Err(e), Some((_, word))) => {
                    assert!(matches!(e.kind(), ErrorKind::Unsupported(_)), "{what}: {e}");
                    let message = e.to_string();
                    assert!(
                        message.contains(word) && message.contains(&what),
                        "{what}: {message}"
                    );
                }
                (Err(e), None) => panic!("{what}: {e}"),
                (Ok(_), Some(_)) => refused_ok += 1,
                (Ok(executable), None) => {
                    let def = executable_def::read(&what, &bytes).unwrap();
                    assert_eq!(executable.pipelines.len(), def.pipelines.len(), "{what}");
                    for (pipeline, declared) in executable.pipelines.iter().zip(&def.pipelines) {
                        assert_eq!(
                            pipeline.name, declared.entry_point,
                            "{what}: pipelines keep their order"
                        );
                        let wgsl = &executable.shaders[pipeline.shader];
                        let (module, _) = parse_wgsl(wgsl, &what);
                        let entry = module
                            .entry_points
                            .iter()
                            .find(|e| e.name == pipeline.entry_point);
                        let entry = entry.unwrap_or_else(|| {
                            panic!("{what}: no entry point {}", pipeline.entry_point)
                        });
                        assert_eq!(entry.stage, naga::ShaderStage::Compute);
                        assert_eq!(entry.workgroup_size, pipeline.workgroup_size, "{what}");
                        assert_eq!(
                            pipeline.bind_groups, def.layouts[declared.layout].sets,
                            "{what}"
                        );
                        // Every dispatch has a result, and writes only bindings it declares.
                        let written = pipeline.written.iter().flatten().count();
                        assert!(written > 0, "{what} {}: writes nothing", pipeline.name);
                        for (group, bindings) in pipeline.written.iter().enumerate() {
                            for b in bindings {
                                assert!(pipeline.bind_groups[group].contains(b), "{what}: writes {group}/{b}");
                                assert!(pipeline.writable[group].contains(b), "{what}: writes {group}/{b}, declared read-only");
                            }
                        }
                        // The WGSL declares `read_write` exactly the bindings reported writable,
                        // and `read` the others.
                        for variable in module.global_variables.iter().map(|(_, v)| v) {
                            let (Some(binding), naga::AddressSpace::Storage { access }) = (&variable.binding, variable.space) else { continue };
                            let writable = pipeline.writable.get(binding.group as usize).is_some_and(|g| g.contains(&binding.binding));
                            assert_eq!(access.contains(naga::StorageAccess::STORE), writable, "{what}: binding {}/{}", binding.group, binding.binding);
                            read_only += usize::from(!writable);
                        }
                        pipelines += 1;
                    }
                }
            }
        }
        if refusal.is_some() {
            assert!(refused_ok < count, "{}/{}: expected a refusal", f.suite, f.stem);
        }
        programs += 1;
    }
    assert!(
        programs > 200 && pipelines > 350,
        "{programs} programs, {pipelines} pipelines"
    );
    // Every dispatch of these programs reads an input, so most bindings are read-only.
    assert!(read_only > pipelines, "{read_only} read-only bindings in {pipelines} pipelines");
}

/// naga reads a signed operation on IREE's unsigned-typed integers as its unsigned twin. Every
/// signed operation of the SPIR-V must still be a signed one in the WGSL: counted per kind, the
/// WGSL has at least as many on i32 as the SPIR-V has.
#[test]
fn signed_integer_operations_stay_signed() {
    let mut checked = 0;
    for f in vulkan_fixtures() {
        for (bytes, result) in translated(&f) {
            let Ok(executable) = result else { continue };
            let def = executable_def::read("x", &bytes).unwrap();
            let mut wanted = [0usize; SIGNED_KINDS];
            def.shader_modules
                .iter()
                .for_each(|m| count_signed_spirv(&m.words, &mut wanted));
            let mut found = [0usize; SIGNED_KINDS];
            for wgsl in &executable.shaders {
                let (module, info) = parse_wgsl(wgsl, &f.stem);
                count_signed_wgsl(&module, &info, &mut found);
            }
            for kind in 0..SIGNED_KINDS {
                assert!(
                    found[kind] >= wanted[kind],
                    "{}/{}: {} signed {} in the SPIR-V, {} in the WGSL",
                    f.suite,
                    f.stem,
                    wanted[kind],
                    KIND_NAMES[kind],
                    found[kind]
                );
            }
            checked += wanted.iter().sum::<usize>();
        }
    }
    assert!(checked > 100, "only {checked} signed operations seen");
}

const SIGNED_KINDS: usize = 5;
const KIND_NAMES: [&str; SIGNED_KINDS] = [
    "divisions",
    "right shifts",
    "abs/min/max/clamp/sign",
    "int-to-float",
    "float-to-int",
];

fn count_signed_spirv(words: &[u32], counts: &mut [usize; SIGNED_KINDS]) {
    for inst in instructions(words) {
        let kind = match Op::from_u32(inst[0] & 0xffff) {
            Some(Op::SDiv | Op::SRem) => Some(0),
            Some(Op::ShiftRightArithmetic) => Some(1),
            // GLSL.std.450 SAbs, SSign, SMin, SMax, SClamp.
            Some(Op::ExtInst) if [5, 7, 39, 42, 45].contains(&inst[4]) => Some(2),
            Some(Op::ConvertSToF) => Some(3),
            Some(Op::ConvertFToS) => Some(4),
            _ => None,
        };
        if let Some(kind) = kind {
            counts[kind] += 1;
        }
    }
}

/// Each instruction of a (well-formed) SPIR-V module, its first word included.
fn instructions(words: &[u32]) -> impl Iterator<Item = &[u32]> {
    let mut at = 5;
    core::iter::from_fn(move || {
        let inst = words.get(at..at + (*words.get(at)? >> 16) as usize)?;
        at += inst.len();
        Some(inst)
    })
}

fn count_signed_wgsl(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    counts: &mut [usize; SIGNED_KINDS],
) {
    use naga::{BinaryOperator as B, Expression as E, MathFunction as M, ScalarKind};
    let functions = module.functions.iter().map(|(h, f)| (f, &info[h]));
    let entries = module
        .entry_points
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.function, info.get_entry_point(i)));
    for (function, function_info) in functions.chain(entries) {
        let kind_of = |h: naga::Handle<naga::Expression>| {
            function_info[h].ty.inner_with(&module.types).scalar_kind()
        };
        for (_, expression) in function.expressions.iter() {
            let kind = match *expression {
                E::Binary {
                    op: B::Divide | B::Modulo,
                    left,
                    ..
                } if kind_of(left) == Some(ScalarKind::Sint) => Some(0),
                E::Binary {
                    op: B::ShiftRight,
                    left,
                    ..
                } if kind_of(left) == Some(ScalarKind::Sint) => Some(1),
                E::Math {
                    fun: M::Abs | M::Min | M::Max | M::Clamp | M::Sign,
                    arg,
                    ..
                } if kind_of(arg) == Some(ScalarKind::Sint) => Some(2),
                E::As {
                    expr,
                    kind: ScalarKind::Float,
                    convert: Some(_),
                } if kind_of(expr) == Some(ScalarKind::Sint) => Some(3),
                E::As {
                    expr,
                    kind: ScalarKind::Sint,
                    convert: Some(_),
                } if kind_of(expr) == Some(ScalarKind::Float) => Some(4),
                _ => None,
            };
            if let Some(kind) = kind {
                counts[kind] += 1;
            }
        }
    }
}

fn one_executable(suite: &str, stem: &str) -> (String, Vec<u8>) {
    let bytes = fixture_bytes(suite, stem);
    let mut all = executables(&bytes);
    assert!(!all.is_empty(), "{suite}/{stem} has no Vulkan executable");
    (format!("{suite}/{stem}"), all.remove(0).to_vec())
}

fn fixture_bytes(suite: &str, stem: &str) -> Vec<u8> {
    let f = vulkan_fixtures()
        .into_iter()
        .find(|f| f.suite == suite && f.stem == stem);
    f.unwrap_or_else(|| panic!("no Vulkan build {suite}/{stem}"))
        .bytes()
}

#[test]
fn nan_and_infinity_constants_are_built_at_run_time() {
    let bytes = fixture_bytes("corpus", "gpu_non_finite.vulkan");
    let mut seen = 0;
    for executable in executables(&bytes) {
        let def = executable_def::read("x", executable).unwrap();
        let non_finite = def
            .shader_modules
            .iter()
            .any(|m| has_non_finite_constant(&m.words));
        let translated = translate("gpu_non_finite", executable).unwrap();
        for wgsl in &translated.shaders {
            parse_wgsl(wgsl, "gpu_non_finite");
            if non_finite {
                assert!(wgsl.contains("bitcast<f32>("), "{wgsl}");
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 2,
        "expected dispatches with NaN or infinite constants, saw {seen}"
    );
}

fn has_non_finite_constant(words: &[u32]) -> bool {
    instructions(words).any(|inst| {
        inst[0] & 0xffff == Op::Constant as u32
            && inst.len() == 4
            && inst[3] & 0x7f80_0000 == 0x7f80_0000
    })
}

#[test]
fn push_constants_become_a_uniform_buffer_after_the_descriptor_sets() {
    let (name, bytes) = one_executable("corpus", "gpu_dynamic_rows.vulkan");
    let def = executable_def::read(&name, &bytes).unwrap();
    let executable = translate(&name, &bytes).unwrap();
    let pipeline = &executable.pipelines[0];
    let declared = def.layouts[def.pipelines[0].layout].push_constant_bytes;
    assert!(
        declared > 0,
        "the dynamic shapes reach the dispatch as push constants"
    );
    assert_eq!(
        pipeline.push_constants,
        Some(PushConstantBuffer {
            group: 1,
            binding: 0,
            bytes: declared
        })
    );
    let wgsl = &executable.shaders[0];
    assert!(
        wgsl.contains("@group(1) @binding(0) \nvar<uniform>"),
        "{wgsl}"
    );
    assert!(!wgsl.contains("var<immediate>"), "{wgsl}");
}

#[test]
fn pipelines_over_the_adapter_limits_are_refused_by_name() {
    let (name, bytes) = one_executable("corpus", "gpu_many_bindings.vulkan");
    let executable = translate(&name, &bytes).unwrap();
    let pipeline = &executable.pipelines[0];
    let e = weft_wgsl::limits::check(&name, pipeline, &DeviceLimits::WEBGPU_DEFAULTS).unwrap_err();
    let message = e.to_string();
    assert!(matches!(e.kind(), ErrorKind::Unsupported(_)), "{message}");
    for part in [
        name.as_str(),
        pipeline.name.as_str(),
        "10 storage buffers",
        "allows 8 (maxStorageBuffersPerShaderStage)",
    ] {
        assert!(message.contains(part), "{message} lacks {part}");
    }
    let roomy = DeviceLimits {
        max_storage_buffers_per_shader_stage: 10,
        ..DeviceLimits::WEBGPU_DEFAULTS
    };
    weft_wgsl::limits::check(&name, pipeline, &roomy).unwrap();

    let [x, y, z] = pipeline.workgroup_size;
    let small = DeviceLimits {
        max_compute_invocations_per_workgroup: x * y * z - 1,
        ..roomy
    };
    let message = weft_wgsl::limits::check(&name, pipeline, &small)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(&format!("a workgroup of {x}x{y}x{z} invocations"))
            && message.contains("maxComputeInvocationsPerWorkgroup"),
        "{message}"
    );
}

/// Truncated or corrupted executables end in an error, never a panic, and a header problem
/// names its offset. The SPIR-V's own corruptions are held to the same by the rewrite that
/// reads it first; naga, which reads it next, can panic on some (a byte flip in an `OpPhi`
/// did), so the device runs the translation in a wasm instance of its own.
#[test]
fn corrupt_executables_are_refused() {
    let (name, bytes) = one_executable("corpus", "gpu_dynamic_rows.vulkan");
    let offset = |b: &[u8]| match translate(&name, b).unwrap_err().kind() {
        ErrorKind::Malformed { offset, .. } => *offset,
        k => panic!("expected a malformed executable, got {k:?}"),
    };
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert_eq!(offset(&bad), 0);
    let mut bad = bytes.clone();
    bad[4] = 1;
    assert_eq!(offset(&bad), 4);
    assert_eq!(
        offset(&bytes[..bytes.len() - 1]),
        8,
        "the header announces more than there is"
    );
    for len in (0..bytes.len()).step_by(7) {
        assert!(
            translate(&name, &bytes[..len]).is_err(),
            "a prefix of {len} bytes"
        );
    }

    let def = executable_def::read(&name, &bytes).unwrap();
    let shader = &def.shader_modules[0];
    let spirv = shader.offset..shader.offset + 4 * shader.words.len();
    let mut random = XorShift(0x2545_f491);
    let mut flipped = 0;
    while flipped < 3000 {
        let at = random.below(bytes.len());
        if spirv.contains(&at) {
            continue;
        }
        let mut bad = bytes.clone();
        bad[at] ^= random.next() as u8 | 1;
        let _ = translate(&name, &bad);
        flipped += 1;
    }
    for _ in 0..3000 {
        let mut words = shader.words.clone();
        let at = random.below(words.len());
        words[at] ^= 1 << random.below(32);
        let _ = weft_wgsl::spirv_rewrite::rewrite(&name, &words, shader.offset);
    }
    let mut words = shader.words.clone();
    words[5] = ((words.len() as u32) << 16) | (words[5] & 0xffff);
    let e = weft_wgsl::spirv_rewrite::rewrite(&name, &words, shader.offset).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Malformed {
            offset: shader.offset + 20,
            message: format!(
                "executable '{name}': SPIR-V instruction has a word count past the module's end"
            )
        }
    );
}

/// Deterministic corruption: the same flips on every run.
struct XorShift(u32);

impl XorShift {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}
