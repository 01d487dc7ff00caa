// Given: do not edit. The gateway's plumbing around routes.cc and transcode.cc.
#include "gateway.h"

#include <google/protobuf/message.h>

#include <cctype>
#include <future>
#include <sstream>
#include <utility>

#include "gateway.grpc.pb.h"
#include "transcode.h"

namespace lab::gateway {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> segments;
  std::stringstream in(path);
  std::string segment;
  while (std::getline(in, segment, '/')) {
    if (!segment.empty()) segments.push_back(segment);
  }
  return segments;
}

// "%2F" -> "/", "+" -> " ": a query string's encoding. A bad escape stays as it is.
std::string DecodeQueryText(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The query parameters of the request's target ("/v1/products?category=office").
// Not Request::params: for a form-encoded body (curl -d sends one unless told
// otherwise) cpp-httplib puts the body's fields there too.
std::multimap<std::string, std::string> QueryParams(const std::string& target) {
  std::multimap<std::string, std::string> params;
  const size_t question = target.find('?');
  if (question == std::string::npos) return params;
  std::stringstream in(target.substr(question + 1));
  std::string pair;
  while (std::getline(in, pair, '&')) {
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    params.emplace(
        DecodeQueryText(pair.substr(0, equals)),
        equals == std::string::npos ? "" : DecodeQueryText(pair.substr(equals + 1)));
  }
  return params;
}

// gRPC's generic unary call (1.51) reports through a callback on a gRPC thread; the
// promise hands the status to this thread. The context's deadline bounds the wait.
grpc::Status GenericUnaryCall(grpc::GenericStub& stub, const std::string& method,
                              grpc::ClientContext* context,
                              const grpc::ByteBuffer& request, grpc::ByteBuffer* reply) {
  std::promise<grpc::Status> done;
  stub.UnaryCall(context, method, grpc::StubOptions(), &request, reply,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

std::unique_ptr<google::protobuf::Message> NewMessage(
    const google::protobuf::Descriptor* type) {
  // The generated pool knows every message compiled into this program.
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

const google::protobuf::ServiceDescriptor& ServiceNamed(const char* full_name) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(full_name);
  GOOGLE_CHECK(service != nullptr) << "no service " << full_name << " in this program";
  return *service;
}

bool MatchPath(const std::string& path_template, const std::string& path,
               std::map<std::string, std::string>* params) {
  const std::vector<std::string> want = Segments(path_template);
  const std::vector<std::string> got = Segments(path);
  if (want.size() != got.size() || path.empty() || path.front() != '/') return false;
  std::map<std::string, std::string> bound;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string& w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      bound[w.substr(1, w.size() - 2)] = got[i];
    } else if (w != got[i]) {
      return false;
    }
  }
  *params = std::move(bound);
  return true;
}

grpc::Status Gateway::Create(const GatewayOptions& options,
                             std::unique_ptr<Gateway>* out) {
  std::vector<Route> routes;
  grpc::Status loaded = LoadRoutes(ServiceNamed(Catalog::service_full_name()), &routes);
  if (!loaded.ok()) return loaded;
  out->reset(new Gateway(std::move(routes), options));
  return grpc::Status::OK;
}

Gateway::Gateway(std::vector<Route> routes, const GatewayOptions& options)
    : routes_(std::move(routes)),
      options_(options),
      stub_(std::make_unique<grpc::GenericStub>(
          grpc::CreateChannel(options.backend, grpc::InsecureChannelCredentials()))) {}

HttpReply Gateway::Handle(const httplib::Request& request) const {
  grpc::Status status(grpc::StatusCode::NOT_FOUND,
                      "no route for " + request.method + " " + request.path);
  std::string json;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> path_params;
    if (route.verb == request.method &&
        MatchPath(route.path_template, request.path, &path_params)) {
      status = Call(route, request, path_params, &json);
      break;
    }
  }
  int http_status = HttpStatusFor(status.error_code());
  if (http_status < 200 || http_status > 599) http_status = 500;  // a starter's -1
  if (status.ok()) return {http_status, json};
  std::string error = ErrorJson(status);
  if (error.empty()) error = status.error_message();  // a starter's ""
  return {http_status, error};
}

grpc::Status Gateway::Call(const Route& route, const httplib::Request& request,
                           const std::map<std::string, std::string>& path_params,
                           std::string* json) const {
  std::unique_ptr<google::protobuf::Message> message =
      NewMessage(route.method->input_type());
  grpc::Status built = BuildRequest(route.body, request.body, QueryParams(request.target),
                                    path_params, message.get());
  if (!built.ok()) return built;

  grpc::ClientContext context;
  PrepareContext(request.headers, options_.timeout, &context);
  grpc::Slice slice(message->SerializeAsString());
  grpc::ByteBuffer reply_bytes;
  const std::string name =
      "/" + route.method->service()->full_name() + "/" + route.method->name();
  grpc::Status called =
      GenericUnaryCall(*stub_, name, &context, grpc::ByteBuffer(&slice, 1), &reply_bytes);
  if (!called.ok()) return called;

  std::unique_ptr<google::protobuf::Message> reply =
      NewMessage(route.method->output_type());
  grpc::Slice reply_slice;
  if (!reply_bytes.DumpToSingleSlice(&reply_slice).ok() ||
      !reply->ParseFromArray(reply_slice.begin(), static_cast<int>(reply_slice.size()))) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "the backend's reply did not parse");
  }
  return ResponseJson(*reply, json);
}

grpc::Status HttpGateway::Start(const GatewayOptions& options, int port,
                                std::unique_ptr<HttpGateway>* out) {
  std::unique_ptr<Gateway> gateway;
  grpc::Status created = Gateway::Create(options, &gateway);
  if (!created.ok()) return created;
  std::unique_ptr<HttpGateway> http(new HttpGateway(std::move(gateway)));

  // cpp-httplib routes by regular expression: every path goes to the Gateway, which
  // has its own route table.
  const Gateway* g = http->gateway_.get();
  auto handler = [g](const httplib::Request& request, httplib::Response& response) {
    HttpReply reply = g->Handle(request);
    response.status = reply.status;
    response.set_content(reply.body, "application/json");
  };
  http->server_.Get(".*", handler);
  http->server_.Post(".*", handler);
  http->server_.Put(".*", handler);
  http->server_.Delete(".*", handler);
  http->server_.Patch(".*", handler);

  // cpp-httplib 0.11: bind_to_any_port() returns the port it got (-1 on failure);
  // bind_to_port() only says whether it could.
  if (port == 0) {
    http->port_ = http->server_.bind_to_any_port("127.0.0.1");
  } else if (http->server_.bind_to_port("127.0.0.1", port)) {
    http->port_ = port;
  } else {
    http->port_ = -1;
  }
  if (http->port_ <= 0) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  // Bound: connections wait in the socket's backlog until the thread accepts them.
  HttpGateway* raw = http.get();
  http->thread_ = std::thread([raw] { raw->server_.listen_after_bind(); });
  *out = std::move(http);
  return grpc::Status::OK;
}

void HttpGateway::Stop() {
  if (!thread_.joinable()) return;
  // cpp-httplib 0.11's stop() does nothing until the server runs: wait for it.
  while (!server_.is_running()) std::this_thread::yield();
  server_.stop();
  thread_.join();
}

HttpGateway::~HttpGateway() { Stop(); }

}  // namespace lab::gateway
