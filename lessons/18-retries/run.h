// The programs around the ledger: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lab::retries {

// Serves a LedgerService on 127.0.0.1:port (0 = any free port), with reflection, until
// SIGINT or SIGTERM. With fail_first > 0, the first `fail_first` attempts of every
// call fail with UNAVAILABLE before the ledger sees them, so that you can watch the
// client retry. Prints "listening on 127.0.0.1:PORT" once ready, and one line per
// attempt. Returns the process exit code.
int RunServer(int port, int fail_first);

// Makes one Deposit on a NewLedgerChannel with LedgerServiceConfig() and prints the
// balance, or the status. Returns 0 on OK, else the status code.
int RunClient(const std::string& target, const std::string& account, int64_t amount,
              std::chrono::milliseconds timeout);

}  // namespace lab::retries
