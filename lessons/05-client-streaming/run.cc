// Given: do not edit. The server and client programs of lesson 05.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "client.h"
#include "sensor_service.h"

namespace lab::sensors {

int RunServer(int port) {
  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  ReadingStore store;
  SensorServiceImpl sensors(store);

  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&sensors);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes
  server->Wait();
  return 0;
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
    std::cerr << "UploadReadings failed: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "uploaded " << summary.count() << " readings: min "
            << summary.min_deci_celsius() / 10.0 << " °C, max "
            << summary.max_deci_celsius() / 10.0 << " °C, mean "
            << summary.mean_deci_celsius() / 10.0 << " °C\n";
  return 0;
}

}  // namespace lab::sensors
