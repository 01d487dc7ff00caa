// Lesson 02: what build/bin/lesson02_dump prints. Given: do not edit.
#pragma once

#include <ostream>

#include "reading.h"

namespace lab::wire {

// Encodes `reading` with your EncodeReading, one field at a time and then whole, prints
// the bytes in hex, compares them with libprotobuf's, shows the size as JSON, and
// decodes the bytes again with your DecodeReading. Returns 0 when your bytes equal
// libprotobuf's and decode back to `reading`, 1 otherwise.
int RunDump(const Reading& reading, std::ostream& out);

}  // namespace lab::wire
