// grpc-call: a gRPC client that knows no service in advance.
//
// Everything it needs (service names, method kinds, message layouts) comes
// from the server's reflection service at run time. Requests are written as
// JSON, turned into protobuf DynamicMessages, sent as bytes through gRPC's
// generic stub (generic_call.h), and responses are printed back as JSON.
//
//   grpc-call [options] TARGET list [SERVICE]
//   grpc-call [options] TARGET describe SYMBOL
//   grpc-call [options] TARGET call SERVICE/METHOD [JSON|-]
//
// Exit codes: 0 success; 1..16 the gRPC status code of a failed call (also
// 14 when the server cannot be reached, 12 when it has no reflection and 13
// when a response cannot be decoded); 2 for bad input (arguments, JSON,
// unknown service or method).
//
// Errors travel as values (Result<T>, MaybeError) up to the function that
// reports them; this code throws no exceptions of its own.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "generic_call.h"
#include "reflection_db.h"
#include "status_details.h"
#include "text_util.h"

// Not "grpc_call": gRPC's C core already declares a type of that name.
namespace grpccall {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::DynamicMessageFactory;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

constexpr int kExitUsage = 2;

// Something that ends the program: what to print and the exit code.
struct ToolError {
  int exit_code;
  std::string message;
};

// Success (nullopt) or the error that happened.
using MaybeError = std::optional<ToolError>;

// A T, or the ToolError that prevented it. Check ok() before using the value.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(ToolError error) : error_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return !error_.has_value(); }
  const ToolError& error() const { return *error_; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }

 private:
  std::optional<T> value_;
  std::optional<ToolError> error_;
};

// Prints `error` and returns its exit code.
int Report(const ToolError& error) {
  std::cerr << "grpc-call: " << error.message << "\n";
  return error.exit_code;
}

// 0 for success, otherwise reports the error and returns its exit code.
int ExitCode(const MaybeError& error) { return error ? Report(*error) : 0; }

// The command line, as parsed by Main().
struct Options {
  std::string target;
  int deadline_ms = 10000;
  std::vector<std::string> metadata;
  std::string cacert;
  std::string cert;
  std::string key;
  std::string authority;
  bool show_metadata = false;
  bool pretty = false;
  bool emit_defaults = false;

  std::string list_service;     // "list [SERVICE]"
  std::string describe_symbol;  // "describe SYMBOL"
  std::string method;           // "call SERVICE/METHOD"
  std::string json;             // "call ... [JSON]"
  bool json_from_stdin = true;  // JSON absent or "-"
};

using Metadata = std::vector<std::pair<std::string, std::string>>;

// Whether `text` ends with `suffix` and has something before it.
bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Metadata keys ending in "-bin" carry binary values.
bool IsBinaryKey(const std::string& key) { return EndsWith(key, "-bin"); }

// The whole file at `path`; `flag` names the option it came from in errors.
Result<std::string> ReadFile(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) return ToolError{kExitUsage, std::string("cannot read ") + flag + " " + path};
  return content.str();
}

// ---------------------------------------------------------------- metadata

// `key` in lower case, or an error if it has characters gRPC does not allow.
Result<std::string> MetadataKey(std::string key) {
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) {
      return ToolError{kExitUsage,
                       "metadata key '" + key + "' may only use a-z 0-9 - _ ."};
    }
  }
  return key;
}

// The value to send for `key`: base64-decoded for a "-bin" key, otherwise
// `text` itself once checked to be printable ASCII.
Result<std::string> MetadataValue(const std::string& key, const std::string& text) {
  if (IsBinaryKey(key)) {
    std::optional<std::string> bytes = Base64Decode(text);
    if (!bytes) {
      return ToolError{kExitUsage, "metadata '" + key +
                                       "' ends in -bin, so its value must be base64; "
                                       "got '" +
                                       text + "'"};
    }
    return *bytes;
  }
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) {
      return ToolError{kExitUsage, "metadata '" + key +
                                       "' must be printable ASCII (binary values "
                                       "need a key ending in -bin)"};
    }
  }
  return text;
}

// -H key=value flags as (key, value) pairs ready to send.
Result<Metadata> ParseMetadata(const std::vector<std::string>& flags) {
  Metadata metadata;
  for (const std::string& flag : flags) {
    const size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0) {
      return ToolError{kExitUsage, "metadata '" + flag + "' is not key=value"};
    }
    Result<std::string> key = MetadataKey(flag.substr(0, eq));
    if (!key.ok()) return key.error();
    Result<std::string> value = MetadataValue(*key, flag.substr(eq + 1));
    if (!value.ok()) return value.error();
    metadata.emplace_back(std::move(*key), std::move(*value));
  }
  return metadata;
}

