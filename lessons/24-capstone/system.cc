// Given: do not edit. The whole system as child processes (capstone.h, System), for
// lesson24_up and the graded tests.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <regex>
#include <sstream>

#include "capstone.h"
#include "common/status_name.h"
#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

extern char** environ;

#ifndef LAB_GEN_CERTS
#define LAB_GEN_CERTS "certs/gen-certs.sh"
#endif

namespace lab::capstone {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct System::Child {
  Process process;
  int fd = -1;  // the read end of its output pipe; -1 once it closed (it exited)
};

namespace {

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string RandomHex(int bytes) {
  std::random_device random;
  std::ostringstream out;
  for (int i = 0; i < bytes; ++i) {
    out << std::hex << std::setw(2) << std::setfill('0') << (random() & 0xff);
  }
  return out.str();
}

std::string Tail(const std::string& text) {
  return text.size() > 3000 ? "..." + text.substr(text.size() - 3000) : text;
}

}  // namespace

System::System(Options options) : options_(std::move(options)) {
  std::string dir = (std::filesystem::temp_directory_path() / "lab24-XXXXXX").string();
  if (mkdtemp(dir.data()) != nullptr) dir_ = dir;
  token_key_ = RandomHex(32);
  drain_thread_ = std::thread([this] { DrainLoop(); });
}

System::~System() {
  Stop();
  draining_ = false;
  drain_thread_.join();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

// One thread reads every child's output, so that no child ever blocks on a full pipe,
// and wakes whoever waits for a line ("listening on ...") or an exit (end of file).
void System::DrainLoop() {
  while (draining_) {
    std::vector<pollfd> fds;
    std::vector<Child*> owners;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& child : children_) {
        if (child->fd >= 0) {
          fds.push_back({child->fd, POLLIN, 0});
          owners.push_back(child.get());
        }
      }
    }
    // A short timeout: new children join the list, and the destructor ends the loop.
    if (poll(fds.data(), fds.size(), 50) <= 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        owners[i]->process.output.append(buffer, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        owners[i]->fd = -1;
      }
    }
    output_changed_.notify_all();
  }
}

grpc::Status System::Launch(Child* child, const std::vector<std::string>& argv,
                            const std::string& work_dir) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "pipe failed");
  }
  // Everything the child needs is made before fork: after it, only
  // async-signal-safe calls until exec.
  std::vector<std::string> args = argv;
  std::vector<char*> arg_ptrs;
  for (std::string& a : args) arg_ptrs.push_back(a.data());
  arg_ptrs.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  if (!options_.child_env.empty()) env.push_back(options_.child_env);
  std::vector<char*> env_ptrs;
  for (std::string& e : env) env_ptrs.push_back(e.data());
  env_ptrs.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) return grpc::Status(grpc::StatusCode::INTERNAL, "fork failed");
  if (pid == 0) {
    // Dies with its parent (a crashed test, a killed lesson24_up); its own process
    // group, so a Ctrl-C in the terminal reaches lesson24_up only, which stops the
    // children in order; stop signals unblocked (lesson24_up blocks them).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    if (!work_dir.empty() && chdir(work_dir.c_str()) != 0) _exit(127);
    execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    execvpe(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());  // etcd: on PATH
    _exit(127);
  }
  close(pipe_fds[1]);
  std::lock_guard<std::mutex> lock(mu_);
  child->process.pid = pid;
  child->fd = pipe_fds[0];
  return grpc::Status::OK;
}

// Waits for "listening on 127.0.0.1:PORT" (then sets the address) or the child's end.
grpc::Status System::WaitReady(Child* child) {
  static const std::regex listening("listening on (127\\.0\\.0\\.1:[0-9]+)\\n");
  std::unique_lock<std::mutex> lock(mu_);
  std::smatch match;
  const bool seen = output_changed_.wait_for(lock, options_.start_timeout, [&] {
    return std::regex_search(child->process.output, match, listening) || child->fd < 0;
  });
  if (seen && !match.empty()) {
    child->process.address = match[1];
    return grpc::Status::OK;
  }
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      child->process.name +
          (seen ? " exited before it was listening"
                : " was not listening after " +
                      std::to_string(options_.start_timeout.count()) + " ms") +
          ". It printed:\n" + Tail(child->process.output));
}

