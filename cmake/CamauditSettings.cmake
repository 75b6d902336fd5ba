# camaudit_settings: language level and include root shared by every target.
add_library(camaudit_settings INTERFACE)
target_compile_features(camaudit_settings INTERFACE cxx_std_20)
target_include_directories(camaudit_settings INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/generated)
# Where the shipped knowledge base lives (tests, the binary's default --kb):
# <camaudit/source_paths.hpp>, generated.
configure_file(${PROJECT_SOURCE_DIR}/cmake/source_paths.hpp.in ${PROJECT_BINARY_DIR}/generated/camaudit/source_paths.hpp @ONLY)
target_compile_definitions(camaudit_settings INTERFACE CAMAUDIT_VERSION="${PROJECT_VERSION}")

# camaudit_warnings: warnings on everywhere; -Werror only when asked (dev preset, CI).
option(CAMAUDIT_WERROR "Treat warnings as errors" OFF)
add_library(camaudit_warnings INTERFACE)
target_compile_options(camaudit_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
  $<$<BOOL:${CAMAUDIT_WERROR}>:-Werror>)

# Adds the sources of one folder to a library and its *_test.cpp files to camaudit_tests.
# Usage: camaudit_component(TARGET camaudit_kb SOURCES a.cpp b.cpp TESTS a_test.cpp)
function(camaudit_component)
  cmake_parse_arguments(C "" "TARGET" "SOURCES;TESTS" ${ARGN})
  target_sources(${C_TARGET} PRIVATE ${C_SOURCES})
  if(TARGET camaudit_tests AND C_TESTS)
    target_sources(camaudit_tests PRIVATE ${C_TESTS})
    target_link_libraries(camaudit_tests PRIVATE ${C_TARGET})
  endif()
endfunction()
