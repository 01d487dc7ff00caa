// Given: do not edit.
// build/bin/lesson18_client --target 127.0.0.1:50051 --account alice --amount 5
#include <CLI/CLI.hpp>

#include "retries.h"
#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 18 client: one Deposit, retried by gRPC within one deadline"};
  std::string target;
  std::string account = "alice";
  int64_t amount = 1;
  int timeout_ms = static_cast<int>(lab::retries::kDepositTimeout.count());
  app.add_option("--target", target, "e.g. 127.0.0.1:50051")->required();
  app.add_option("--account", account, "the account to deposit into");
  app.add_option("--amount", amount, "how much to deposit");
  app.add_option("--timeout-ms", timeout_ms, "one deadline for all attempts, in ms");
  CLI11_PARSE(app, argc, argv);
  return lab::retries::RunClient(target, account, amount,
                                 std::chrono::milliseconds(timeout_ms));
}
