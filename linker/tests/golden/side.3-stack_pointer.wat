(module
  (@dylink.0
    (mem-info (memory 24 4) (table 1 0))
  )
  (type $query_t (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (param f32 f32) (result f32)))
  (type (;2;) (func))
  (import "env" "memory" (memory (;0;) 1 16 shared))
  (import "env" "__indirect_function_table" (table (;0;) 4 funcref))
  (import "env" "__weft_stack_top" (global (;0;) i32))
  (import "weft" "fmaxf" (func $fmaxf (;0;) (type 1) (param f32 f32) (result f32)))
  (global $counter (;1;) i32 i32.const 16)
  (global $sp (;2;) (mut i32) global.get 0)
  (export "counter" (global $counter))
  (export "iree_hal_executable_library_query" (func $query))
  (export "__wasm_apply_data_relocs" (func $relocs))
  (elem (;0;) (i32.const 3) func $kernel)
  (func $relocs (;1;) (type 2)
    i32.const 4
    i32.const 1024
    i32.add
    i32.const 1024
    i32.const 8
    i32.add
    i32.store
    i32.const 8
    i32.const 1024
    i32.add
    i32.const 3
    i32.const 0
    i32.add
    i32.store
  )
  (func $kernel (;2;) (type 1) (param f32 f32) (result f32)
    (local $frame i32)
    global.get $sp
    i32.const 16
    i32.sub
    local.tee $frame
    global.set $sp
    i32.const 1040
    i32.const 1040
    i32.load
    i32.const 1
    i32.add
    i32.store
    local.get $frame
    local.get 0
    local.get 1
    call $fmaxf
    f32.store
    local.get $frame
    i32.const 16
    i32.add
    global.set $sp
    local.get $frame
    f32.load
  )
  (func $query (;3;) (type $query_t) (param i32 i32) (result i32)
    i32.const 1024
    i32.const 4
    i32.add
    i32.const 0
    local.get 0
    i32.const 6
    i32.eq
    select
  )
  (data (;0;) (i32.const 1024) "\06\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
)
