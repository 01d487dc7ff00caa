// Given: do not edit.
// build/bin/lesson16_client --target ipv4:127.0.0.1:50051,127.0.0.1:50052 -n 30
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 16 client: spreads Which calls over backends"};
  lab::balancing::ClientArgs args;
  std::string policy = "round_robin";
  int hold_ms = 0;
  int timeout_ms = static_cast<int>(args.timeout.count());
  app.add_option("--target", args.target,
                 "e.g. ipv4:127.0.0.1:50051,127.0.0.1:50052 or dns:///localhost:50051")
      ->required();
  app.add_option("--policy", policy, "round_robin or pick_first")
      ->check(CLI::IsMember({"round_robin", "pick_first"}));
  app.add_option("--health-service", args.options.health_service,
                 "skip backends whose health service does not say this is SERVING");
  app.add_option("-n,--calls", args.calls, "how many calls, one after the other");
  app.add_option("--hold-ms", hold_ms, "how long each call stays on its backend");
  app.add_option("--timeout-ms", timeout_ms, "deadline of each call, in ms");
  CLI11_PARSE(app, argc, argv);
  args.options.policy = policy == "pick_first" ? lab::balancing::Policy::kPickFirst
                                               : lab::balancing::Policy::kRoundRobin;
  args.hold = std::chrono::milliseconds(hold_ms);
  args.timeout = std::chrono::milliseconds(timeout_ms);
  return lab::balancing::RunClient(args);
}
