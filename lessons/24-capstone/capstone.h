// Contract for lesson 24, the capstone: a gateway and two services, wired together from
// the pieces of earlier lessons. Given: do not edit. Your work is the wiring, in
// server_wiring.cc, channel_wiring.cc and edge.cc.
//
// Which earlier lesson each piece comes from (the build links YOUR lessonNN code into
// lesson24_*, and the reference solutions into solution24_*):
//   mutual TLS credentials      lesson 10  lab::tls::MakeMutualTls...Credentials
//   tokens (JWT) at the edge    lesson 11  lab::auth::VerifyToken
//   registry in etcd            lesson 17  lab::discovery::Registrar, Resolver
//   rate limit                  lesson 19  lab::resilience::RateLimiter
//   tracing                     lesson 20  lab::tracing interceptors and exporter
//   REST <-> gRPC               lesson 21  lab::gateway::BuildRequest, ResponseJson...
//   health, round_robin, retries: lessons 14, 16 and 18, as gRPC settings you write.
#pragma once

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "capstone.grpc.pb.h"
#include "collector.h"   // lesson 20
#include "registry.h"    // lesson 17
#include "resilience.h"  // lesson 19
#include "token.h"       // lesson 11
#include "tracing.h"     // lesson 20

namespace lab::capstone {

// Where the replicas register in etcd (lesson 17's layout: PREFIX + ADDRESS -> ADDRESS).
inline constexpr char kProductsPrefix[] = "/lab/capstone/products/";
inline constexpr char kInventoryPrefix[] = "/lab/capstone/inventory/";
// The audience of the tokens the gateway accepts (lesson 11: iss is lab::auth::kIssuer).
inline constexpr char kGatewayAudience[] = "capstone-gateway";
// How long a replica's etcd lease outlives a replica that died without deregistering.
inline constexpr std::chrono::seconds kLeaseTtl{2};

// The certificates of the system, in one folder (the lab's own, made by
// certs/gen-certs.sh): ca.pem signs everything; a service serves with server.pem/.key
// (names localhost and 127.0.0.1) and calls other services with client.pem/.key.
struct Certs {
  std::string dir;
  std::string ca() const { return dir + "/ca.pem"; }
  std::string server_cert() const { return dir + "/server.pem"; }
  std::string server_key() const { return dir + "/server.key"; }
  std::string client_cert() const { return dir + "/client.pem"; }
  std::string client_key() const { return dir + "/client.key"; }
};

// ---------------------------------------------------------------------------------
// Step 1 (server_wiring.cc): one replica's server.

// TODO(lesson24) step 1. Prepares `builder` for one replica of a service:
//   - mutual TLS (lesson 10): the replica proves itself with certs' server pair and
//     accepts only clients whose certificate ca.pem signed; the credentials go to
//     *credentials (the caller adds the listening port with them);
//   - tracing (lesson 20): the tracing server interceptor, with `tracer`, on every call;
//   - health (lesson 14): gRPC's own health service, which answers SERVING for "".
// Errors: those of the credentials (a certificate that cannot be read); then nothing
// else is done.
grpc::Status ConfigureServer(const Certs& certs, const lab::tracing::Tracer& tracer,
                             grpc::ServerBuilder* builder,
                             std::shared_ptr<grpc::ServerCredentials>* credentials);

// ---------------------------------------------------------------------------------
// Step 2 (channel_wiring.cc): a client's channel to the replicas of a service.

// TODO(lesson24) step 2. The service config (JSON) of a channel to the replicas of
// `service` (a full service name, "lab.capstone.Inventory"): every call spread over
// the ready replicas in turn (lesson 16), replicas whose health service (lesson 14,
// service name "") does not say SERVING left out, and every method of `service`
// retried (lesson 18) so that a replica killed while it holds calls costs no failed
// request: at least 3 attempts, short backoff (tens of milliseconds), and only the
// status codes that are safe to retry for a read (README: "Which failures to retry").
// Must pass grpc::experimental::ValidateServiceConfigJSON.
std::string ServiceConfigJson(const std::string& service);

// TODO(lesson24) step 3. A new channel to the replicas at `addresses` (each
// "127.0.0.1:PORT", at least one), through gRPC's ipv4 resolver (Ipv4Target below):
//   - mutual TLS (lesson 10): trusts certs.ca(), presents the client pair; the
//     certificate names "localhost", and an ipv4: target with several addresses names
//     no single host, so the TLS target name is overridden to "localhost";
//   - tracing (lesson 20): the tracing client interceptor, with `tracer`, so the trace
//     of the handler that makes the call goes on to the next hop;
//   - ServiceConfigJson(service) as the channel's service config.
// Errors: those of the credentials; *out is then left alone.
grpc::Status NewReplicaChannel(const std::vector<std::string>& addresses,
                               const std::string& service, const Certs& certs,
                               const lab::tracing::Tracer& tracer,
                               std::shared_ptr<grpc::Channel>* out);

// Given (replica_set.cc): "ipv4:127.0.0.1:1,127.0.0.1:2" for those two addresses.
std::string Ipv4Target(const std::vector<std::string>& addresses);

// ---------------------------------------------------------------------------------
// Step 4 (edge.cc): the gateway's edge, before any backend is called.

struct EdgePolicy {
  std::string token_key;                  // the HMAC key of the tokens (lesson 11)
  std::set<std::string> allowed_roles;    // roles that may read the catalogue
  lab::resilience::RateLimiter* limiter;  // one bucket per caller (lesson 19)
};

// TODO(lesson24) step 4. Decides whether one HTTP request may go on, in this order:
//   1. its "Authorization" header must be "Bearer <token>" with a token that
//      lab::auth::VerifyToken accepts for issuer lab::auth::kIssuer and audience
//      kGatewayAudience now; otherwise UNAUTHENTICATED (the gateway answers 401);
//   2. the token's role must be in policy.allowed_roles; otherwise PERMISSION_DENIED
//      (403);
//   3. the caller (the token's subject) must get a token from policy.limiter;
//      otherwise RESOURCE_EXHAUSTED (429) with *retry_after set to the limiter's wait.
// OK: *subject is the token's subject. The status messages say which check failed.
grpc::Status CheckEdge(const httplib::Request& request, const EdgePolicy& policy,
                       std::string* subject, std::chrono::milliseconds* retry_after);

// ---------------------------------------------------------------------------------
// Given (replica_set.cc): a client's view of one service's replicas, kept in step with
// etcd by lesson 17's Resolver. Each new list of addresses gets a new channel from
// NewReplicaChannel (lesson 16's lesson: a channel cannot be handed new addresses).
class ReplicaSet {
 public:
  ReplicaSet(std::shared_ptr<grpc::Channel> etcd, std::string prefix, std::string service,
             Certs certs, lab::tracing::Tracer tracer);
  ~ReplicaSet();  // stops the resolver

