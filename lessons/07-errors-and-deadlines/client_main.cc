// Given: do not edit.
// build/bin/lesson07_client --target 127.0.0.1:50051 --order O1 --product P1001 -n 2
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 07 client: places (and prepares) an order"};
  lab::errors::ClientArgs args;
  int timeout_ms = static_cast<int>(args.timeout.count());
  app.add_option("--target", args.target, "server address, e.g. 127.0.0.1:50051")
      ->required();
  app.add_option("--order", args.order_id, "order id, e.g. O1");
  app.add_option("--product", args.product_id, "product id, e.g. P1001");
  app.add_option("-n,--quantity", args.quantity, "how many units");
  app.add_flag("--prepare", args.prepare, "then call PrepareOrder (slow)");
  app.add_option("--timeout-ms", timeout_ms, "deadline of each call, in ms");
  app.add_flag("--wait-for-ready", args.wait_for_ready,
               "wait for the server to come up instead of failing at once");
  CLI11_PARSE(app, argc, argv);
  args.timeout = std::chrono::milliseconds(timeout_ms);
  return lab::errors::RunClient(args);
}
