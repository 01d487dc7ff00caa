// Given: do not edit. build/bin/lesson02_dump [--temperature-centi -1 ...]
// Prints the sample reading (README.md) encoded by your wire.cc; flags change fields.
#include <CLI/CLI.hpp>
#include <iostream>

#include "dump.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 02: encode a sensor reading by hand and show its bytes"};
  lab::wire::Reading reading = lab::wire::SampleReading();
  bool clear = false;
  app.add_flag("--clear", clear, "start from an empty reading, not the sample");
  app.add_option("--device-id", reading.device_id, "field 1, a string");
  app.add_option("--timestamp-ms", reading.timestamp_ms, "field 2, a uint64");
  app.add_option("--temperature-centi", reading.temperature_centi, "field 3, a sint32");
  app.add_option("--samples", reading.samples, "field 4, uint32s: --samples 1,2,300")
      ->delimiter(',');
  app.add_option("--rssi-dbm", reading.rssi_dbm, "field 16, an int32");
  CLI11_PARSE(app, argc, argv);
  if (clear) {
    // Keep only what was given on the command line.
    lab::wire::Reading given;
    if (app.count("--device-id")) given.device_id = reading.device_id;
    if (app.count("--timestamp-ms")) given.timestamp_ms = reading.timestamp_ms;
    if (app.count("--temperature-centi")) {
      given.temperature_centi = reading.temperature_centi;
    }
    if (app.count("--samples")) given.samples = reading.samples;
    if (app.count("--rssi-dbm")) given.rssi_dbm = reading.rssi_dbm;
    reading = given;
  }
  return lab::wire::RunDump(reading, std::cout);
}