grpc::Status System::StartEtcd() {
  const std::string work = dir_ + "/etcd";
  std::filesystem::create_directories(work);
  // etcd 3.4 takes unix://NAME:PORT and makes the socket "NAME:PORT" in its working
  // folder: no TCP port, so systems running side by side never meet (the ":0" is only
  // there because etcd's URL check wants a numeric port).
  const std::string client = "unix://client:0";
  const std::string peer = "unix://peer:0";
  auto child = std::make_unique<Child>();
  child->process.name = "etcd";
  child->process.role = "etcd";
  child->process.address = "unix:" + work + "/client:0";
  Child* etcd = child.get();
  {
    std::lock_guard<std::mutex> lock(mu_);
    children_.push_back(std::move(child));
  }
  grpc::Status status = Launch(
      etcd,
      {"etcd", "--name", "lab24", "--data-dir", work + "/data", "--listen-client-urls",
       client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
       "--initial-advertise-peer-urls", peer, "--initial-cluster", "lab24=" + peer},
      work);
  if (!status.ok()) return status;
  etcd_target_ = etcd->process.address;
  auto kv = etcdserverpb::KV::NewStub(
      grpc::CreateChannel(etcd_target_, grpc::InsecureChannelCredentials()));
  const auto until = Clock::now() + options_.start_timeout;
  while (Clock::now() < until) {
    grpc::ClientContext context;
    context.set_wait_for_ready(true);  // until the socket exists, or the deadline
    context.set_deadline(std::chrono::system_clock::now() + milliseconds(250));
    etcdserverpb::RangeRequest request;
    request.set_key("/");
    etcdserverpb::RangeResponse response;
    if (kv->Range(&context, request, &response).ok()) return grpc::Status::OK;
    std::lock_guard<std::mutex> lock(mu_);
    if (etcd->fd < 0) break;  // it exited
  }
  std::lock_guard<std::mutex> lock(mu_);
  return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "etcd (Debian's etcd-server, `etcd` on PATH) did not answer. It "
                      "printed:\n" +
                          Tail(etcd->process.output));
}

grpc::Status System::StartChild(const std::string& role, const std::string& name,
                                const std::vector<std::string>& flags) {
  auto child = std::make_unique<Child>();
  child->process.name = name;
  child->process.role = role;
  Child* raw = child.get();
  {
    std::lock_guard<std::mutex> lock(mu_);
    children_.push_back(std::move(child));
  }
  std::vector<std::string> argv = options_.command(role);
  argv.insert(argv.end(), {"--name", name, "--etcd", etcd_target_, "--certs", certs_.dir,
                           "--collector", collector_->url()});
  argv.insert(argv.end(), flags.begin(), flags.end());
  grpc::Status status = Launch(raw, argv, "");
  if (!status.ok()) return status;
  status = WaitReady(raw);
  if (!status.ok()) return status;
  if (role == "gateway") return grpc::Status::OK;  // it listens once it knows products
  const std::string health = Health(name);
  if (health != "SERVING") {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        name + " listens, but its health is " + health);
  }
  return grpc::Status::OK;
}