  // The current channel, nullptr until etcd listed a replica.
  std::shared_ptr<grpc::Channel> Get() const;
  // Waits until etcd listed a replica, at most `timeout`. True if it did.
  bool WaitForReplicas(std::chrono::milliseconds timeout) const;

 private:
  void Update(std::vector<std::string> addresses);

  const std::string service_;
  const Certs certs_;
  const lab::tracing::Tracer tracer_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<std::string> addresses_;      // guarded by mu_
  std::shared_ptr<grpc::Channel> channel_;  // guarded by mu_
  lab::discovery::Resolver resolver_;       // last: starts after the rest exists
};

// ---------------------------------------------------------------------------------
// Given (roles.cc): the system's programs. Each takes the flags below, prints
// "listening on 127.0.0.1:PORT" once it serves, and stops on SIGINT/SIGTERM.
//   products / inventory: --name products-1 --etcd TARGET --certs DIR
//                         [--collector URL] [--port 0]
//   gateway:              --etcd TARGET --certs DIR --token-key KEY [--collector URL]
//                         [--port 0] [--rate-burst 20] [--rate-per-second 10]
// A service serves, registers in etcd (a lease of kLeaseTtl), and on a stop signal
// deregisters FIRST, then drains its calls. Products calls inventory; the gateway serves
// GET /v1/products/{id} (and GET /healthz) over HTTP and calls products.
int RoleMain(const std::string& role, int argc, char** argv);

// ---------------------------------------------------------------------------------
// Given (system.cc): the whole system as child processes, for lesson24_up and the tests.
class System {
 public:
  struct Options {
    // The command line that runs a role's program, before its flags: e.g.
    // {"build/bin/lesson24_products"}.
    std::function<std::vector<std::string>(const std::string& role)> command;
    // An environment entry "NAME=VALUE" every child gets ("" = none).
    std::string child_env;
    std::string certs_dir;   // "" = make certificates with certs/gen-certs.sh
    int replicas = 2;        // of each service
    double rate_burst = 20;  // the gateway's rate limit (lesson 19's bucket)
    double rate_per_second = 10;
    std::chrono::milliseconds start_timeout{20000};  // for each process to be ready
  };

