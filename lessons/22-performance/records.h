// The data every part of lesson 22 moves around. Given: do not edit.
#pragma once

#include <cstdint>
#include <string>

#include "perf.pb.h"

namespace lab::perf {

// Limits of the Perf service (proto/perf.proto).
inline constexpr int kMaxBatch = 100000;             // StreamRecords' count
inline constexpr int64_t kMaxReplyBytes = 64 << 20;  // Transfer's reply_bytes
// gRPC's default limit on a message a side RECEIVES (grpc_types.h:
// GRPC_DEFAULT_MAX_RECV_MESSAGE_LENGTH). What a side may SEND is unlimited by default.
inline constexpr int kDefaultReceiveLimit = 4 * 1024 * 1024;

// The record with this id: the same fields for the same id, every time.
Record MakeRecord(int64_t id);

// `size` bytes: a repeating line of text (gzip shrinks it to a sliver) or, when
// `random`, bytes from a fixed-seed generator (gzip cannot shrink them at all).
std::string MakeBytes(int64_t size, bool random);

}  // namespace lab::perf