grpc::Status System::Start() {
  if (dir_.empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "could not make a temporary folder");
  }
  certs_.dir = options_.certs_dir;
  if (certs_.dir.empty()) {  // the lab's own script, as the build uses it
    certs_.dir = dir_ + "/certs";
    auto child = std::make_unique<Child>();
    child->process.name = "gen-certs";
    Child* raw = child.get();
    {
      std::lock_guard<std::mutex> lock(mu_);
      children_.push_back(std::move(child));
    }
    grpc::Status status = Launch(raw, {LAB_GEN_CERTS, certs_.dir}, "");
    if (!status.ok()) return status;
    StopChild(raw, options_.start_timeout);  // waits for it to finish
    if (!std::filesystem::exists(certs_.client_key())) {
      return grpc::Status(
          grpc::StatusCode::INTERNAL,
          "certs/gen-certs.sh made no certificates:\n" + raw->process.output);
    }
  }
  grpc::Status status = StartEtcd();
  if (!status.ok()) return status;
  collector_ = std::make_unique<lab::tracing::SpanCollector>();
  if (!collector_->Start(0)) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the span collector cannot listen");
  }
  for (const char* role : {"inventory", "products"}) {
    for (int i = 0; i < options_.replicas; ++i) {
      std::string name;
      status = AddReplica(role, &name);
      if (!status.ok()) return status;
    }
  }
  std::ostringstream burst, rate;
  burst << options_.rate_burst;
  rate << options_.rate_per_second;
  return StartChild("gateway", "gateway",
                    {"--token-key", token_key_, "--rate-burst", burst.str(),
                     "--rate-per-second", rate.str()});
}

grpc::Status System::AddReplica(const std::string& role, std::string* name) {
  *name = role + "-" + std::to_string(++counts_[role]);
  return StartChild(role, *name, {});
}

System::Child* System::FindChild(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& child : children_) {
    if (child->process.name == name) return child.get();
  }
  return nullptr;
}

grpc::Status System::Kill(const std::string& name) {
  Child* child = FindChild(name);
  if (child == nullptr || child->process.pid <= 0) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no running process " + name);
  }
  kill(child->process.pid, SIGKILL);
  StopChild(child, milliseconds(0));
  return grpc::Status::OK;
}

// SIGTERM unless grace is 0, then waits for its end (end of file on its output) up
// to `grace`, SIGKILL, and reaps it. The gen-certs script ends by itself.
void System::StopChild(Child* child, milliseconds grace) {
  pid_t pid;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pid = child->process.pid;
  }
  if (pid <= 0) return;
  if (grace.count() > 0 && child->process.name != "gen-certs") kill(pid, SIGTERM);
  {
    std::unique_lock<std::mutex> lock(mu_);
    output_changed_.wait_for(lock, grace, [&] { return child->fd < 0; });
  }
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  std::lock_guard<std::mutex> lock(mu_);
  child->process.pid = -1;
}

void System::Stop() {
  std::vector<Child*> order;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const char* role : {"gateway", "products", "inventory"}) {
      for (auto& child : children_) {
        if (child->process.role == role) order.push_back(child.get());
      }
    }
  }
  // Each group at once (SIGTERM to all), then waited for: a stop takes one grace
  // period per group, not per process.
  for (const char* role : {"gateway", "products", "inventory"}) {
    for (Child* child : order) {
      if (child->process.role == role && child->process.pid > 0) {
        kill(child->process.pid, SIGTERM);
      }
    }
    for (Child* child : order) {
      if (child->process.role == role) StopChild(child, milliseconds(5000));
    }
  }
  collector_.reset();
  if (Child* etcd = FindChild("etcd")) StopChild(etcd, milliseconds(5000));
}

// A channel to etcd (plain) or to a service replica (mutual TLS, as the system's
// clients call it).
std::shared_ptr<grpc::Channel> System::ChannelTo(const Process& process) const {
  if (process.role == "etcd") {
    return grpc::CreateChannel(process.address, grpc::InsecureChannelCredentials());
  }
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadWhole(certs_.ca());
  tls.pem_cert_chain = ReadWhole(certs_.client_cert());
  tls.pem_private_key = ReadWhole(certs_.client_key());
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel(process.address, grpc::SslCredentials(tls), args);
}

