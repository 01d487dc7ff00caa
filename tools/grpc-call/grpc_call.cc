// grpc-call: a gRPC client that knows no service in advance.
//
// Everything it needs (service names, method kinds, message layouts) comes
// from the server's reflection service at run time. Requests are written as
// JSON, turned into protobuf DynamicMessages, and responses are printed back
// as JSON.
//
//   grpc-call [options] TARGET list [SERVICE]
//   grpc-call [options] TARGET describe SYMBOL
//   grpc-call [options] TARGET call SERVICE/METHOD [JSON|-]
//
// Exit codes: 0 success; 1..16 the gRPC status code of a failed call (also
// 14 when the server cannot be reached and 12 when it has no reflection);
// 2 for bad input (arguments, JSON, unknown service or method).

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/sync_stream.h>
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

// Anything that ends the program early. Thrown by our own code only (never
// from inside protobuf callbacks) and caught in main().
struct ToolError {
  int exit_code;
  std::string message;
};

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

std::string ReadFile(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) throw ToolError{kExitUsage, std::string("cannot read ") + flag + " " + path};
  return content.str();
}

// -H key=value  ->  (key, value); values of "-bin" keys are base64.
Metadata ParseMetadata(const std::vector<std::string>& flags) {
  Metadata metadata;
  for (const std::string& flag : flags) {
    const size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ToolError{kExitUsage, "metadata '" + flag + "' is not key=value"};
    }
    std::string key = flag.substr(0, eq);
    std::string value = flag.substr(eq + 1);
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
      if (!ok) {
        throw ToolError{kExitUsage,
                        "metadata key '" + key + "' may only use a-z 0-9 - _ ."};
      }
    }
    const bool binary = key.size() > 4 && key.compare(key.size() - 4, 4, "-bin") == 0;
    if (binary) {
      std::optional<std::string> bytes = Base64Decode(value);
      if (!bytes) {
        throw ToolError{kExitUsage, "metadata '" + key +
                                        "' ends in -bin, so its value must "
                                        "be base64; got '" +
                                        value + "'"};
      }
      value = std::move(*bytes);
    } else {
      for (char c : value) {
        if (c < 0x20 || c > 0x7e) {
          throw ToolError{kExitUsage, "metadata '" + key +
                                          "' must be printable ASCII (binary values "
                                          "need a key ending in -bin)"};
        }
      }
    }
    metadata.emplace_back(std::move(key), std::move(value));
  }
  return metadata;
}

std::shared_ptr<grpc::Channel> MakeChannel(const Options& options) {
  grpc::ChannelArguments args;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (!options.cacert.empty()) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(options.cacert, "--cacert");
    if (!options.cert.empty()) {
      tls.pem_cert_chain = ReadFile(options.cert, "--cert");
      tls.pem_private_key = ReadFile(options.key, "--key");
    }
    credentials = grpc::SslCredentials(tls);
    // The name checked against the server certificate (and sent as
    // :authority) instead of the host part of TARGET.
    if (!options.authority.empty()) {
      args.SetSslTargetNameOverride(options.authority);
    }
  } else {
    credentials = grpc::InsecureChannelCredentials();
    if (!options.authority.empty()) {
      args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, options.authority);
    }
  }
  return grpc::CreateCustomChannel(options.target, credentials, args);
}

std::chrono::system_clock::time_point Deadline(const Options& options) {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(options.deadline_ms);
}

void WaitForConnection(grpc::Channel* channel, const Options& options) {
  if (channel->WaitForConnected(Deadline(options))) return;
  std::string message = "no answer from " + options.target + " in " +
                        std::to_string(options.deadline_ms) +
                        " ms: is the server running?";
  if (!options.cacert.empty()) {
    message +=
        " (with TLS this also means a failed handshake: check --cacert,"
        " --cert/--key and --authority)";
  }
  throw ToolError{grpc::StatusCode::UNAVAILABLE, message};
}