// ---------------------------------------------------------------- channel

// TLS credentials (mutual TLS with --cert/--key) when --cacert is given,
// plaintext otherwise.
Result<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const Options& options) {
  if (options.cacert.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions tls;
  Result<std::string> ca = ReadFile(options.cacert, "--cacert");
  if (!ca.ok()) return ca.error();
  tls.pem_root_certs = std::move(*ca);
  if (!options.cert.empty()) {
    Result<std::string> cert = ReadFile(options.cert, "--cert");
    if (!cert.ok()) return cert.error();
    Result<std::string> key = ReadFile(options.key, "--key");
    if (!key.ok()) return key.error();
    tls.pem_cert_chain = std::move(*cert);
    tls.pem_private_key = std::move(*key);
  }
  return grpc::SslCredentials(tls);
}

// A channel to TARGET with the TLS and --authority flags applied. It connects
// lazily; see WaitForConnection.
Result<std::shared_ptr<grpc::Channel>> MakeChannel(const Options& options) {
  Result<std::shared_ptr<grpc::ChannelCredentials>> credentials = Credentials(options);
  if (!credentials.ok()) return credentials.error();
  grpc::ChannelArguments args;
  if (!options.authority.empty()) {
    // The name checked against the server certificate (with TLS) and sent as
    // :authority, instead of the host part of TARGET.
    if (!options.cacert.empty()) {
      args.SetSslTargetNameOverride(options.authority);
    } else {
      args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, options.authority);
    }
  }
  return grpc::CreateCustomChannel(options.target, *credentials, args);
}

// --deadline-ms from now. Each step (connecting, reflection, the call) gets
// its own.
std::chrono::system_clock::time_point Deadline(const Options& options) {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(options.deadline_ms);
}

// Waits (at most --deadline-ms) until the channel is connected; an error
// (UNAVAILABLE) if it does not get there.
MaybeError WaitForConnection(grpc::Channel* channel, const Options& options) {
  if (channel->WaitForConnected(Deadline(options))) return std::nullopt;
  std::string message = "no answer from " + options.target + " in " +
                        std::to_string(options.deadline_ms) +
                        " ms: is the server running?";
  if (!options.cacert.empty()) {
    message +=
        " (with TLS this also means a failed handshake: check --cacert,"
        " --cert/--key and --authority)";
  }
  return ToolError{grpc::StatusCode::UNAVAILABLE, message};
}

// ---------------------------------------------------------------- session

// Collects the errors a DescriptorPool hits while building files it got from
// reflection (for example an import nobody can provide).
class PoolErrors : public DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    errors_.push_back(filename + ": " + element_name + ": " + message);
  }
  // One indented line per error, each starting with a newline; empty if none.
  std::string Summary() const {
    std::string text;
    for (const std::string& error : errors_) text += "\n  " + error;
    return text;
  }

 private:
  std::vector<std::string> errors_;
};

// Connection, reflection and the descriptor pool that learns types from it.
class Session {
 public:
  Session(const Options& options, Metadata metadata,
          std::shared_ptr<grpc::Channel> channel)
      : options_(options),
        metadata_(std::move(metadata)),
        channel_(std::move(channel)),
        reflection_db_(channel_, options.target,
                       [this](grpc::ClientContext* context) { Prepare(context); }),
        generated_db_(*DescriptorPool::generated_pool()),
        // Order matters: the server's own definitions win; the protos linked
        // into this program (well-known types such as
        // google/protobuf/timestamp.proto) fill gaps; the hand-made
        // google.rpc.Status is the last resort.
        merged_db_({&reflection_db_, &generated_db_, &fallback_db_}),
        pool_(&merged_db_, &pool_errors_),
        factory_(&pool_) {
    fallback_db_.Add(FallbackStatusFile());
  }

  // Deadline and -H metadata, for the call and for reflection alike.
  void Prepare(grpc::ClientContext* context) const {
    context->set_deadline(Deadline(options_));
    for (const auto& [key, value] : metadata_) {
      context->AddMetadata(key, value);
    }
  }