  struct Process {
    std::string name;     // "products-1", "gateway", "etcd"
    std::string role;     // "products", "inventory", "gateway", "etcd"
    pid_t pid = -1;       // -1 once stopped and reaped
    std::string address;  // "127.0.0.1:PORT" (etcd: its unix socket)
    std::string output;   // what it printed so far
  };

  explicit System(Options options);
  ~System();  // Stop()
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  // Starts etcd, the span collector, the inventory and products replicas and the
  // gateway, in that order, each ready (listening, and a service's health SERVING)
  // before the next. Errors: which process did not get ready, and what it printed.
  grpc::Status Start();
  // Starts one more replica of `role` ("products", "inventory"), ready and registered.
  grpc::Status AddReplica(const std::string& role, std::string* name);
  // SIGKILL to one process (a crash: it cannot deregister), and reaps it.
  grpc::Status Kill(const std::string& name);
  // Turns one service replica's health to NOT_SERVING (SIGUSR1; the replica goes on
  // serving calls) and returns once its health service says so (a Watch, 5 s at most).
  grpc::Status MarkNotServing(const std::string& name);
  // SIGTERM to every child (the gateway first, etcd last), SIGKILL to any that has not
  // exited after a grace period; reaps them all and removes the temporary folder.
  void Stop();

  // One line per process: name, pid, address, health (asked now, with a deadline).
  std::string StatusTable();
  // The health of one process now: "SERVING", or why not.
  std::string Health(const std::string& name);

  // A snapshot of every process started so far (stopped ones have pid -1).
  std::vector<Process> processes() const;
  // The address of a process by name ("" if there is none).
  std::string Address(const std::string& name) const;
  pid_t Pid(const std::string& name) const;
  std::string gateway_url() const;  // "http://127.0.0.1:PORT"
  const Certs& certs() const { return certs_; }
  lab::tracing::SpanCollector& collector() { return *collector_; }
  // A signed token for the gateway (lesson 11's SignToken), valid for an hour.
  std::string Token(const std::string& subject, const std::string& role) const;

 private:
  struct Child;
  grpc::Status StartEtcd();
  grpc::Status StartChild(const std::string& role, const std::string& name,
                          const std::vector<std::string>& flags);
  grpc::Status Launch(Child* child, const std::vector<std::string>& argv,
                      const std::string& work_dir);
  grpc::Status WaitReady(Child* child);
  void DrainLoop();
  void StopChild(Child* child, std::chrono::milliseconds grace);
  Child* FindChild(const std::string& name) const;
  std::shared_ptr<grpc::Channel> ChannelTo(const Process& process) const;

  Options options_;
  std::string dir_;  // the temporary folder: etcd's data, certificates
  Certs certs_;
  std::string token_key_;
  std::string etcd_target_;
  std::unique_ptr<lab::tracing::SpanCollector> collector_;
  mutable std::mutex mu_;
  std::condition_variable output_changed_;
  std::vector<std::unique_ptr<Child>> children_;  // guarded by mu_ (the list)
  std::map<std::string, int> counts_;             // replicas started, by role
  std::atomic<bool> draining_{true};
  std::thread drain_thread_;  // reads every child's output
};

}  // namespace lab::capstone
