# PREVIEW_GIT_COMMIT: the short commit the binary is built from, "unknown" outside a checkout.
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
  OUTPUT_VARIABLE PREVIEW_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET
  RESULT_VARIABLE _preview_git_result)
if(NOT _preview_git_result EQUAL 0 OR PREVIEW_GIT_COMMIT STREQUAL "")
  set(PREVIEW_GIT_COMMIT "unknown")
endif()
