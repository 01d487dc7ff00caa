// Given: do not edit. build/bin/lesson20_client --target 127.0.0.1:50051 --sku apple
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 20 client: places one traced order at the gateway"};
  std::string target = "127.0.0.1:50051";
  std::string sku = "apple";
  int quantity = 1;
  std::string zipkin = "http://127.0.0.1:9411";
  app.add_option("--target", target, "the gateway");
  app.add_option("--sku", sku, "what to order (apple, pear; anything else is unknown)");
  app.add_option("--quantity", quantity, "how many");
  app.add_option("--zipkin", zipkin, "where spans go (Zipkin v2: POST /api/v2/spans)");
  CLI11_PARSE(app, argc, argv);
  return lab::tracing::RunClient(target, sku, quantity, zipkin);
}