// Collects the errors a DescriptorPool hits while building files it got from
// reflection (for example an import nobody can provide).
class PoolErrors : public DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name,
                const Message* /*descriptor*/, ErrorLocation /*location*/,
                const std::string& message) override {
    errors_.push_back(filename + ": " + element_name + ": " + message);
  }
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
  grpc::Channel* channel() const { return channel_.get(); }

  // Call after pool lookups: if reflection itself failed, a "not found" from
  // the pool means nothing, so report the real problem.
  void ThrowIfBroken() const {
    if (std::optional<Failure> failure = reflection_db_.failure()) {
      throw ToolError{failure->exit_code, failure->message};
    }
  }

  std::string PoolErrorSummary() const { return pool_errors_.Summary(); }

  std::vector<std::string> Services() {
    std::optional<std::vector<std::string>> names = reflection_db_.ListServices();
    ThrowIfBroken();
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

std::string StripDot(std::string name) {
  if (!name.empty() && name.front() == '.') name.erase(0, 1);
  return name;
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + item;
  }
  return text.empty() ? "(none)" : text;
}

const char* MethodKind(const MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming()) return "bidi";
  if (method.client_streaming()) return "client-streaming";
  if (method.server_streaming()) return "server-streaming";
  return "unary";
}

const ServiceDescriptor& FindService(Session& session, const std::string& name) {
  const ServiceDescriptor* service = session.pool().FindServiceByName(StripDot(name));
  session.ThrowIfBroken();
  if (service == nullptr) {
    throw ToolError{kExitUsage, "unknown service '" + name +
                                    "'; the server has: " + Join(session.Services()) +
                                    session.PoolErrorSummary()};
  }
  return *service;
}

google::protobuf::util::JsonPrintOptions PrintOptions(const Options& options) {
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = options.pretty;
  print.always_print_primitive_fields = options.emit_defaults;
  return print;
}

// ---------------------------------------------------------------- list

int RunList(Session& session, const Options& options) {
  if (options.list_service.empty()) {
    for (const std::string& name : session.Services()) {
      std::cout << name << "\n";
    }
    return 0;
  }
  const ServiceDescriptor& service = FindService(session, options.list_service);
  size_t width = 0;
  for (int i = 0; i < service.method_count(); ++i) {
    width = std::max(width, service.method(i)->name().size());
  }
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor& method = *service.method(i);
    std::string kind = MethodKind(method);
    std::cout << method.name() << std::string(width - method.name().size(), ' ') << "  "
              << kind << std::string(16 - kind.size(), ' ') << "  "
              << method.input_type()->full_name() << " -> "
              << method.output_type()->full_name() << "\n";
  }
  return 0;
}

// ---------------------------------------------------------------- describe

int RunDescribe(Session& session, const Options& options) {
  std::string symbol = StripDot(options.describe_symbol);
  const DescriptorPool& pool = session.pool();
  std::string text;
  if (symbol.size() > 6 && symbol.compare(symbol.size() - 6, 6, ".proto") == 0) {
    if (const auto* file = pool.FindFileByName(symbol)) text = file->DebugString();
  } else {
    // Accept Service/Method as well as Service.Method.
    const size_t slash = symbol.find('/');
    if (slash != std::string::npos) symbol[slash] = '.';
    if (const auto* service = pool.FindServiceByName(symbol)) {
      text = service->DebugString();
    } else if (const auto* message = pool.FindMessageTypeByName(symbol)) {
      text = message->DebugString();
    } else if (const auto* enum_type = pool.FindEnumTypeByName(symbol)) {
      text = enum_type->DebugString();
    } else if (const auto* method = pool.FindMethodByName(symbol)) {
      text = "// " + std::string(MethodKind(*method)) + " method of " +
             method->service()->full_name() + "\n" + method->DebugString();
    } else if (const auto* field = pool.FindFieldByName(symbol)) {
      text = "// field of " + field->containing_type()->full_name() + "\n" +
             field->DebugString();
    } else if (const auto* value = pool.FindEnumValueByName(symbol)) {
      text = "// value of " + value->type()->full_name() + "\n" + value->DebugString();
    } else if (const auto* extension = pool.FindExtensionByName(symbol)) {
      text = extension->DebugString();
    }
  }
  session.ThrowIfBroken();
  if (text.empty()) {
    throw ToolError{kExitUsage, "the server knows no symbol '" + symbol +
                                    "'; its services are: " + Join(session.Services()) +
                                    session.PoolErrorSummary()};
  }
  std::cout << text;
  if (text.back() != '\n') std::cout << "\n";
  return 0;
}

