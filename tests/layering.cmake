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

# cli wires commands: every request is sent from gather (design §8/§9). No call of the HTTP
# client's request or watch methods, no curl handle, no private header of io or gather.
# `how.watch(` is refresh's ActionWait::watch (the WatchPoints of a read), not a request.
set(cli_failures "")
file(GLOB_RECURSE cli_files ${SOURCE_DIR}/src/cli/* ${SOURCE_DIR}/include/preview/cli/*)
foreach(f ${cli_files})
  file(READ ${f} text)
  string(REGEX MATCHALL "[A-Za-z0-9_]*(\\.|->)(perform_all|perform_stream|perform|watch)[ \t\n]*\\("
         calls "${text}")
  list(REMOVE_ITEM calls "how.watch(")
  foreach(call ${calls})
    string(APPEND cli_failures "\n  ${f}: ${call}")
  endforeach()
  foreach(pattern "curl_easy_" "curl_multi_" "#include \"io/" "#include \"gather/")
    string(FIND "${text}" "${pattern}" pos)
    if(NOT pos EQUAL -1)
      string(APPEND cli_failures "\n  ${f}: ${pattern}")
    endif()
  endforeach()
endforeach()
if(cli_failures)
  message(FATAL_ERROR "cli sends requests itself (move them to gather):${cli_failures}")
endif()
message(STATUS "layering: cli sends no request of its own")
