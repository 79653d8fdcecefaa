# The portable build (`make portable` -> build-portable/): a `decruft` that
# needs nothing at run time beyond glibc, libstdc++ and libgcc, for Hadoop
# and Spark workers and other bare machines.
#
#   RE2                  static (libre2.a), as in every build
#   Boost.Program_options  static (libboost_program_options.a)
#   toml++               header-only (TOML_HEADER_ONLY=1), not libtomlplusplus.so
#   zlib, libzstd, nettle  static (libz.a, libzstd.a, libnettle.a from their -dev packages)
#   simdjson             bundled: build-portable/libsimdjson.so.14 beside the
#                        binary, found through an $ORIGIN run path. Debian
#                        ships simdjson only as a shared library (no .a) and
#                        without the amalgamated simdjson.cpp; compiling it in
#                        would mean carrying upstream's sources in this
#                        repository. The bundled file is Debian's own, and it
#                        needs only libstdc++, libm, libgcc_s and libc.
#
# Ship build-portable/decruft-portable.tar.gz (the two files in a folder
# decruft/): tests/portable/bare_root.sh runs the binary in a root that
# holds only the dynamic loader, libc, libm, libstdc++ and libgcc_s.
#
# Included by CMakeLists.txt before its find_package() calls; the settings
# for the decruft target run at the end of the directory (DEFER).
option(DECRUFT_PORTABLE "build a decruft that needs only glibc, libstdc++ and libgcc" OFF)
if(NOT DECRUFT_PORTABLE)
  return()
endif()
message(STATUS "Portable build: static Boost, header-only toml++, simdjson bundled")

set(Boost_USE_STATIC_LIBS ON)
find_library(DECRUFT_ZLIB_STATIC libz.a REQUIRED)
find_library(DECRUFT_ZSTD_STATIC libzstd.a REQUIRED)
find_library(DECRUFT_NETTLE_STATIC libnettle.a REQUIRED)
# toml++'s package config defines its target only when there is none: this
# one is header-only.
find_path(DECRUFT_TOMLPP_INCLUDE toml++/toml.h REQUIRED)
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${DECRUFT_TOMLPP_INCLUDE}"
  INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1")
set(tomlplusplus_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE PATH "" FORCE)
set(tomlplusplus_FOUND TRUE)

function(decruft_portable_finish)
  # $ORIGIN alone (BUILD_RPATH would add an empty entry: the working directory).
  set_target_properties(decruft PROPERTIES BUILD_WITH_INSTALL_RPATH ON INSTALL_RPATH "\$ORIGIN")
  get_target_property(_sj simdjson::simdjson IMPORTED_LOCATION_RELWITHDEBINFO)
  if(NOT _sj)
    get_target_property(_sj simdjson::simdjson IMPORTED_LOCATION)
  endif()
  get_target_property(_sj_soname simdjson::simdjson IMPORTED_SONAME_RELWITHDEBINFO)
  if(NOT _sj_soname)
    get_filename_component(_sj_soname "${_sj}" NAME)
  endif()
  set(_pkg "${CMAKE_BINARY_DIR}/decruft-portable")
  add_custom_command(TARGET decruft POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy "${_sj}" "${CMAKE_BINARY_DIR}/${_sj_soname}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_pkg}/decruft"
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:decruft> "${CMAKE_BINARY_DIR}/${_sj_soname}" "${_pkg}/decruft/"
    COMMAND ${CMAKE_COMMAND} -E chdir "${_pkg}" ${CMAKE_COMMAND} -E tar czf "${CMAKE_BINARY_DIR}/decruft-portable.tar.gz" decruft
    COMMENT "Bundling ${_sj_soname} beside decruft (decruft-portable.tar.gz)")
endfunction()
cmake_language(DEFER CALL decruft_portable_finish)
