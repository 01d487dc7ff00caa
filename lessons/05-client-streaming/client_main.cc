// Given: do not edit.
// build/bin/lesson05_client --target 127.0.0.1:50051 --sensor kitchen --values
// 215,198,230
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 05 client: uploads temperature readings"};
  std::string target;
  std::string sensor = "kitchen";
  std::vector<int> values;
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--sensor", sensor, "sensor id for every reading")
      ->capture_default_str();
  app.add_option("--values", values, "readings in tenths of a degree, e.g. 215,198")
      ->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  return lab::sensors::RunClient(target, sensor, values);
}
