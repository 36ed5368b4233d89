// Force-included in sanitizer builds. LLVM's BumpPtrAllocator poisons each
// new slab and unpoisons what it hands out, when the code is instrumented
// (llvm/Support/Compiler.h). Debian's libLLVMSupport is not: where one of
// our instrumented instantiations of the allocator's inline slow path wins
// at link time, LLVM's own calls (StringSaver, the YAML parser) read memory
// that nothing unpoisoned, and ASan reports use-after-poison in correct
// code. The project never poisons memory itself, so these calls go.
#include <sanitizer/asan_interface.h>
#undef ASAN_POISON_MEMORY_REGION
#undef ASAN_UNPOISON_MEMORY_REGION
#define __asan_poison_memory_region(addr, size) ((void)(addr), (void)(size))
#define __asan_unpoison_memory_region(addr, size) ((void)(addr), (void)(size))
