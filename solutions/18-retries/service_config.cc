#include "retries.h"

namespace lab::retries {

// Retries only UNAVAILABLE: the one code that says the call did not get through, so
// trying again is safe and may help. DEADLINE_EXCEEDED, INTERNAL, UNKNOWN or ABORTED
// may come after the deposit was applied, or will fail again the same way.
// Backoff: about 10 ms, then about 20 ms (capped at 100 ms): three attempts take
// well under kDepositTimeout. Throttling: 10 tokens, a failed attempt costs one, and
// retries stop once 5 or fewer are left; a success earns 0.1 back.
std::string LedgerServiceConfig() {
  return R"json({
  "methodConfig": [{
    "name": [{"service": "lab.retries.Ledger"}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.01s",
      "maxBackoff": "0.1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }],
  "retryThrottling": {"maxTokens": 10, "tokenRatio": 0.1}
})json";
}

}  // namespace lab::retries
