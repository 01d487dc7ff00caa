// lesson24_up: the whole capstone on this machine, until Ctrl-C (capstone.h, System).
// Given: do not edit.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "capstone.h"
#include "common/serve.h"

int main(int argc, char** argv) {
  CLI::App app{"lesson 24: etcd, 2 inventory and 2 products replicas and the gateway"};
  lab::capstone::System::Options options;
  app.add_option("--replicas", options.replicas, "replicas of each service");
  app.add_option("--certs", options.certs_dir,
                 "certificate folder (default: new ones from certs/gen-certs.sh)");
  app.add_option("--rate-burst", options.rate_burst, "the gateway's burst per caller");
  app.add_option("--rate-per-second", options.rate_per_second,
                 "the gateway's refill per caller and second");
  CLI11_PARSE(app, argc, argv);
  // Before any thread exists: Ctrl-C and SIGTERM are then waited for below, never
  // delivered to a random thread.
  lab::common::BlockStopSignals();

  // The programs next to this one, of the same build: lesson24_up runs lesson24_*.
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
  std::string prefix = self.filename().string();
  prefix = prefix.substr(0, prefix.rfind("_up"));
  const std::string dir = self.parent_path().string();
  for (const char* role : {"products", "inventory", "gateway"}) {
    const std::string program = dir + "/" + prefix + "_" + role;
    if (!std::filesystem::exists(program)) {
      std::cerr << program << " is missing: cmake --build build --target " << prefix
                << "_products " << prefix << "_inventory " << prefix << "_gateway"
                << std::endl;
      return 1;
    }
  }
  options.command = [=](const std::string& role) {
    return std::vector<std::string>{dir + "/" + prefix + "_" + role};
  };

  lab::capstone::System system(options);
  std::cout << "starting etcd, the collector, " << options.replicas
            << " inventory and products replicas and the gateway..." << std::endl;
  grpc::Status status = system.Start();
  if (!status.ok()) {
    std::cerr << "the system did not start: " << status.error_message() << std::endl;
    return 1;  // ~System stops what did start
  }
  std::cout << "\n" << system.StatusTable() << "\n";
  const std::string url = system.gateway_url();
  std::cout << "Try (each line is one command):\n"
            << "  curl -i -H 'Authorization: Bearer " << system.Token("alice", "viewer")
            << "' " << url << "/v1/products/p-100\n"
            << "  curl -i " << url << "/v1/products/p-100        # no token: 401\n"
            << "  curl -i -H 'Authorization: Bearer " << system.Token("bob", "intern")
            << "' " << url << "/v1/products/p-100   # role intern: 403\n"
            << "Traces: " << system.collector().url()
            << " collects them; Ctrl-C prints the last trace and stops everything.\n"
            << std::endl;

  lab::common::WaitForStopSignal();
  std::vector<lab::tracing::CollectedSpan> spans = system.collector().Spans();
  if (!spans.empty()) {
    std::cout << "\nthe last trace:\n"
              << lab::tracing::Waterfall(spans, spans.back().trace_id) << std::endl;
  }
  std::cout << "stopping: the gateway, then products, then inventory, then etcd"
            << std::endl;
  system.Stop();
  for (const auto& p : system.processes()) {
    if (p.pid > 0) std::cout << p.name << " still running, pid " << p.pid << std::endl;
  }
  std::cout << "stopped; nothing left running" << std::endl;
  return 0;
}
