#!/usr/bin/env bash
# Build the module, tests and examples with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DCELL_FREE_SANITIZE=ON) into ./build-sanitize (or $BUILD_DIR) and run every test suite.
# ns-3 and LibTorch are not instrumented; see doc/cell-free.rst ("Sanitizers") for the options.
# Extra arguments go to ctest, e.g. -R cell-free-scenario-fuzz. JOBS sets the build jobs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-sanitize}"

"$root/utils/install-dependencies.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCELL_FREE_SANITIZE=ON \
    -DCELL_FREE_BENCHMARKS=OFF
fi
cmake --build "$build" -j "${JOBS:-$(nproc)}"

# detect_leaks=0: ns-3 keeps its singletons, TypeId tables and static test suites until exit
# and LibTorch allocates at load time without freeing; LeakSanitizer reports them as leaks.
# halt_on_error / abort_on_error: any finding fails the suite. UBSan stops at the first finding
# (-fno-sanitize-recover=undefined) and prints its stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir "$build" --output-on-failure -j "${JOBS:-$(nproc)}" "$@"
