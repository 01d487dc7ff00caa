// Lesson 07, part 1: rich error details in the grpc-status-details-bin trailer.
#include "errors.h"

namespace lab::errors {

// Contract (errors.h): INVALID_ARGUMENT whose details are a serialized google.rpc.Status
// (same code and message) holding `bad_request` in an Any.
grpc::Status BadRequestStatus(const std::string& message,
                              const google::rpc::BadRequest& bad_request) {
  // TODO(lesson07): build a google::rpc::Status (code 3, message, bad_request packed
  // into details), serialize it, and return it as the third argument of grpc::Status.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement BadRequestStatus in "
                      "lessons/07-errors-and-deadlines/errors.cc");
}

// Contract (errors.h): OK and *bad_request filled; NOT_FOUND without a BadRequest;
// DATA_LOSS when the details are not a google.rpc.Status.
grpc::Status ReadBadRequest(const grpc::Status& status,
                            google::rpc::BadRequest* bad_request) {
  // TODO(lesson07): parse status.error_details() as a google::rpc::Status and unpack
  // the first detail that is a google::rpc::BadRequest.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement ReadBadRequest in "
                      "lessons/07-errors-and-deadlines/errors.cc");
}

}  // namespace lab::errors
