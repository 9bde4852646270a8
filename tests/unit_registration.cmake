# Fails when a unit test case matches none of the per-file ctest entries' --source-file filters
# (tests/CMakeLists.txt), so it would never run. Usage:
#   cmake -DUNIT_TESTS=<preview_unit_tests> -DFILTERS=<comma-separated filters> -P this file
execute_process(COMMAND ${UNIT_TESTS} --list-test-cases --source-file-exclude=${FILTERS}
                OUTPUT_VARIABLE listed RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "listing the unit test cases failed (${status}):\n${listed}")
endif()
if(NOT listed MATCHES "passing the current filters: 0\n")
  message(FATAL_ERROR "unit test cases no ctest entry runs (outside every tests/unit/*.cpp):\n"
                      "${listed}")
endif()
