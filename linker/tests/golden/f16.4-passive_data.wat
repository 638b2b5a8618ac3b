(module
  (@dylink.0
    (mem-info)
  )
  (type (;0;) (func (param f32) (result f32)))
  (type (;1;) (func (param i32)))
  (type (;2;) (func (param i32) (result f32)))
  (type (;3;) (func (param f32) (result i32)))
  (type (;4;) (func))
  (import "env" "memory" (memory (;0;) 1 2 shared))
  (export "double_half" (func $double_half))
  (export "__weft_init" (func 3))
  (func $__extendhfsf2 (;0;) (type 2) (param i32) (result f32)
    (local i32 i32 i32)
    local.get 0
    i32.const 32768
    i32.and
    i32.const 16
    i32.shl
    local.set 1
    local.get 0
    i32.const 10
    i32.shr_u
    i32.const 31
    i32.and
    local.set 2
    local.get 0
    i32.const 1023
    i32.and
    local.set 3
    local.get 2
    i32.eqz
    if (result f32) ;; label = @1
      local.get 3
      f32.convert_i32_u
      f32.const 0x1p-24 (;=0.000000059604645;)
      f32.mul
      i32.reinterpret_f32
      local.get 1
      i32.or
      f32.reinterpret_i32
    else
      local.get 2
      i32.const 31
      i32.eq
      if (result i32) ;; label = @2
        i32.const 2139095040
      else
        local.get 2
        i32.const 112
        i32.add
        i32.const 23
        i32.shl
      end
      local.get 3
      i32.const 13
      i32.shl
      i32.or
      local.get 1
      i32.or
      f32.reinterpret_i32
    end
  )
  (func $__truncsfhf2 (;1;) (type 3) (param f32) (result i32)
    (local i32 i32)
    local.get 0
    i32.reinterpret_f32
    local.tee 1
    i32.const 2147483647
    i32.and
    local.set 2
    local.get 1
    i32.const 16
    i32.shr_u
    i32.const 32768
    i32.and
    local.get 2
    i32.const 2139095040
    i32.gt_u
    if (result i32) ;; label = @1
      local.get 2
      i32.const 13
      i32.shr_u
      i32.const 1023
      i32.and
      i32.const 32256
      i32.or
    else
      local.get 2
      i32.const 1199566848
      i32.ge_u
      if (result i32) ;; label = @2
        i32.const 31744
      else
        local.get 2
        i32.const 947912704
        i32.lt_u
        if (result i32) ;; label = @3
          local.get 2
          f32.reinterpret_i32
          f32.const 0x1p+24 (;=16777216;)
          f32.mul
          f32.nearest
          i32.trunc_f32_u
        else
          local.get 2
          i32.const 939524096
          i32.sub
          i32.const 4095
          i32.add
          local.get 2
          i32.const 13
          i32.shr_u
          i32.const 1
          i32.and
          i32.add
          i32.const 13
          i32.shr_u
        end
      end
    end
    i32.or
  )
  (func $double_half (;2;) (type 1) (param $p i32)
    local.get $p
    f32.const 0x1p+1 (;=2;)
    local.get $p
    i32.load16_u
    call $__extendhfsf2
    f32.mul
    call $__truncsfhf2
    i32.store16
  )
  (func (;3;) (type 4)
    block ;; label = @1
      block ;; label = @2
        i32.const 64
        i32.const 0
        i32.const 1
        i32.atomic.rmw.cmpxchg
        i32.eqz
        br_if 0 (;@2;)
        loop ;; label = @3
          i32.const 64
          i32.atomic.load
          i32.const 2
          i32.ne
          br_if 0 (;@3;)
        end
        br 1 (;@1;)
      end
      i32.const 64
      i32.const 2
      i32.atomic.store
      i32.const 64
      i32.const -1
      memory.atomic.notify
      drop
    end
  )
)