  ReflectionDatabase& reflection() { return reflection_db_; }
  const DescriptorPool& pool() const { return pool_; }
  DynamicMessageFactory& factory() { return factory_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

  // Check after pool lookups: if reflection itself failed, a "not found" from
  // the pool means nothing, and this is the real problem.
  MaybeError ReflectionError() const {
    std::optional<Failure> failure = reflection_db_.failure();
    if (!failure) return std::nullopt;
    return ToolError{failure->exit_code, failure->message};
  }

  // What went wrong building files from reflection, for error messages.
  std::string PoolErrorSummary() const { return pool_errors_.Summary(); }

  // The services the server lists, sorted.
  Result<std::vector<std::string>> Services() {
    std::optional<std::vector<std::string>> names = reflection_db_.ListServices();
    if (MaybeError error = ReflectionError()) return *error;
    return names.value_or(std::vector<std::string>{});
  }

 private:
  const Options& options_;
  const Metadata metadata_;
  std::shared_ptr<grpc::Channel> channel_;
  ReflectionDatabase reflection_db_;
  google::protobuf::DescriptorPoolDatabase generated_db_;
  google::protobuf::SimpleDescriptorDatabase fallback_db_;
  google::protobuf::MergedDescriptorDatabase merged_db_;
  PoolErrors pool_errors_;
  DescriptorPool pool_;
  DynamicMessageFactory factory_;
};

// `name` without a leading "." (protobuf's mark of a fully-qualified name).
std::string StripDot(std::string name) {
  if (!name.empty() && name.front() == '.') name.erase(0, 1);
  return name;
}

// "a, b, c", or "(none)" for no items.
std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + item;
  }
  return text.empty() ? "(none)" : text;
}

// "unary", "server-streaming", "client-streaming" or "bidi".
const char* MethodKind(const MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming()) return "bidi";
  if (method.client_streaming()) return "client-streaming";
  if (method.server_streaming()) return "server-streaming";
  return "unary";
}

// The error for a name the server does not know: `what`, then the services it
// does know (or the reason it cannot list them).
ToolError UnknownName(Session& session, const std::string& what) {
  Result<std::vector<std::string>> services = session.Services();
  if (!services.ok()) return services.error();
  return ToolError{kExitUsage, what + "; the server has: " + Join(*services) +
                                   session.PoolErrorSummary()};
}

// The service `name` as the server describes it.
Result<const ServiceDescriptor*> FindService(Session& session, const std::string& name) {
  const ServiceDescriptor* service = session.pool().FindServiceByName(StripDot(name));
  if (MaybeError error = session.ReflectionError()) return *error;
  if (service != nullptr) return service;
  return UnknownName(session, "unknown service '" + name + "'");
}

// How responses are shown as JSON: --pretty and --emit-defaults.
google::protobuf::util::JsonPrintOptions PrintOptions(const Options& options) {
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = options.pretty;
  print.always_print_primitive_fields = options.emit_defaults;
  return print;
}

// ---------------------------------------------------------------- list

// One line per method: name, kind, request -> response type, in columns.
void PrintMethods(const ServiceDescriptor& service) {
  size_t width = 0;
  for (int i = 0; i < service.method_count(); ++i) {
    width = std::max(width, service.method(i)->name().size());
  }
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor& method = *service.method(i);
    const std::string kind = MethodKind(method);
    std::cout << method.name() << std::string(width - method.name().size(), ' ') << "  "
              << kind << std::string(16 - kind.size(), ' ') << "  "
              << method.input_type()->full_name() << " -> "
              << method.output_type()->full_name() << "\n";
  }
}

// "list": the services, or the methods of SERVICE.
MaybeError RunList(Session& session, const Options& options) {
  if (options.list_service.empty()) {
    Result<std::vector<std::string>> services = session.Services();
    if (!services.ok()) return services.error();
    for (const std::string& name : *services) std::cout << name << "\n";
    return std::nullopt;
  }
  Result<const ServiceDescriptor*> service = FindService(session, options.list_service);
  if (!service.ok()) return service.error();
  PrintMethods(**service);
  return std::nullopt;
}

// ---------------------------------------------------------------- describe