// ---------------------------------------------------------------- call

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

std::pair<std::string, std::string> SplitMethod(const std::string& text) {
  std::string name = text;
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  name = StripDot(name);
  size_t cut = name.rfind('/');
  if (cut == std::string::npos) cut = name.rfind('.');
  if (cut == std::string::npos || cut == 0 || cut + 1 == name.size()) {
    throw ToolError{kExitUsage, "'" + text +
                                    "' is not SERVICE/METHOD (for example "
                                    "lab.Greeter/SayHello)"};
  }
  return {name.substr(0, cut), name.substr(cut + 1)};
}

std::unique_ptr<Message> ParseRequest(const std::string& json, const Descriptor& type,
                                      DynamicMessageFactory& factory,
                                      const std::string& where) {
  std::unique_ptr<Message> request(factory.GetPrototype(&type)->New());
  google::protobuf::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, request.get(), parse);
  if (!status.ok()) {
    // The parser's syntax errors span three lines (message, the JSON around
    // the error, a ^ marker); keep it to one.
    std::istringstream lines{std::string(status.message())};
    std::string reason;
    std::string context;
    std::getline(lines, reason);
    std::getline(lines, context);
    if (!Trim(context).empty()) reason += " (near: " + context + ")";
    throw ToolError{kExitUsage,
                    where + " is not a valid " + type.full_name() + ": " + reason};
  }
  return request;
}

grpc::ByteBuffer ToByteBuffer(const Message& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, Message* message) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return false;
  return message->ParseFromArray(slice.begin(), static_cast<int>(slice.size()));
}

void PrintMetadata(const char* label,
                   const std::multimap<grpc::string_ref, grpc::string_ref>& md) {
  std::cerr << label << " metadata:" << (md.empty() ? " (none)" : "") << "\n";
  for (const auto& [key_ref, value_ref] : md) {
    const std::string key(key_ref.data(), key_ref.size());
    std::string value(value_ref.data(), value_ref.size());
    const bool binary = key.size() > 4 && key.compare(key.size() - 4, 4, "-bin") == 0;
    if (binary) value = Base64Encode(value) + "  (base64)";
    std::cerr << "  " << key << ": " << value << "\n";
  }
}

