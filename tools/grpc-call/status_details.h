// Decoding of rich error details: the serialized google.rpc.Status a server
// may attach to a non-OK status (trailing metadata "grpc-status-details-bin").
#ifndef GRPC_CALL_STATUS_DETAILS_H_
#define GRPC_CALL_STATUS_DETAILS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include <ostream>
#include <string>

namespace grpccall {

// A hand-made google/rpc/status.proto with just the fields we need
// (code = 1, message = 2, repeated google.protobuf.Any details = 3), for
// servers whose reflection does not know google.rpc.Status.
google::protobuf::FileDescriptorProto FallbackStatusFile();

// Prints `bytes` (a serialized google.rpc.Status) to `out` as
// "details: <json>". Detail messages (Any) are shown as JSON when `pool` can
// resolve their type, otherwise as type URL and size.
void PrintStatusDetails(const std::string& bytes,
                        const google::protobuf::DescriptorPool& pool,
                        google::protobuf::DynamicMessageFactory* factory,
                        const google::protobuf::util::JsonPrintOptions& options,
                        std::ostream& out);

}  // namespace grpccall

#endif  // GRPC_CALL_STATUS_DETAILS_H_
