# Installs the binary, the man page and the completion scripts where each shell looks, and
# describes the Debian package (`cpack -G DEB` in a build directory).
include(GNUInstallDirs)

install(TARGETS preview RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Debian ships man pages gzip-compressed (policy 12.1); compress once per configure.
set(PREVIEW_MAN_GZ ${CMAKE_CURRENT_BINARY_DIR}/preview.1.gz)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${CMAKE_CURRENT_SOURCE_DIR}/man/preview.1)
file(ARCHIVE_CREATE OUTPUT ${PREVIEW_MAN_GZ} PATHS ${CMAKE_CURRENT_SOURCE_DIR}/man/preview.1
     FORMAT raw COMPRESSION GZip)
install(FILES ${PREVIEW_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# bash-completion loads completions/<command> on first use; fish reads vendor_completions.d.
# zsh's fpath on Debian has /usr/share/zsh/vendor-completions for packages and
# <prefix>/share/zsh/site-functions for anything else: decided when installing, because the
# package (cpack) and `cmake --install --prefix` choose the prefix after configuring.
install(FILES completions/preview.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME preview)
set(PREVIEW_ZSH_SCRIPT ${CMAKE_CURRENT_SOURCE_DIR}/completions/_preview)
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(zsh_dir vendor-completions)
  else()
    set(zsh_dir site-functions)
  endif()
  file(INSTALL \"${PREVIEW_ZSH_SCRIPT}\"
       DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/\${zsh_dir}\")
")
install(FILES completions/preview.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME preview)
set(CPACK_PACKAGE_VENDOR "preview developers")
set(CPACK_PACKAGE_CONTACT "preview developers <preview@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "bring up, check, fix and tear down per-PR preview environments")
set(CPACK_PACKAGE_DESCRIPTION
    "preview drives per-pull-request preview environments that Argo CD ApplicationSets create\n"
    "from labelled GitHub pull requests: up, status, doctor (with fixes), down and list.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/stuttgart-things/homerun2-core-catcher")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps (libcurl4, libyaml-cpp, libfmt, libstdc++6, ...),
# so they name exactly the sonames the binary links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gh, kubectl")
include(CPack)
