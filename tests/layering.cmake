# Fails when a pure layer (core, api, render) includes an I/O facility or a higher layer.
set(forbidden
  "#include <curl/" "#include <fstream>" "#include <thread>" "#include <chrono>"
  "#include <filesystem>" "#include <unistd.h>" "#include <cstdio>" "#include <iostream>"
  "#include \"preview/io/" "#include \"preview/gather/" "#include \"preview/cli/")
set(failures "")
foreach(layer core api render)
  file(GLOB_RECURSE files ${SOURCE_DIR}/src/${layer}/* ${SOURCE_DIR}/include/preview/${layer}/*)
  foreach(f ${files})
    file(READ ${f} text)
    foreach(pattern ${forbidden})
      string(FIND "${text}" "${pattern}" pos)
      if(NOT pos EQUAL -1)
        string(APPEND failures "\n  ${f}: ${pattern}")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "pure layers include I/O or higher layers:${failures}")
endif()
message(STATUS "layering: core, api and render are pure")
