// Given: do not edit.
// build/bin/lesson17_server --name b1 --etcd 127.0.0.1:23790 [--prefix /lab/backend/]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 17 server: a Backend that registers itself in etcd"};
  lab::discovery::ServerArgs args;
  int ttl = 2;
  app.add_option("--name", args.name, "what Which answers, e.g. b1");
  app.add_option("--port", args.port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--etcd", args.etcd,
                 "etcd's gRPC target, e.g. 127.0.0.1:23790 (none: not registered)");
  app.add_option("--prefix", args.prefix, "the registry's key prefix");
  app.add_option("--ttl", ttl, "lease TTL in seconds (etcd grants at least 2)");
  CLI11_PARSE(app, argc, argv);
  args.ttl = std::chrono::seconds(ttl);
  return lab::discovery::RunServer(args);
}
