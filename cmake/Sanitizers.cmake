# PREVIEW_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer,
# stopping at the first report so the test suite fails on it.
option(PREVIEW_SANITIZE "Build with ASan and UBSan" OFF)
if(PREVIEW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
