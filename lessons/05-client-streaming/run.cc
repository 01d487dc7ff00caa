// Given: do not edit. The server and client programs of lesson 05.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iostream>

#include "client.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "sensor_service.h"

namespace lab::sensors {

int RunServer(int port) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  ReadingStore store;
  SensorServiceImpl sensors(store);
  grpc::ServerBuilder builder;
  builder.RegisterService(&sensors);
  // An upload still open when the server stops is cancelled after a grace period:
  // like any cancelled upload, it must store nothing.
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const std::string& target, const std::string& sensor_id,
              const std::vector<int>& values) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = SensorService::NewStub(channel);
  std::vector<Reading> readings;
  for (int value : values) {
    Reading reading;
    reading.set_sensor_id(sensor_id);
    reading.set_deci_celsius(value);
    readings.push_back(reading);
  }
  UploadSummary summary;
  grpc::Status status = SendReadings(*stub, readings, &summary);
  if (!status.ok()) {
    std::cerr << "UploadReadings failed: " << common::StatusCodeName(status.error_code())
              << ": " << status.error_message() << "\n";
    return 1;
  }
  std::cout << "uploaded " << summary.count() << " readings: min "
            << summary.min_deci_celsius() / 10.0 << " °C, max "
            << summary.max_deci_celsius() / 10.0 << " °C, mean "
            << summary.mean_deci_celsius() / 10.0 << " °C\n";
  return 0;
}

}  // namespace lab::sensors
