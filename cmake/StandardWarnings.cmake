# Warnings live on an INTERFACE target that each project target links PRIVATE,
# so they apply to our code and never leak to consumers.
add_library(llmops_warnings INTERFACE)
target_compile_options(llmops_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough>)
if(LLMOPS_WARNINGS_AS_ERRORS)
  target_compile_options(llmops_warnings INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()
