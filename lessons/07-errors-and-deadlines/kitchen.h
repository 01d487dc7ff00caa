// Given: do not edit. Stands in for slow work in lesson 07's PrepareOrder.
#pragma once

#include <chrono>

namespace lab::errors {

// One step of preparing an order (picking, packing...). Blocks the calling thread for
// `how_long`, like real work would; it cannot be interrupted once started.
void DoPrepareStep(std::chrono::milliseconds how_long);

}  // namespace lab::errors