// Proto text for `symbol`: a .proto file name, or the full name of a service,
// method (Service/Method works too), message, enum, field, enum value or
// extension. Empty if the pool does not know it.
std::string DescribeSymbol(const DescriptorPool& pool, std::string symbol) {
  if (EndsWith(symbol, ".proto")) {
    const auto* file = pool.FindFileByName(symbol);
    return file != nullptr ? file->DebugString() : "";
  }
  const size_t slash = symbol.find('/');
  if (slash != std::string::npos) symbol[slash] = '.';
  if (const auto* service = pool.FindServiceByName(symbol)) return service->DebugString();
  if (const auto* message = pool.FindMessageTypeByName(symbol)) {
    return message->DebugString();
  }
  if (const auto* enum_type = pool.FindEnumTypeByName(symbol)) {
    return enum_type->DebugString();
  }
  if (const auto* method = pool.FindMethodByName(symbol)) {
    return "// " + std::string(MethodKind(*method)) + " method of " +
           method->service()->full_name() + "\n" + method->DebugString();
  }
  if (const auto* field = pool.FindFieldByName(symbol)) {
    return "// field of " + field->containing_type()->full_name() + "\n" +
           field->DebugString();
  }
  if (const auto* value = pool.FindEnumValueByName(symbol)) {
    return "// value of " + value->type()->full_name() + "\n" + value->DebugString();
  }
  if (const auto* extension = pool.FindExtensionByName(symbol)) {
    return extension->DebugString();
  }
  return "";
}

// "describe SYMBOL": prints its proto text.
MaybeError RunDescribe(Session& session, const Options& options) {
  const std::string symbol = StripDot(options.describe_symbol);
  const std::string text = DescribeSymbol(session.pool(), symbol);
  if (MaybeError error = session.ReflectionError()) return error;
  if (text.empty())
    return UnknownName(session, "the server knows no symbol '" + symbol + "'");
  std::cout << text;
  if (text.back() != '\n') std::cout << "\n";
  return std::nullopt;
}

// ---------------------------------------------------------------- call: plan

// Reads lines from stdin with poll(), so that a bidi call can stop waiting for
// input once the server has ended the call.
class StdinLines {
 public:
  // Returns false at end of input, or when *stop becomes true.
  bool Next(std::string* line, const std::atomic<bool>* stop = nullptr) {
    while (true) {
      const size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        *line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return true;
      }
      if (eof_) {
        if (buffer_.empty()) return false;
        *line = std::move(buffer_);
        buffer_.clear();
        return true;
      }
      if (stop != nullptr && stop->load()) return false;
      pollfd fd{STDIN_FILENO, POLLIN, 0};
      const int ready = ::poll(&fd, 1, stop != nullptr ? 100 : -1);
      if (ready < 0 && errno != EINTR) eof_ = true;
      if (ready <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
      if (n > 0) {
        buffer_.append(chunk, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        eof_ = true;
      }
    }
  }

 private:
  std::string buffer_;
  bool eof_ = false;
};

// "pkg.Service/Method" (or "pkg.Service.Method", with or without a leading
// "/" or ".") as service and method name.
Result<std::pair<std::string, std::string>> SplitMethod(const std::string& text) {
  std::string name = text;
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  name = StripDot(name);
  size_t cut = name.rfind('/');
  if (cut == std::string::npos) cut = name.rfind('.');
  if (cut == std::string::npos || cut == 0 || cut + 1 == name.size()) {
    return ToolError{kExitUsage, "'" + text +
                                     "' is not SERVICE/METHOD (for example "
                                     "lab.unary.Greeter/SayHello)"};
  }
  return std::make_pair(name.substr(0, cut), name.substr(cut + 1));
}

// The method named on the command line, as the server describes it.
Result<const MethodDescriptor*> FindMethod(Session& session, const std::string& text) {
  Result<std::pair<std::string, std::string>> names = SplitMethod(text);
  if (!names.ok()) return names.error();
  Result<const ServiceDescriptor*> found = FindService(session, names->first);
  if (!found.ok()) return found.error();
  const ServiceDescriptor& service = **found;
  const std::string& method_name = names->second;
  if (const MethodDescriptor* method = service.FindMethodByName(method_name)) {
    return method;
  }
  std::vector<std::string> known;
  for (int i = 0; i < service.method_count(); ++i) {
    known.push_back(service.method(i)->name());
  }
  return ToolError{kExitUsage, "service " + service.full_name() + " has no method '" +
                                   method_name + "'; it has: " + Join(known)};
}

// The JSON parser's syntax errors span three lines (what is wrong, the JSON
// around it, a ^ marker); this makes one line of them.
std::string OneLine(const std::string& parser_message) {
  std::istringstream lines{parser_message};
  std::string reason;
  std::string context;
  std::getline(lines, reason);
  std::getline(lines, context);
  if (!Trim(context).empty()) reason += " (near: " + context + ")";
  return reason;
}

// The request `json` (proto3 JSON of `type`) serialised for the wire. `where`
// names the request in errors ("the request", "stdin line 3").
Result<grpc::ByteBuffer> EncodeRequest(const std::string& json, const Descriptor& type,
                                       DynamicMessageFactory& factory,
                                       const std::string& where) {
  std::unique_ptr<Message> request(factory.GetPrototype(&type)->New());
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, request.get(), parse);
  if (status.ok()) return ToByteBuffer(*request);
  return ToolError{kExitUsage, where + " is not a valid " + type.full_name() + ": " +
                                   OneLine(std::string(status.message()))};
}

