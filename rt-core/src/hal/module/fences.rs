//! `hal` exports over fences: create, join, query, signal, fail, await.

use super::*;

//===--- fence --------------------------------------------------------------------------===//

pub(super) fn fence_create(m: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    device_arg(m, a)?;
    let _flags = a.i64()?;
    out.push(object(Rc::new(Fence::new_single())));
    done()
}

pub(super) fn fence_join(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let _flags = a.i64()?;
    let n = a.count()?;
    let joined = Fence::default();
    for _ in 0..n {
        if let Some(f) = fence_arg(a)? {
            for (s, v) in f.timepoints() {
                joined.insert(s, v);
            }
        }
    }
    out.push(if joined.timepoint_count() == 0 { Value::Ref(None) } else { object(Rc::new(joined)) });
    done()
}

pub(super) fn fence_query(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let code = match a.object::<Fence>("hal.fence")?.state() {
        FenceState::Reached => status::OK,
        FenceState::Pending { .. } => status::DEFERRED,
        FenceState::Failed { code, .. } => code,
    };
    out.push(Value::I32(code));
    done()
}

pub(super) fn fence_signal(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    a.object::<Fence>("hal.fence")?.signal();
    done()
}

pub(super) fn fence_fail(_: &HalModule, a: &mut Args<'_>, _: &mut Vec<Value>) -> Result<HostFlow> {
    let fence = a.object::<Fence>("hal.fence")?;
    let code = a.i32()? & 0x1F;
    fence.fail(code, format!("the program failed the fence with status code {code}"));
    done()
}

/// Returns 0 once every fence is reached. The device signals fences when work is submitted,
/// so a fence still pending now will never be reached: a finite timeout reports
/// DEADLINE_EXCEEDED as the reference does when its wait times out, and an infinite wait
/// fails instead of hanging.
pub(super) fn fence_await(_: &HalModule, a: &mut Args<'_>, out: &mut Vec<Value>) -> Result<HostFlow> {
    let timeout_millis = u32_arg(a.i32()?);
    let _flags = a.i64()?;
    let n = a.count()?;
    let mut pending = None;
    for i in 0..n {
        let Some(f) = fence_arg(a)? else { continue };
        match f.state() {
            FenceState::Reached => {}
            FenceState::Failed { why, .. } => {
                return Err(Error::new(ErrorKind::Trap { message: format!("awaited fence {i} failed: {why}"), backtrace: String::new() }));
            }
            FenceState::Pending { value, waiting_for } => {
                pending.get_or_insert((i, value, waiting_for));
            }
        }
    }
    match pending {
        None => out.push(Value::I32(status::OK)),
        Some(_) if timeout_millis != u32::MAX => out.push(Value::I32(status::DEADLINE_EXCEEDED)),
        Some((i, value, waiting_for)) => {
            return Err(Error::new(ErrorKind::Trap {
                message: format!(
                    "waiting forever on fence {i} (semaphore at {value}, waiting for {waiting_for}), which nothing will \
                     signal: this device runs work synchronously when it is submitted"
                ),
                backtrace: String::new(),
            }))
        }
    }
    done()
}
