# preview_target_warnings(target): the project's warning set, always as errors.
function(preview_target_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall                  # the baseline
    -Wextra                # unused parameters, missing initializers, ...
    -Wpedantic             # no compiler extensions
    -Wshadow               # a local hiding another name is a bug waiting to happen
    -Wconversion           # narrowing arithmetic conversions
    -Wsign-conversion      # signed/unsigned mix-ups (sizes vs offsets)
    -Wnon-virtual-dtor     # polymorphic bases need virtual destructors
    -Wold-style-cast       # casts must say what they do
    -Woverloaded-virtual   # a hidden overload is usually a mistake
    -Wformat=2             # printf-family format checking
    -Wimplicit-fallthrough # switch fall-through must be explicit
    -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE
      -Wduplicated-cond      # if/else-if chains testing the same thing twice
      -Wduplicated-branches  # if/else with identical branches
      -Wlogical-op           # suspicious uses of logical operators
      -Wno-restrict)         # GCC 12 false positives in std::string at -O3 (GCC bug 105329)
  endif()
endfunction()
