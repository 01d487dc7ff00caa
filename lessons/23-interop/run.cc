// Given: do not edit. The server and client programs of lesson 23.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iostream>

#include "common/serve.h"
#include "common/status_name.h"
#include "interop_client.h"
#include "test_service.h"

namespace lab::interop {

int RunServer(int port) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  TestServiceImpl service;
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const std::string& host, int port, const std::string& test_case) {
  auto channel = grpc::CreateChannel(host + ":" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());
  auto stub = grpc::testing::TestService::NewStub(channel);
  const grpc::Status status = RunCase(*stub, test_case);
  if (!status.ok()) {
    std::cerr << "FAILED: " << test_case << ": "
              << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "OK: " << test_case << std::endl;
  return 0;
}

}  // namespace lab::interop
