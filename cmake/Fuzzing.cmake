# libFuzzer builds (-DLLMOPS_FUZZ=ON, clang only): every object carries the fuzzer's coverage
# instrumentation and AddressSanitizer/UndefinedBehaviorSanitizer, so a crash is caught where
# it happens. The targets live in tests/fuzz; scripts/fuzz.sh runs them for a bounded time.
if(LLMOPS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LLMOPS_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
