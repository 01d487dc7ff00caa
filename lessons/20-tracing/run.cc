// Given: do not edit. The programs of lesson 20.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "collector.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "services.h"
#include "tracing.h"

namespace lab::tracing {

int RunServer(const std::string& service, int port, const std::string& next,
              const std::string& zipkin) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  SpanExporter exporter({zipkin});
  const Tracer tracer{service, &exporter};
  std::unique_ptr<grpc::Service> handler;
  if (service == "gateway") {
    handler = std::make_unique<GatewayService>(TracedChannel(next, tracer));
  } else if (service == "orders") {
    handler = std::make_unique<OrdersService>(TracedChannel(next, tracer));
  } else if (service == "inventory") {
    handler = std::make_unique<InventoryService>();
  } else {
    std::cerr << "--service must be gateway, orders or inventory, not '" << service
              << "'\n";
    return 2;
  }
  grpc::ServerBuilder builder;
  builder.RegisterService(handler.get());
  builder.experimental().SetInterceptorCreators(TracedServerInterceptors(tracer));
  const int exit_code = common::ServeUntilStopped(builder, port);
  exporter.Flush(std::chrono::seconds(2));
  std::cout << service << ": spans sent " << exporter.sent() << ", dropped "
            << exporter.dropped() << std::endl;
  return exit_code;
}

int RunClient(const std::string& target, const std::string& sku, int quantity,
              const std::string& zipkin) {
  SpanExporter exporter({zipkin});
  auto stub = Gateway::NewStub(TracedChannel(target, {"client", &exporter}));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  OrderRequest request;
  request.set_sku(sku);
  request.set_quantity(quantity);
  OrderReply reply;
  const grpc::Status status = stub->PlaceOrder(&context, request, &reply);
  if (status.ok()) {
    std::cout << "order " << reply.order_id() << ", " << reply.remaining() << " " << sku
              << " left" << std::endl;
  } else {
    std::cout << "error " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << std::endl;
  }
  exporter.Flush(std::chrono::seconds(2));
  std::cout << "client: spans sent " << exporter.sent() << ", dropped "
            << exporter.dropped() << std::endl;
  return status.ok() ? 0 : 1;
}

int RunCollector(int port, const std::string& out) {
  common::BlockStopSignals();  // SIGINT/SIGTERM are taken with sigtimedwait below
  SpanCollector collector;
  if (!collector.Start(port)) {
    std::cerr << "cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << collector.port() << std::endl;
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  const timespec no_wait{0, 0};
  for (size_t written = 0; sigtimedwait(&stop, nullptr, &no_wait) < 0;) {
    if (!collector.WaitForSpans(written + 1, std::chrono::milliseconds(200))) continue;
    const std::vector<CollectedSpan> spans = collector.Spans();
    for (size_t i = written; i < spans.size(); ++i) {
      std::cout << "span " << spans[i].trace_id << " " << spans[i].service << " "
                << spans[i].kind << " " << spans[i].name << std::endl;
    }
    written = spans.size();
    std::ofstream(out) << collector.Json();
  }
  return 0;
}

int RunWaterfall(const std::string& file, const std::string& trace_id) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<CollectedSpan> spans;
  if (!in || !ParseZipkinSpans(text.str(), &spans)) {
    std::cerr << file << ": not a JSON array of Zipkin v2 spans\n";
    return 1;
  }
  std::set<std::string> printed;
  for (const auto& span : spans) {
    if (!trace_id.empty() && span.trace_id != trace_id) continue;
    if (printed.insert(span.trace_id).second)
      std::cout << Waterfall(spans, span.trace_id);
  }
  return 0;
}

}  // namespace lab::tracing