// Every request on stdin (one JSON object per line, blank lines skipped),
// encoded; the first bad line is the error.
Result<std::vector<grpc::ByteBuffer>> ReadAllRequests(StdinLines& lines,
                                                      const Descriptor& type,
                                                      DynamicMessageFactory& factory) {
  std::vector<grpc::ByteBuffer> requests;
  std::string line;
  for (int number = 1; lines.Next(&line); ++number) {
    if (Trim(line).empty()) continue;
    Result<grpc::ByteBuffer> request =
        EncodeRequest(line, type, factory, "stdin line " + std::to_string(number));
    if (!request.ok()) return request.error();
    requests.push_back(std::move(*request));
  }
  return requests;
}

// A call, resolved and checked before anything is sent.
struct CallPlan {
  const MethodDescriptor* method = nullptr;
  std::string path;                        // "/package.Service/Method"
  std::vector<grpc::ByteBuffer> requests;  // encoded, in order
  bool live_stdin = false;                 // bidi fed from stdin: lines sent as typed
};

// Resolves "call SERVICE/METHOD [JSON]" and reads its requests: all of them up
// front (so bad input is caught before anything is sent), except for a bidi
// call fed from stdin, whose lines are read while the call runs. A method that
// is not client-streaming gets exactly one request.
Result<CallPlan> PlanCall(Session& session, const Options& options,
                          StdinLines& stdin_lines) {
  Result<const MethodDescriptor*> method = FindMethod(session, options.method);
  if (!method.ok()) return method.error();
  CallPlan plan;
  plan.method = *method;
  plan.path = "/" + plan.method->service()->full_name() + "/" + plan.method->name();
  const Descriptor& input = *plan.method->input_type();
  if (!options.json_from_stdin) {
    Result<grpc::ByteBuffer> request =
        EncodeRequest(options.json, input, session.factory(), "the request");
    if (!request.ok()) return request.error();
    plan.requests.push_back(std::move(*request));
    return plan;
  }
  if (::isatty(STDIN_FILENO)) {
    std::cerr << "(reading " << input.full_name()
              << " as JSON from stdin, one per line; end with Ctrl-D)\n";
  }
  plan.live_stdin = plan.method->client_streaming() && plan.method->server_streaming();
  if (plan.live_stdin) return plan;
  Result<std::vector<grpc::ByteBuffer>> requests =
      ReadAllRequests(stdin_lines, input, session.factory());
  if (!requests.ok()) return requests.error();
  plan.requests = std::move(*requests);
  if (!plan.method->client_streaming() && plan.requests.size() != 1) {
    return ToolError{kExitUsage, std::string(MethodKind(*plan.method)) + " method " +
                                     plan.method->name() +
                                     " takes exactly one request; got " +
                                     std::to_string(plan.requests.size())};
  }
  return plan;
}

// ---------------------------------------------------------------- call: output

// Prints metadata to stderr, one "key: value" per line; binary (-bin) values
// in base64.
void PrintMetadata(const char* label,
                   const std::multimap<grpc::string_ref, grpc::string_ref>& md) {
  std::cerr << label << " metadata:" << (md.empty() ? " (none)" : "") << "\n";
  for (const auto& [key_ref, value_ref] : md) {
    const std::string key(key_ref.data(), key_ref.size());
    std::string value(value_ref.data(), value_ref.size());
    if (IsBinaryKey(key)) value = Base64Encode(value) + "  (base64)";
    std::cerr << "  " << key << ": " << value << "\n";
  }
}

// Shows a call's responses as JSON lines on stdout and, with --show-metadata,
// the server's metadata on stderr. For one thread at a time.
class ResponsePrinter {
 public:
  ResponsePrinter(const Descriptor& type, DynamicMessageFactory& factory,
                  const Options& options, const grpc::ClientContext& context)
      : type_(type),
        factory_(factory),
        options_(options),
        context_(context),
        print_(PrintOptions(options)) {}

