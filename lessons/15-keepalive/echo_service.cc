// Given: do not edit.
#include "echo_service.h"

#include <grpcpp/alarm.h>

#include <chrono>

#include "keepalive.h"

namespace lab::keepalive {
namespace {

// One call: answers at once, or when its alarm fires; a caller that leaves first
// cancels the alarm and the call ends CANCELLED.
class DelayedEcho final : public grpc::ServerUnaryReactor {
 public:
  DelayedEcho(grpc::CallbackServerContext* context, const EchoRequest& request,
              EchoReply* reply) {
    reply->set_text(request.text());
    reply->set_peer(context->peer());
    if (request.delay_ms() == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    alarm_.Set(
        std::chrono::system_clock::now() + std::chrono::milliseconds(request.delay_ms()),
        [this](bool fired) {
          Finish(fired ? grpc::Status::OK
                       : grpc::Status(grpc::StatusCode::CANCELLED,
                                      "the caller left before the answer"));
        });
  }

  void OnCancel() override { alarm_.Cancel(); }
  void OnDone() override { delete this; }

 private:
  grpc::Alarm alarm_;
};

}  // namespace

grpc::ServerUnaryReactor* EchoServiceImpl::Echo(grpc::CallbackServerContext* context,
                                                const EchoRequest* request,
                                                EchoReply* reply) {
  return new DelayedEcho(context, *request, reply);
}

const char* StateName(grpc_connectivity_state state) {
  switch (state) {
    case GRPC_CHANNEL_IDLE:
      return "IDLE";
    case GRPC_CHANNEL_CONNECTING:
      return "CONNECTING";
    case GRPC_CHANNEL_READY:
      return "READY";
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
      return "TRANSIENT_FAILURE";
    case GRPC_CHANNEL_SHUTDOWN:
      return "SHUTDOWN";
  }
  return "UNKNOWN";
}

}  // namespace lab::keepalive
