// Given: do not edit. The service this lesson's servers run: it echoes, optionally
// after a delay, and tells the caller which connection its call came on.
#pragma once

#include "keepalive.grpc.pb.h"

namespace lab::keepalive {

// EchoService.Echo on gRPC's callback API: a delayed answer waits on a grpc::Alarm,
// not on a thread, so a server stopped mid-call (or a caller leaving) costs nothing.
class EchoServiceImpl final : public EchoService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const EchoRequest* request, EchoReply* reply) override;
};

}  // namespace lab::keepalive