grpc::Status System::MarkNotServing(const std::string& name) {
  Child* child = FindChild(name);
  Process process;
  if (child != nullptr) {
    std::lock_guard<std::mutex> lock(mu_);
    process = child->process;
  }
  if (process.pid <= 0 || (process.role != "products" && process.role != "inventory")) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no running replica " + name);
  }
  // Watch first, then signal: the stream's first answer is the status before the switch.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  auto stream =
      grpc::health::v1::Health::NewStub(ChannelTo(process))->Watch(&context, request);
  grpc::health::v1::HealthCheckResponse response;
  if (!stream->Read(&response)) return stream->Finish();
  kill(process.pid, SIGUSR1);
  while (response.status() != grpc::health::v1::HealthCheckResponse::NOT_SERVING) {
    if (!stream->Read(&response)) {
      grpc::Status status = stream->Finish();
      return grpc::Status(
          status.error_code(),
          name + "'s health never said NOT_SERVING: " + status.error_message());
    }
  }
  context.TryCancel();
  (void)stream->Finish();  // CANCELLED, as asked
  return grpc::Status::OK;
}

std::string System::Health(const std::string& name) {
  Child* child = FindChild(name);
  if (child == nullptr) return "unknown process";
  Process process;
  {
    std::lock_guard<std::mutex> lock(mu_);
    process = child->process;
  }
  if (process.pid <= 0) return "stopped";
  if (process.role == "gateway") {
    httplib::Client client("http://" + process.address);
    client.set_connection_timeout(1);
    client.set_read_timeout(1);
    auto response = client.Get("/healthz");
    if (!response) return "no answer: " + httplib::to_string(response.error());
    return response->status == 200 ? "SERVING"
                                   : "HTTP " + std::to_string(response->status);
  }
  std::shared_ptr<grpc::Channel> channel = ChannelTo(process);
  grpc::ClientContext context;
  context.set_wait_for_ready(true);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  if (process.role == "etcd") {
    etcdserverpb::RangeRequest request;
    request.set_key("/");
    etcdserverpb::RangeResponse response;
    grpc::Status status =
        etcdserverpb::KV::NewStub(channel)->Range(&context, request, &response);
    return status.ok() ? "SERVING" : lab::common::StatusCodeName(status.error_code());
  }
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status =
      grpc::health::v1::Health::NewStub(channel)->Check(&context, request, &response);
  if (!status.ok()) {
    return lab::common::StatusCodeName(status.error_code()) + ": " +
           status.error_message();
  }
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

std::string System::StatusTable() {
  std::ostringstream out;
  out << std::left << std::setw(14) << "PROCESS" << std::setw(9) << "PID" << std::setw(28)
      << "ADDRESS"
      << "HEALTH\n";
  for (const Process& p : processes()) {
    if (p.role.empty()) continue;  // gen-certs
    std::string address = p.address;
    if (address.size() > 26) address = "..." + address.substr(address.size() - 23);
    out << std::setw(14) << p.name << std::setw(9) << p.pid << std::setw(28) << address
        << Health(p.name) << "\n";
  }
  if (collector_) {
    out << std::setw(14) << "collector" << std::setw(9) << getpid() << std::setw(28)
        << collector_->url().substr(7) << "SERVING (in this process)\n";
  }
  return out.str();
}

std::vector<System::Process> System::processes() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Process> list;
  for (const auto& child : children_) list.push_back(child->process);
  return list;
}

std::string System::Address(const std::string& name) const {
  Child* child = FindChild(name);
  std::lock_guard<std::mutex> lock(mu_);
  return child != nullptr ? child->process.address : "";
}

pid_t System::Pid(const std::string& name) const {
  Child* child = FindChild(name);
  std::lock_guard<std::mutex> lock(mu_);
  return child != nullptr ? child->process.pid : -1;
}

std::string System::gateway_url() const { return "http://" + Address("gateway"); }

std::string System::Token(const std::string& subject, const std::string& role) const {
  lab::auth::Claims claims;
  claims.subject = subject;
  claims.role = role;
  claims.issuer = lab::auth::kIssuer;
  claims.audience = kGatewayAudience;
  claims.expires_at = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now() + std::chrono::hours(1));
  std::string token;
  lab::auth::SignToken(claims, token_key_, &token);
  return token;
}

}  // namespace lab::capstone