  // Prints one response (the first time preceded by the initial metadata, if
  // asked for). The error (INTERNAL) says which response cannot be shown, and why.
  MaybeError Print(const grpc::ByteBuffer& bytes) {
    ShowInitialMetadata();
    const std::string which = "response " + std::to_string(count_++);
    std::unique_ptr<Message> response(factory_.GetPrototype(&type_)->New());
    if (!FromByteBuffer(bytes, response.get())) {
      return ToolError{grpc::StatusCode::INTERNAL,
                       which + " does not parse as " + type_.full_name()};
    }
    std::string json;
    const auto status =
        google::protobuf::util::MessageToJsonString(*response, &json, print_);
    if (!status.ok()) {
      return ToolError{grpc::StatusCode::INTERNAL, which + " cannot be shown as JSON: " +
                                                       std::string(status.message())};
    }
    while (!json.empty() && json.back() == '\n') json.pop_back();
    std::cout << json << std::endl;
    return std::nullopt;
  }

  // Once the call is over: with --show-metadata, prints the initial metadata
  // (unless already printed) and the trailing metadata.
  void ShowFinalMetadata() {
    ShowInitialMetadata();
    if (options_.show_metadata) {
      PrintMetadata("trailing", context_.GetServerTrailingMetadata());
    }
  }

 private:
  // With --show-metadata, prints the initial metadata the first time only.
  void ShowInitialMetadata() {
    if (!options_.show_metadata || initial_shown_) return;
    PrintMetadata("initial", context_.GetServerInitialMetadata());
    initial_shown_ = true;
  }

  const Descriptor& type_;
  DynamicMessageFactory& factory_;
  const Options& options_;
  const grpc::ClientContext& context_;
  const google::protobuf::util::JsonPrintOptions print_;
  int count_ = 0;
  bool initial_shown_ = false;
};

// ---------------------------------------------------------------- call: run

// How a call ended: the server's status, and the local problems that cut it
// short (they explain a CANCELLED status: grpc-call cancelled the call).
struct CallOutcome {
  grpc::Status status;
  MaybeError input_error;     // a stdin line that is not a valid request
  MaybeError response_error;  // a response that cannot be shown
};

// A unary call: the plan's single request, one response.
CallOutcome CallUnary(grpc::GenericStub& stub, const CallPlan& plan,
                      grpc::ClientContext& context, ResponsePrinter& printer) {
  CallOutcome outcome;
  grpc::ByteBuffer response;
  outcome.status = UnaryCall(stub, plan.path, &context, plan.requests.front(), &response);
  if (!outcome.status.ok()) return outcome;
  if (!response.Valid()) {
    outcome.response_error = ToolError{grpc::StatusCode::INTERNAL,
                                       "the server ended the call with OK but sent no "
                                       "response"};
    return outcome;
  }
  outcome.response_error = printer.Print(response);
  return outcome;
}

// Reads and prints every response until the stream ends. The first response
// that cannot be shown cancels the call (the rest are drained unseen) and is
// the error.
MaybeError ReadResponses(GenericStream& stream, ResponsePrinter& printer,
                         grpc::ClientContext& context) {
  MaybeError error;
  grpc::ByteBuffer response;
  while (stream.Read(&response)) {
    if (error) continue;
    error = printer.Print(response);
    if (error) {
      error->message += " (call cancelled)";
      context.TryCancel();
    }
  }
  return error;
}

// Bidi fed from stdin: encodes and writes each line as it comes, until stdin
// ends, `stop` is set or a write fails (then *open becomes false). The first
// line that is not a valid request is the error.
MaybeError WriteLiveLines(GenericStream& stream, const Descriptor& type,
                          DynamicMessageFactory& factory, StdinLines& lines,
                          const std::atomic<bool>& stop, bool* open) {
  std::string line;
  for (int number = 1; *open && lines.Next(&line, &stop); ++number) {
    if (Trim(line).empty()) continue;
    Result<grpc::ByteBuffer> request =
        EncodeRequest(line, type, factory, "stdin line " + std::to_string(number));
    if (!request.ok()) return request.error();
    *open = stream.Write(*request);
  }
  return std::nullopt;
}

