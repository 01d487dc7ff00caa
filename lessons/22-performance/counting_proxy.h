// A TCP relay that counts what crosses it: connections and bytes in each direction.
// Put it between a client and a server (the client dials proxy.address()) to see what
// really went over the wire. The benchmark and the graded tests use it. Given: do not
// edit.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lab::perf {

class CountingProxy {
 public:
  // Relays every connection made to 127.0.0.1:<a free port> to `upstream_port` on
  // 127.0.0.1. Check ok() (false, with error(), if it could not listen).
  explicit CountingProxy(int upstream_port);
  ~CountingProxy();  // closes every relayed connection
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  const std::string& error() const { return error_; }
  std::string address() const;  // "127.0.0.1:PORT": where clients connect

  int connections() const { return connections_.load(); }    // accepted so far
  int64_t bytes_up() const { return bytes_up_.load(); }      // client -> server
  int64_t bytes_down() const { return bytes_down_.load(); }  // server -> client

 private:
  void AcceptLoop();
  void Relay(int client_fd);

  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};  // a pipe: writing to it stops every thread
  std::string error_;
  std::atomic<int> connections_{0};
  std::atomic<int64_t> bytes_up_{0};
  std::atomic<int64_t> bytes_down_{0};
  std::mutex mu_;
  std::vector<std::thread> relays_;
  std::thread acceptor_;
};

}  // namespace lab::perf
