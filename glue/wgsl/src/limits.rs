//! What a translated pipeline needs from the adapter, checked against what it offers.

use crate::Pipeline;
use alloc::format;
use alloc::string::String;
use rt_core::{Error, Result};

/// The adapter limits a compute pipeline can exceed (`GPUSupportedLimits`, same names).
#[derive(Clone, Copy, Debug)]
pub struct DeviceLimits {
    pub max_compute_invocations_per_workgroup: u32,
    pub max_compute_workgroup_size: [u32; 3],
    pub max_compute_workgroup_storage_size: u32,
    pub max_storage_buffers_per_shader_stage: u32,
    pub max_bind_groups: u32,
}

impl DeviceLimits {
    /// WebGPU's default limits: what every adapter offers.
    pub const WEBGPU_DEFAULTS: DeviceLimits = DeviceLimits {
        max_compute_invocations_per_workgroup: 256,
        max_compute_workgroup_size: [256, 256, 64],
        max_compute_workgroup_storage_size: 16384,
        max_storage_buffers_per_shader_stage: 8,
        max_bind_groups: 4,
    };
}

/// Refuses a pipeline the adapter cannot run, naming the executable, the pipeline, the need
/// and the limit.
pub fn check(executable: &str, pipeline: &Pipeline, limits: &DeviceLimits) -> Result<()> {
    let [x, y, z] = pipeline.workgroup_size;
    let storage_buffers: usize = pipeline.bind_groups.iter().map(|g| g.len()).sum();
    let bind_groups = pipeline.bind_groups.len() + usize::from(pipeline.push_constants.is_some());
    let needs: [(u64, u64, &str, String); 7] = [
        (
            x as u64 * y as u64 * z as u64,
            limits.max_compute_invocations_per_workgroup as u64,
            "maxComputeInvocationsPerWorkgroup",
            format!("a workgroup of {x}x{y}x{z} invocations"),
        ),
        (
            x as u64,
            limits.max_compute_workgroup_size[0] as u64,
            "maxComputeWorkgroupSizeX",
            format!("a workgroup {x} wide"),
        ),
        (
            y as u64,
            limits.max_compute_workgroup_size[1] as u64,
            "maxComputeWorkgroupSizeY",
            format!("a workgroup {y} high"),
        ),
        (
            z as u64,
            limits.max_compute_workgroup_size[2] as u64,
            "maxComputeWorkgroupSizeZ",
            format!("a workgroup {z} deep"),
        ),
        (
            pipeline.workgroup_storage_bytes as u64,
            limits.max_compute_workgroup_storage_size as u64,
            "maxComputeWorkgroupStorageSize",
            format!(
                "{} bytes of workgroup memory",
                pipeline.workgroup_storage_bytes
            ),
        ),
        (
            storage_buffers as u64,
            limits.max_storage_buffers_per_shader_stage as u64,
            "maxStorageBuffersPerShaderStage",
            format!("{storage_buffers} storage buffers"),
        ),
        (
            bind_groups as u64,
            limits.max_bind_groups as u64,
            "maxBindGroups",
            format!("{bind_groups} bind groups"),
        ),
    ];
    for (need, limit, name, what) in needs {
        if need > limit {
            return Err(Error::unsupported(format!(
                "executable '{executable}' pipeline '{}' needs {what}; this WebGPU adapter \
                 allows {limit} ({name})",
                pipeline.name
            )));
        }
    }
    Ok(())
}