// Writes the plan's requests (and, for live stdin, each line as typed, until
// `reads_over` says the call has ended), then ends the writing side: a
// half-close after the last request, so the server knows the requests are
// complete. A bad stdin line cancels the call and is the error.
MaybeError WriteRequests(GenericStream& stream, const CallPlan& plan, StdinLines& lines,
                         Session& session, grpc::ClientContext& context,
                         const std::atomic<bool>& reads_over) {
  bool open = true;
  for (const grpc::ByteBuffer& request : plan.requests) {
    if (!(open = stream.Write(request))) break;
  }
  MaybeError error;
  if (open && plan.live_stdin) {
    error = WriteLiveLines(stream, *plan.method->input_type(), session.factory(), lines,
                           reads_over, &open);
  }
  if (error) {
    error->message += " (call cancelled)";
    context.TryCancel();
  }
  stream.EndWrites(/*half_close=*/open && !error);
  return error;
}

// A client-, server- or bidi-streaming call. Requests are written on this
// thread while responses are read and printed on another, so that a bidi
// server can answer each message as it arrives.
CallOutcome CallStreaming(grpc::GenericStub& stub, const CallPlan& plan, Session& session,
                          StdinLines& lines, grpc::ClientContext& context,
                          ResponsePrinter& printer) {
  GenericStream stream(stub, plan.path, &context);
  CallOutcome outcome;
  std::atomic<bool> reads_over{false};
  std::thread reader([&] {
    outcome.response_error = ReadResponses(stream, printer, context);
    reads_over = true;
  });
  outcome.input_error = WriteRequests(stream, plan, lines, session, context, reads_over);
  reader.join();
  outcome.status = stream.Finish();
  return outcome;
}

// Prints a failed call's status (code by name, message) and its rich error
// details: grpc::Status::error_details() holds the raw
// "grpc-status-details-bin" trailer, a serialised google.rpc.Status.
void ReportStatus(const grpc::Status& status, Session& session, const Options& options) {
  std::cerr << "ERROR: " << StatusCodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
  if (status.error_details().empty()) return;
  google::protobuf::util::JsonPrintOptions print = PrintOptions(options);
  print.add_whitespace = false;
  PrintStatusDetails(status.error_details(), session.pool(), &session.factory(), print,
                     std::cerr);
}

// Reports how the call ended and returns the exit code. A local error comes
// first (it explains the status, typically CANCELLED); then a failed status.
int ReportOutcome(const CallOutcome& outcome, ResponsePrinter& printer, Session& session,
                  const Options& options) {
  printer.ShowFinalMetadata();
  if (outcome.input_error) return Report(*outcome.input_error);
  if (outcome.response_error) return Report(*outcome.response_error);
  if (outcome.status.ok()) return 0;
  ReportStatus(outcome.status, session, options);
  return outcome.status.error_code();
}

// "call SERVICE/METHOD [JSON]": plans the call (method and requests, checked),
// makes it through the generic stub with deadline and metadata, prints each
// response as a JSON line. Returns the exit code: 0; 2 for bad input; else the
// failed call's status code.
int RunCall(Session& session, const Options& options) {
  StdinLines stdin_lines;
  Result<CallPlan> plan = PlanCall(session, options, stdin_lines);
  if (!plan.ok()) return Report(plan.error());
  // Types are known now; end the reflection stream so it does not sit open
  // (and run into its deadline) during a long call. It reopens on demand.
  session.reflection().Close();

  // Teaching point: no generated stub, no message class. The generic stub
  // sends bytes to a path; the descriptors from reflection give them meaning.
  grpc::GenericStub stub(session.channel());
  grpc::ClientContext context;
  session.Prepare(&context);
  ResponsePrinter printer(*plan->method->output_type(), session.factory(), options,
                          context);
  const bool streaming =
      plan->method->client_streaming() || plan->method->server_streaming();
  const CallOutcome outcome =
      streaming ? CallStreaming(stub, *plan, session, stdin_lines, context, printer)
                : CallUnary(stub, *plan, context, printer);
  return ReportOutcome(outcome, printer, session, options);
}

// ---------------------------------------------------------------- main

// libprotobuf logs a warning for every JSON conversion that fails (we report
// those ourselves); let only errors through.
void QuietProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                      const std::string& message) {
  if (level < google::protobuf::LOGLEVEL_ERROR) return;
  std::cerr << "[libprotobuf " << filename << ":" << line << "] " << message << "\n";
}

