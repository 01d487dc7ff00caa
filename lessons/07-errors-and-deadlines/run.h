// The programs around the services: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <string>

#include "order_service.h"

namespace lab::errors {

// Starts InventoryService (DefaultStock) on a port of its own, then serves
// OrderService on 127.0.0.1:port (0 = any free port) with `prepare_time` per
// PrepareOrder, both with server reflection, until SIGINT or SIGTERM; then stops both
// cleanly (calls in flight get a grace period, then are cancelled). Prints
// "listening on 127.0.0.1:PORT" for the order service once ready.
// Returns the process exit code.
int RunServer(int port, std::chrono::milliseconds prepare_time = kPrepareTime);

struct ClientArgs {
  std::string target;
  std::string order_id;
  std::string product_id;
  int quantity = 1;
  bool prepare = false;  // then also call PrepareOrder for order_id
  std::chrono::milliseconds timeout{2000};
  bool wait_for_ready = false;
};

// Places an order with PlaceOrder (client.cc) and prints the reply, or the error and
// its field violations; with `prepare`, then calls PrepareOrder. Returns 0 when every
// call succeeded, otherwise the gRPC status code of the first failure.
int RunClient(const ClientArgs& args);

}  // namespace lab::errors
