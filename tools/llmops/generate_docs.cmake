# Writes the shell completions and the manual page by running the built program, so that they
# always list the options it really has. Called at build time by tools/llmops/CMakeLists.txt with
# -DLLMOPS=<program> -DOUT=<folder>.

function(generate arguments output)
  separate_arguments(argv UNIX_COMMAND "${arguments}")
  execute_process(COMMAND "${LLMOPS}" ${argv} OUTPUT_FILE "${OUT}/${output}" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "'llmops ${arguments}' failed (${status})")
  endif()
endfunction()

file(MAKE_DIRECTORY "${OUT}/completions" "${OUT}/man")
generate("completions bash" completions/llmops)
generate("completions zsh" completions/_llmops)
generate("completions fish" completions/llmops.fish)
generate("man" man/llmops.1)