int RunCall(Session& session, const Options& options) {
  const auto [service_name, method_name] = SplitMethod(options.method);
  const ServiceDescriptor& service = FindService(session, service_name);
  const MethodDescriptor* method = service.FindMethodByName(method_name);
  if (method == nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < service.method_count(); ++i) {
      names.push_back(service.method(i)->name());
    }
    throw ToolError{kExitUsage, "service " + service.full_name() + " has no method '" +
                                    method_name + "'; it has: " + Join(names)};
  }
  const Descriptor& input = *method->input_type();
  const Descriptor& output = *method->output_type();
  DynamicMessageFactory& factory = session.factory();

  // Requests are validated before anything is sent, except for bidi calls
  // fed from stdin: those send each line as it is typed.
  std::vector<std::unique_ptr<Message>> requests;
  const bool from_stdin = options.json_from_stdin;
  const bool is_bidi = method->client_streaming() && method->server_streaming();
  const bool stream_stdin = from_stdin && is_bidi;
  StdinLines stdin_lines;
  if (!from_stdin) {
    requests.push_back(ParseRequest(options.json, input, factory, "the request"));
  } else {
    if (::isatty(STDIN_FILENO)) {
      std::cerr << "(reading " << input.full_name()
                << " as JSON from stdin, one per line; end with Ctrl-D)\n";
    }
    if (!stream_stdin) {
      std::string line;
      for (int number = 1; stdin_lines.Next(&line); ++number) {
        if (Trim(line).empty()) continue;
        requests.push_back(
            ParseRequest(line, input, factory, "stdin line " + std::to_string(number)));
      }
      if (!method->client_streaming() && requests.size() != 1) {
        throw ToolError{kExitUsage, std::string(MethodKind(*method)) + " method " +
                                        method->name() +
                                        " takes exactly one request; got " +
                                        std::to_string(requests.size())};
      }
    }
  }
  // Types are known now; end the reflection stream so it does not sit open
  // (and run into its deadline) during a long call. It reopens on demand.
  session.reflection().Close();

  // Teaching point: on the wire every gRPC call is the same thing, an HTTP/2
  // stream to "/package.Service/Method" carrying length-prefixed messages
  // each way, ending with a status in the trailers. "Unary" or "streaming" is
  // only a promise about how many messages each side sends. So one generic
  // bidirectional stream of raw bytes (grpc::ByteBuffer) serves all four
  // kinds: write the requests, half-close, read every response, then Finish.
  // ClientReaderWriterFactory is what generated bidi stubs use themselves;
  // grpc::GenericStub (the public generic API) offers only async/callback
  // streams in gRPC 1.51.
  const std::string path = "/" + service.full_name() + "/" + method->name();
  grpc::ClientContext context;
  session.Prepare(&context);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::
          Create(session.channel(),
                 grpc::internal::RpcMethod(path.c_str(),
                                           grpc::internal::RpcMethod::BIDI_STREAMING),
                 &context));

  // Responses are read on their own thread while requests are written, so a
  // bidi server can answer each message as it arrives.
  const auto print = PrintOptions(options);
  std::atomic<bool> call_over{false};
  bool initial_metadata_shown = false;
  std::thread reader([&] {
    grpc::ByteBuffer buffer;
    for (int index = 0; stream->Read(&buffer); ++index) {
      if (options.show_metadata && !initial_metadata_shown) {
        PrintMetadata("initial", context.GetServerInitialMetadata());
        initial_metadata_shown = true;
      }
      std::unique_ptr<Message> response(factory.GetPrototype(&output)->New());
      std::string json;
      if (!FromByteBuffer(buffer, response.get())) {
        std::cerr << "response " << index << " does not parse as " << output.full_name()
                  << "\n";
        continue;
      }
      const auto status =
          google::protobuf::util::MessageToJsonString(*response, &json, print);
      if (!status.ok()) {
        std::cerr << "response " << index
                  << " cannot be shown as JSON: " << status.message() << "\n";
        continue;
      }
      while (!json.empty() && json.back() == '\n') json.pop_back();
      std::cout << json << std::endl;
    }
    call_over = true;
  });

  std::optional<ToolError> input_error;
  bool sending = true;
  for (const auto& request : requests) {
    if (!(sending = stream->Write(ToByteBuffer(*request)))) break;
  }
  if (stream_stdin) {
    std::string line;
    for (int number = 1; sending && stdin_lines.Next(&line, &call_over); ++number) {
      if (Trim(line).empty()) continue;
      try {
        auto request =
            ParseRequest(line, input, factory, "stdin line " + std::to_string(number));
        sending = stream->Write(ToByteBuffer(*request));
      } catch (const ToolError& error) {
        input_error = error;
        input_error->message += " (call cancelled)";
        context.TryCancel();
        sending = false;
      }
    }
  }
  if (sending) stream->WritesDone();
  reader.join();
  const grpc::Status status = stream->Finish();

  if (options.show_metadata) {
    if (!initial_metadata_shown) {
      PrintMetadata("initial", context.GetServerInitialMetadata());
    }
    PrintMetadata("trailing", context.GetServerTrailingMetadata());
  }
  if (input_error) throw *input_error;
  if (status.ok()) return 0;

  const int code = status.error_code();
  std::cerr << "ERROR: " << StatusCodeName(code) << " (" << code
            << "): " << status.error_message() << "\n";
  // grpc::Status::error_details() holds the raw "grpc-status-details-bin"
  // trailer: a serialized google.rpc.Status.
  if (!status.error_details().empty()) {
    auto details_print = print;
    details_print.add_whitespace = false;
    PrintStatusDetails(status.error_details(), session.pool(), &factory, details_print,
                       std::cerr);
  }
  return code;
}

