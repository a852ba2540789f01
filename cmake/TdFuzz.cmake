# -DTD_FUZZ=ON: every target is built with libFuzzer instrumentation (no main) plus ASan and UBSan,
# and fuzz/ adds one libFuzzer program per input format. Needs clang (Debian: clang-14,
# libclang-rt-14-dev); the normal build does not. Use: CXX=clang++-14 cmake -S . -B build-fuzz
# -DTD_FUZZ=ON -DTD_BUILD_UI=OFF -DTD_BUILD_TESTS=OFF (scripts/fuzz.sh does this).
option(TD_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(TD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TD_FUZZ=ON needs clang (libFuzzer): configure with CXX=clang++-14 in a fresh build folder")
  endif()
  if(TD_SANITIZE)
    message(FATAL_ERROR "TD_FUZZ=ON already builds with ASan and UBSan: leave TD_SANITIZE off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
