// Given: do not edit.
// build/bin/lesson23_client --server_host 127.0.0.1 --server_port 50051
//                           --test_case large_unary
#include <CLI/CLI.hpp>

#include "interop_client.h"
#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 23 interop client: runs one standard case against a TestService"};
  std::string host = "127.0.0.1";
  int port = 0;
  std::string test_case;
  app.add_option("--server_host", host, "server host name or address");
  app.add_option("--server_port", port, "server port")->required();
  app.add_option("--test_case", test_case, "the case to run")
      ->required()
      ->check(CLI::IsMember(lab::interop::CaseNames()));
  CLI11_PARSE(app, argc, argv);
  return lab::interop::RunClient(host, port, test_case);
}
