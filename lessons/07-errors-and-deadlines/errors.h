// Contract for lesson 07's rich errors. Given: do not edit. Your work is in errors.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lab::errors {

// An INVALID_ARGUMENT status that carries `bad_request` as a rich error detail.
// The third argument of grpc::Status is sent in the grpc-status-details-bin trailer;
// put there a serialized google.rpc.Status whose code and message equal the call's
// (INVALID_ARGUMENT = 3, `message`) and whose details hold `bad_request` packed in a
// google.protobuf.Any. Any gRPC peer can then decode the field violations.
grpc::Status BadRequestStatus(const std::string& message,
                              const google::rpc::BadRequest& bad_request);

// Reads the google.rpc.BadRequest carried by a failed call's `status` into
// *bad_request. Returns OK when found. Errors:
//   NOT_FOUND  the status has no details, or its details hold no BadRequest
//   DATA_LOSS  the details are not a google.rpc.Status
grpc::Status ReadBadRequest(const grpc::Status& status,
                            google::rpc::BadRequest* bad_request);

}  // namespace lab::errors