// libprotobuf logs a warning for every JSON conversion that fails (we report
// those ourselves); let only errors through.
void QuietProtobufLog(google::protobuf::LogLevel level, const char* filename, int line,
                      const std::string& message) {
  if (level < google::protobuf::LOGLEVEL_ERROR) return;
  std::cerr << "[libprotobuf " << filename << ":" << line << "] " << message << "\n";
}

int Main(int argc, char** argv) {
  google::protobuf::SetLogHandler(&QuietProtobufLog);
  Options options;
  CLI::App app{
      "grpc-call: call any gRPC server that has reflection enabled.\n"
      "Requests and responses are JSON (proto3 JSON mapping).",
      "grpc-call"};
  app.fallthrough();  // Global options may also follow the subcommand.
  app.require_subcommand(1);
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

  CLI::App* list =
      app.add_subcommand("list", "list the services, or the methods of SERVICE");
  list->add_option("SERVICE", options.list_service, "fully-qualified service name");
  CLI::App* describe = app.add_subcommand(
      "describe", "show a service, method, message or enum as proto text");
  describe
      ->add_option("SYMBOL", options.describe_symbol,
                   "fully-qualified name, e.g. lab.Greeter.SayHello")
      ->required();
  CLI::App* call = app.add_subcommand("call", "call a method");
  call->add_option("METHOD", options.method, "SERVICE/METHOD or SERVICE.METHOD")
      ->required();
  CLI::Option* json =
      call->add_option("JSON", options.json,
                       "the request; '-' or absent: read requests from stdin, "
                       "one JSON object per line");
  app.footer(
      "Examples:\n"
      "  grpc-call 127.0.0.1:50051 list\n"
      "  grpc-call 127.0.0.1:50051 list lab.Greeter\n"
      "  grpc-call 127.0.0.1:50051 describe lab.HelloRequest\n"
      "  grpc-call 127.0.0.1:50051 call lab.Greeter/SayHello "
      "'{\"name\":\"Ada\"}'\n"
      "  printf '{\"n\":1}\\n{\"n\":2}\\n' | "
      "grpc-call 127.0.0.1:50051 call lab.Calc/Sum\n"
      "Exit code: 0 ok, 2 bad input, otherwise the gRPC status code.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int rc = app.exit(error);
    return rc == 0 ? 0 : kExitUsage;
  }
  options.json_from_stdin = json->count() == 0 || options.json == "-";

  try {
    Metadata metadata = ParseMetadata(options.metadata);
    std::shared_ptr<grpc::Channel> channel = MakeChannel(options);
    WaitForConnection(channel.get(), options);
    Session session(options, std::move(metadata), channel);
    if (list->parsed()) return RunList(session, options);
    if (describe->parsed()) return RunDescribe(session, options);
    return RunCall(session, options);
  } catch (const ToolError& error) {
    std::cerr << "grpc-call: " << error.message << "\n";
    return error.exit_code;
  }
}

}  // namespace
}  // namespace grpccall

int main(int argc, char** argv) { return grpccall::Main(argc, argv); }
