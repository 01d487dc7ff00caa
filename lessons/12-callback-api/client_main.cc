// Given: do not edit.
// build/bin/lesson12_client --target 127.0.0.1:50051 --room lobby --name Ada
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 12 client: chat in a room, one line of stdin per message"};
  std::string target;
  std::string room = "lobby";
  std::string name;
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--room", room, "the room to join")->capture_default_str();
  app.add_option("--name", name, "your name in the room")->required();
  CLI11_PARSE(app, argc, argv);
  return lab::chat::RunClient(target, room, name);
}
