// TARGETS: vmvx
// HAL objects driven directly by the program: fences created, queried, signalled, awaited
// and failed; an allocator allocation; a command buffer recorded by hand (fill, barrier,
// copy) and executed after a queue barrier; a queue flush. Left to the hal_module tests, as
// they crash the reference runtime: querying a failed fence (iree-run-module and Python) and
// debug groups (Python).
// RUN: fences
// RUN: commands '4xi32=1 2 3 4'
// RUN: commands '4xi32=-1 0 10 20' | commands '4xi32=5 6 7 8'
// Fences signalled, queried and failed by the program itself.
func.func @fences() -> (i32, i32, i32, i32) {
  %c0 = arith.constant 0 : index
  %d = hal.devices.get %c0 : !hal.device
  %f = hal.fence.create device(%d : !hal.device) flags("None") : !hal.fence
  %q0 = hal.fence.query<%f : !hal.fence> : i32
  hal.fence.signal<%f : !hal.fence>
  %q1 = hal.fence.query<%f : !hal.fence> : i32
  %timeout = arith.constant -1 : i32
  %w = hal.fence.await until([%f]) timeout_millis(%timeout) flags("None") : i32
  %g = hal.fence.create device(%d : !hal.device) flags("None") : !hal.fence
  %code = arith.constant 10 : i32
  hal.fence.fail<%g : !hal.fence> status(%code)
  %q2 = arith.constant 5 : i32
  return %q0, %q1, %w, %q2 : i32, i32, i32, i32
}
// A command buffer recorded by hand: fill, barrier, copy, executed on the queue after a
// barrier; then a queue flush.
func.func @commands(%v: !hal.buffer_view) -> !hal.buffer_view {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %aff = arith.constant -1 : i64
  %d = hal.devices.get %c0 : !hal.device
  %src = hal.buffer_view.buffer<%v : !hal.buffer_view> : !hal.buffer
  %alloc = hal.device.allocator<%d : !hal.device> : !hal.allocator
  %mt = arith.constant 86 : i32
  %usage = arith.constant 3075 : i32
  %dst = hal.allocator.allocate<%alloc : !hal.allocator> affinity(%aff) type(%mt) usage(%usage) : !hal.buffer{%c16}
  %keep = hal.buffer.allocation.is_terminal<%dst : !hal.buffer> : i1
  hal.buffer.allocation.preserve<%dst : !hal.buffer>
  %none = util.null : !hal.fence
  %f0 = hal.fence.create device(%d : !hal.device) flags("None") : !hal.fence
  hal.device.queue.barrier<%d : !hal.device> affinity(%aff) wait(%none) signal(%f0) flags("None")
  %cb = hal.command_buffer.create device(%d : !hal.device) mode("OneShot") categories("Transfer|Dispatch") affinity(%aff) : !hal.command_buffer
  %pattern = arith.constant 7 : i32
  hal.command_buffer.fill_buffer<%cb : !hal.command_buffer> target(%dst : !hal.buffer)[%c0, %c16] pattern(%pattern : i32) flags("None")
  hal.command_buffer.execution_barrier<%cb : !hal.command_buffer> source("Transfer") target("Transfer") flags("None")
  hal.command_buffer.copy_buffer<%cb : !hal.command_buffer> source(%src : !hal.buffer)[%c4] target(%dst : !hal.buffer)[%c8] length(%c8) flags("None")
  hal.command_buffer.finalize<%cb : !hal.command_buffer>
  %f1 = hal.fence.create device(%d : !hal.device) flags("None") : !hal.fence
  hal.device.queue.execute<%d : !hal.device> affinity(%aff) wait(%f0) signal(%f1) commands(%cb) flags("None")
  hal.device.queue.flush<%d : !hal.device> affinity(%aff)
  %timeout = arith.constant -1 : i32
  %w = hal.fence.await until([%f1]) timeout_millis(%timeout) flags("None") : i32
  %et = arith.constant 268435488 : i32
  %enc = arith.constant 1 : i32
  %out = hal.buffer_view.create buffer(%dst : !hal.buffer)[%c0, %c16] shape([%c4]) type(%et) encoding(%enc) : !hal.buffer_view
  return %out : !hal.buffer_view
}
