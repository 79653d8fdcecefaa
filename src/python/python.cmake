# The Python module `decruft` (pybind11), for Debian's own python3.
#
#   build/python/decruft/__init__.py, __init__.pyi, py.typed   the package
#   build/python/decruft/_decruft.cpython-*.so                 the binding
#
# PYTHONPATH=build/python /usr/bin/python3 -c 'import decruft' imports it;
# `make install` puts the package where Debian's python3 looks under the
# prefix (lib/python3/dist-packages for /usr, lib/python3.X/dist-packages
# else; DECRUFT_PYTHON_INSTALL_DIR overrides).
#
# DECRUFT_PYTHON is the interpreter built for: /usr/bin/python3, the one apt's
# python3-* packages (pybind11, dask) install for, whatever python3 comes
# first on PATH. The module links decruft_core (position independent, see
# install.cmake) but the shared libre2: Debian's libre2.a is not built
# position independent, so a shared object cannot take it (RE2's slow-path
# hooks are then off in the module: Result.warning stays empty).
# The portable build is the command alone; a sanitizer build's extension
# could not be loaded into an uninstrumented python3.
if(DECRUFT_PORTABLE OR DECRUFT_SANITIZE)
  return()
endif()
set(DECRUFT_PYTHON "/usr/bin/python3" CACHE FILEPATH "the Python the module is built for")
if(NOT EXISTS "${DECRUFT_PYTHON}")
  message(STATUS "Python module: no ${DECRUFT_PYTHON}, not built")
  return()
endif()
set(Python_EXECUTABLE "${DECRUFT_PYTHON}")
set(PYBIND11_FINDPYTHON ON)
find_package(pybind11 CONFIG QUIET)
if(NOT pybind11_FOUND)
  message(STATUS "Python module: no pybind11 (Debian: pybind11-dev), not built")
  return()
endif()
message(STATUS "Python module: for ${Python_EXECUTABLE} ${Python_VERSION}")

set(DECRUFT_PY_DIR "${CMAKE_BINARY_DIR}/python/decruft")
pybind11_add_module(decruft_python MODULE NO_EXTRAS ${CMAKE_SOURCE_DIR}/src/python/module.cpp)
set_target_properties(decruft_python PROPERTIES
  OUTPUT_NAME _decruft
  LIBRARY_OUTPUT_DIRECTORY "${DECRUFT_PY_DIR}"
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_compile_options(decruft_python PRIVATE -Wall -Wextra)
# decruft_core's archive by its file, not the target: the target would bring
# libre2.a along.
add_dependencies(decruft_python decruft_core)
target_include_directories(decruft_python PRIVATE ${CMAKE_SOURCE_DIR}/src/include)
target_link_libraries(decruft_python PRIVATE
  $<TARGET_FILE:decruft_core> PkgConfig::RE2 tomlplusplus::tomlplusplus Threads::Threads)
target_link_options(decruft_python PRIVATE -Wl,--exclude-libs,ALL)

foreach(f __init__.py __init__.pyi py.typed)
  configure_file(${CMAKE_SOURCE_DIR}/src/python/decruft/${f} ${DECRUFT_PY_DIR}/${f} COPYONLY)
endforeach()

# Debian's python3 reads lib/python3/dist-packages under /usr and
# lib/python3.X/dist-packages under /usr/local (and other prefixes): chosen
# at install time, from the prefix `cmake --install --prefix` is given.
string(REGEX MATCH "^[0-9]+\\.[0-9]+" _decruft_py_ver "${Python_VERSION}")
set(DECRUFT_PYTHON_INSTALL_DIR "" CACHE STRING
    "where `make install` puts the Python package, under the prefix (empty: as Debian's python3 reads it)")
install(CODE "
  set(_dir \"${DECRUFT_PYTHON_INSTALL_DIR}\")
  if(NOT _dir)
    if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      set(_dir lib/python3/dist-packages)
    else()
      set(_dir lib/python${_decruft_py_ver}/dist-packages)
    endif()
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${_dir}/decruft\" TYPE FILES FILES
       \"${DECRUFT_PY_DIR}/__init__.py\" \"${DECRUFT_PY_DIR}/__init__.pyi\" \"${DECRUFT_PY_DIR}/py.typed\")
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${_dir}/decruft\" TYPE SHARED_LIBRARY FILES
       \"$<TARGET_FILE:decruft_python>\")
")

if(BUILD_TESTING)
  set(_py_env "PYTHONPATH=${CMAKE_BINARY_DIR}/python" "DECRUFT_BIN=$<TARGET_FILE:decruft>"
      "DECRUFT_SHARED=${CMAKE_SOURCE_DIR}/../shared" "DECRUFT_SOURCE=${CMAKE_SOURCE_DIR}"
      "PYTHONDONTWRITEBYTECODE=1")
  add_test(NAME python.module
           COMMAND ${DECRUFT_PYTHON} -m pytest -q -p no:cacheprovider
                   ${CMAKE_SOURCE_DIR}/tests/python/test_module.py)
  add_test(NAME python.dask
           COMMAND ${DECRUFT_PYTHON} -m pytest -q -p no:cacheprovider
                   ${CMAKE_SOURCE_DIR}/tests/python/test_dask.py)
  set_tests_properties(python.module python.dask PROPERTIES ENVIRONMENT "${_py_env}")
  set_tests_properties(python.dask PROPERTIES TIMEOUT 180 RUN_SERIAL ON)
endif()
