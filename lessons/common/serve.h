// Given: shared by the server programs of lessons 04 onwards (lesson 03 writes the same
// steps out in its run.cc). Not a lesson: nothing here is for the learner to edit.
//
// A server program's life: block the stop signals, build the services, start the
// server, print where it listens, wait for SIGINT (Ctrl-C) or SIGTERM (`kill`, a
// container stopping), then shut down so that calls already running can finish.
// A RunServer() using this file:
//
//   int RunServer(int port) {
//     lab::common::BlockStopSignals();  // first, before any gRPC object exists
//     MyServiceImpl service;
//     grpc::ServerBuilder builder;
//     builder.RegisterService(&service);
//     return lab::common::ServeUntilStopped(builder, port);
//   }
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace lab::common {

// How long calls still running when a stop signal arrives may go on before gRPC
// cancels them. Short calls finish well within it; a stream that only ends when its
// client leaves (a feed, a chat) is cut at its end.
inline constexpr std::chrono::milliseconds kStopGrace{1000 /* 1 s */};

// Blocks SIGINT and SIGTERM in the calling thread. Threads inherit the blocked set
// of the thread that starts them, so every thread started afterwards, gRPC's own
// included, blocks them too, and the signals wait until ServeUntilStopped() takes
// them with sigwait(). Call it first in RunServer(), before anything creates
// credentials, a channel or a thread: gRPC starts threads of its own then, and a
// SIGTERM handed to a thread that does not block it ends the whole process at once,
// calls and all.
void BlockStopSignals();

// Blocks until SIGINT or SIGTERM arrives (one that came earlier is still pending and
// returns at once), for a program that serves something else than a grpc::Server (an
// HTTP gateway, a set of child processes). Needs BlockStopSignals() first. Returns the
// signal's name, for the log.
std::string WaitForStopSignal();

// Serves what the caller registered on `builder`, until SIGINT or SIGTERM:
//   - adds the listening port 127.0.0.1:`port` (0: the OS picks a free one) with
//     `credentials` (nullptr: plaintext) and gRPC's reflection service, so that any
//     gRPC tool (build/bin/grpc-call) can ask the server what it serves;
//   - builds and starts the server, then prints "listening on 127.0.0.1:PORT"
//     (flushed) with the port it got;
//   - waits for SIGINT or SIGTERM, then StopServer(server, grace).
// Returns the process exit code: 0 after a clean stop; 1, after saying why on
// stderr, if the server could not start (the port is taken, say) or if
// BlockStopSignals() was not called first.
//
// `hooks` replace two of those steps for a server that needs more (lesson 14 starts
// with a health service, and drains instead of a plain stop); an empty one keeps the
// default.
struct ServeHooks {
  // Builds and starts the server from the prepared builder; nullptr if it did not
  // start (after saying why on stderr). Default: builder.BuildAndStart().
  std::function<std::unique_ptr<grpc::Server>(grpc::ServerBuilder&)> start;
  // Stops the server after a stop signal. Default: StopServer(server, grace).
  std::function<void(grpc::Server&, std::chrono::milliseconds grace)> stop;
};
int ServeUntilStopped(grpc::ServerBuilder& builder, int port,
                      std::shared_ptr<grpc::ServerCredentials> credentials = nullptr,
                      std::chrono::milliseconds grace = kStopGrace,
                      const ServeHooks& hooks = {});

// Shuts `server` down with a deadline `grace` from now (gRPC 1.51):
//   - at once it stops listening, so new calls fail with UNAVAILABLE;
//   - calls already running go on; once they have all returned, it is done;
//   - calls still open at the deadline are cancelled: their clients get an error
//     (UNAVAILABLE) and their handlers see IsCancelled(), Read() and Write() fail;
//   - it returns when every handler has returned. A handler that never looks at
//     cancellation keeps the process alive past the deadline, until it returns.
// Afterwards the server can be destroyed.
void StopServer(grpc::Server& server, std::chrono::milliseconds grace = kStopGrace);

}  // namespace lab::common
