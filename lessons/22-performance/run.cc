// Given: do not edit. The server program of lesson 22.
#include "run.h"

#include "common/serve.h"
#include "perf_service.h"

namespace lab::perf {

int RunServer(int port, int max_message_bytes) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  PerfService service;
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  ConfigureServer(builder, ServerTuning{max_message_bytes});
  return common::ServeUntilStopped(builder, port);
}

}  // namespace lab::perf
