// The one Catch2 main: owns the embedded interpreter for every unit test in this binary.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "python/interpreter.h"

int main(int argc, char* argv[]) {
  pyspace::python::Interpreter interpreter;
  return Catch::Session().run(argc, argv);
}
