# Installation (`make install PREFIX=...`, or `cmake --install BUILD --prefix DIR`):
#
#   bin/decruft                                   the command
#   lib/libdecruft.a                              the library: decruft_core, one archive
#   include/decruft/decruft.hpp                   its public header (the only one)
#   lib/cmake/decruft/decruft{Config,ConfigVersion,Targets*}.cmake
#                                                 find_package(decruft) -> decruft::decruft
#   lib/pkgconfig/decruft.pc                      pkg-config --cflags --libs decruft
#   share/decruft/rules/                          the built-in rule files, for reference
#   share/man/man1/decruft.1                      the manual
#   share/bash-completion/completions/decruft     bash completion
#
# RE2 and toml++ are not bundled: the CMake package finds them again with
# pkg-config and find_dependency, the .pc file names them in Requires.
# tests/install/run.sh installs into a temporary prefix and builds consumers.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The library's version functions (src/api.cpp) report what --version does.
set_property(SOURCE ${CMAKE_SOURCE_DIR}/src/api.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  DECRUFT_VERSION="${PROJECT_VERSION}" DECRUFT_RULES_VERSION="${DECRUFT_RULES_VERSION}")

# Installed as libdecruft.a and exported as decruft::decruft. Position
# independent, so it can go into a shared object too (a Python extension).
set_target_properties(decruft_core PROPERTIES
  OUTPUT_NAME decruft
  EXPORT_NAME decruft
  POSITION_INDEPENDENT_CODE ON)

set(DECRUFT_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/decruft")

install(TARGETS decruft RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS decruft_core EXPORT decruftTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${CMAKE_SOURCE_DIR}/src/include/decruft/decruft.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/decruft)

# The CMake package.
install(EXPORT decruftTargets NAMESPACE decruft:: DESTINATION ${DECRUFT_CMAKE_DIR})
configure_package_config_file(
  ${CMAKE_SOURCE_DIR}/src/decruftConfig.cmake.in
  ${CMAKE_BINARY_DIR}/decruftConfig.cmake
  INSTALL_DESTINATION ${DECRUFT_CMAKE_DIR})
# 0.x: a minor version may break the interface.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/decruftConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/decruftConfig.cmake
              ${CMAKE_BINARY_DIR}/decruftConfigVersion.cmake
  DESTINATION ${DECRUFT_CMAKE_DIR})

# The pkg-config file, relocatable: paths are relative to the .pc file, so
# `cmake --install --prefix` anywhere gives a working file.
set(DECRUFT_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(DECRUFT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(DECRUFT_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH rel "/root/${DECRUFT_PC_DIR}" "/root")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  set(DECRUFT_PC_PREFIX "\${pcfiledir}/${rel}")
  set(DECRUFT_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(DECRUFT_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(DECRUFT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_SOURCE_DIR}/src/decruft.pc.in ${CMAKE_BINARY_DIR}/decruft.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/decruft.pc DESTINATION ${DECRUFT_PC_DIR})

# The rule files the binary embeds, for reference (and as a start for one's
# own). They are what the built binary exports (`rules export`), not the
# source tree at install time, so the installed files are the compiled-in
# rules even when rules/ moved on since the build.
set(DECRUFT_REFERENCE_DIR "${CMAKE_BINARY_DIR}/reference")
add_custom_command(TARGET decruft POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E rm -rf "${DECRUFT_REFERENCE_DIR}"
  COMMAND $<TARGET_FILE:decruft> rules export -o "${DECRUFT_REFERENCE_DIR}"
  COMMENT "Exporting the embedded rules for installation"
  VERBATIM)
install(DIRECTORY ${DECRUFT_REFERENCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/decruft/rules)
install(FILES ${CMAKE_SOURCE_DIR}/rules/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/decruft/rules)

install(FILES ${CMAKE_SOURCE_DIR}/src/doc/decruft.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/src/completion/decruft.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME decruft)
