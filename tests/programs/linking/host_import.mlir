// TARGETS: vmvx
// Imports a function from a host module named `custom`, which the tests register themselves:
// exercises import resolution, host calls that suspend and resume, and host errors.
func.func private @custom.twice(i32) -> i32
func.func @quadruple(%x: i32) -> i32 {
  %a = func.call @custom.twice(%x) : (i32) -> i32
  %b = func.call @custom.twice(%a) : (i32) -> i32
  return %b : i32
}
