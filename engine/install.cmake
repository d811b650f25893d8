# SPDX-License-Identifier: MIT
#
# install.cmake: what `cmake --install` puts where, and the Debian package
# `cpack -G DEB` makes of it. The installed library finds its data in
# share/zoneguard beside it (engine/core/data_dir.c); the command finds the
# library by an RPATH relative to itself: the tree may be unpacked anywhere.
install(TARGETS zoneguard_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS zoneguard_shared
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/engine/include/zoneguard.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
file(RELATIVE_PATH ZG_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/engine/zoneguard.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/zoneguard.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/zoneguard.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
# The data: code tables, rules, the demo scene and the boundaries it
# draws (geodata/real/dvhcvn, which the demo scenario names by a relative
# path), each with its provenance and licence notes.
install(DIRECTORY geodata/codes geodata/rules geodata/demo
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zoneguard)
install(DIRECTORY geodata/real/dvhcvn
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zoneguard/real)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/engine/cli/zoneguard.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/engine/cli/zoneguard.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME zoneguard)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME zoneguard)
set(CPACK_PACKAGE_VENDOR "zoneguard")
set(CPACK_PACKAGE_CONTACT "zoneguard maintainers <zoneguard@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Industrial clusters measured as a planner must defend the numbers")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# dpkg-shlibdeps names the Debian packages of every library the command
# and libzoneguard link (libgdal32, libgeos-c1v5, libproj25...); what is
# loaded or read at run time is added by hand: SpatiaLite's SQLite module
# (QGIS and sqlite3 open the results through it) and PROJ's database.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsqlite3-mod-spatialite, proj-data")
include(CPack)