// The options that apply to every subcommand.
void AddGlobalOptions(CLI::App& app, Options& options) {
  app.add_option("TARGET", options.target, "server address, e.g. 127.0.0.1:50051")
      ->required();
  app.add_option("--deadline-ms", options.deadline_ms,
                 "deadline of connecting, of reflection and of the call")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 3600 * 1000));
  app.add_option("-H,--metadata", options.metadata,
                 "request metadata key=value (repeatable); keys ending in "
                 "-bin take base64 values")
      ->allow_extra_args(false);
  CLI::Option* cacert = app.add_option("--cacert", options.cacert,
                                       "PEM CA certificate: use TLS and trust this CA")
                            ->check(CLI::ExistingFile);
  CLI::Option* cert =
      app.add_option("--cert", options.cert,
                     "PEM client certificate for mutual TLS (needs --key)")
          ->check(CLI::ExistingFile)
          ->needs(cacert);
  CLI::Option* key = app.add_option("--key", options.key, "PEM private key of --cert")
                         ->check(CLI::ExistingFile)
                         ->needs(cacert);
  cert->needs(key);
  key->needs(cert);
  app.add_option("--authority", options.authority,
                 "server name to expect in its TLS certificate (and to send "
                 "as :authority)");
  app.add_flag("--show-metadata", options.show_metadata,
               "print initial and trailing metadata to stderr");
  app.add_flag("--pretty", options.pretty, "indent JSON responses");
  app.add_flag("--emit-defaults", options.emit_defaults,
               "also print fields that hold their default value");
}

// The subcommands, to tell after parsing which one was given.
struct Commands {
  CLI::App* list;
  CLI::App* describe;
  CLI::Option* call_json;  // the JSON argument of "call"
};

// The subcommands list, describe and call, their arguments, and the examples.
Commands AddCommands(CLI::App& app, Options& options) {
  Commands commands{};
  commands.list =
      app.add_subcommand("list", "list the services, or the methods of SERVICE");
  commands.list->add_option("SERVICE", options.list_service,
                            "fully-qualified service name");
  commands.describe = app.add_subcommand(
      "describe", "show a service, method, message or enum as proto text");
  commands.describe
      ->add_option("SYMBOL", options.describe_symbol,
                   "fully-qualified name, e.g. lab.unary.Greeter.SayHello")
      ->required();
  CLI::App* call = app.add_subcommand("call", "call a method");
  call->add_option("METHOD", options.method, "SERVICE/METHOD or SERVICE.METHOD")
      ->required();
  commands.call_json = call->add_option("JSON", options.json,
                                        "the request; '-' or absent: read requests from "
                                        "stdin, one JSON object per line");
  app.footer(
      "Examples:\n"
      "  grpc-call 127.0.0.1:50051 list\n"
      "  grpc-call 127.0.0.1:50051 list lab.unary.Greeter\n"
      "  grpc-call 127.0.0.1:50051 describe lab.unary.HelloRequest\n"
      "  grpc-call 127.0.0.1:50051 call lab.unary.Greeter/SayHello "
      "'{\"name\":\"Ada\"}'\n"
      "  printf '{\"sensorId\":\"s1\",\"deciCelsius\":215}\\n' |\n"
      "    grpc-call 127.0.0.1:50051 call lab.sensors.SensorService/UploadReadings\n"
      "Exit code: 0 ok, 2 bad input, otherwise the gRPC status code.");
  return commands;
}

// Connects to TARGET and runs the subcommand that was given.
int Run(const Options& options, const Commands& commands) {
  Result<Metadata> metadata = ParseMetadata(options.metadata);
  if (!metadata.ok()) return Report(metadata.error());
  Result<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return Report(channel.error());
  if (MaybeError error = WaitForConnection(channel->get(), options)) {
    return Report(*error);
  }
  Session session(options, std::move(*metadata), *channel);
  if (commands.list->parsed()) return ExitCode(RunList(session, options));
  if (commands.describe->parsed()) return ExitCode(RunDescribe(session, options));
  return RunCall(session, options);
}

// Parses the command line and runs it; returns the exit code.
int Main(int argc, char** argv) {
  google::protobuf::SetLogHandler(&QuietProtobufLog);
  Options options;
  CLI::App app{
      "grpc-call: call any gRPC server that has reflection enabled.\n"
      "Requests and responses are JSON (proto3 JSON mapping).",
      "grpc-call"};
  app.fallthrough();  // Global options may also follow the subcommand.
  app.require_subcommand(1);
  AddGlobalOptions(app, options);
  const Commands commands = AddCommands(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {  // CLI11 reports bad arguments this way.
    const int rc = app.exit(error);
    return rc == 0 ? 0 : kExitUsage;
  }
  options.json_from_stdin = commands.call_json->count() == 0 || options.json == "-";
  return Run(options, commands);
}

}  // namespace
}  // namespace grpccall

int main(int argc, char** argv) { return grpccall::Main(argc, argv); }
