// Given: do not edit.
#include "kitchen.h"

#include <thread>

namespace lab::errors {

void DoPrepareStep(std::chrono::milliseconds how_long) {
  std::this_thread::sleep_for(how_long);  // a stand-in: real code would do work here
}

}  // namespace lab::errors
