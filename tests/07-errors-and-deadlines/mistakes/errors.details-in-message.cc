// Mistake: the field violations are written into the message text, and no details are
// sent, so a program receiving the error cannot read them.
// Lesson 07, part 1: rich error details in the grpc-status-details-bin trailer.
#include "errors.h"

namespace lab::errors {

// Contract (errors.h): INVALID_ARGUMENT whose details are a serialized google.rpc.Status
// (same code and message) holding `bad_request` in an Any.
grpc::Status BadRequestStatus(const std::string& message,
                              const google::rpc::BadRequest& bad_request) {
  std::string text = message;
  for (const auto& violation : bad_request.field_violations()) {
    text += "; " + violation.field() + ": " + violation.description();
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, text);
}

// Contract (errors.h): OK and *bad_request filled; NOT_FOUND without a BadRequest;
// DATA_LOSS when the details are not a google.rpc.Status.
grpc::Status ReadBadRequest(const grpc::Status& status,
                            google::rpc::BadRequest* bad_request) {
  if (status.error_details().empty()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "the status carries no error details");
  }
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        "the error details are not a google.rpc.Status");
  }
  for (const google::protobuf::Any& detail : rich.details()) {
    // Is<T>() compares the type URL; UnpackTo parses the bytes.
    if (detail.Is<google::rpc::BadRequest>()) {
      if (!detail.UnpackTo(bad_request)) {
        return grpc::Status(grpc::StatusCode::DATA_LOSS,
                            "a BadRequest detail does not parse");
      }
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::NOT_FOUND,
                      "the error details hold no google.rpc.BadRequest");
}

}  // namespace lab::errors
