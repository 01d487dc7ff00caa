// Given: do not edit. A channel whose calls pass through the circuit breaker.
#include "resilience.h"

namespace lab::resilience {

std::shared_ptr<grpc::Channel> MakeProtectedChannel(const std::string& target,
                                                    CircuitBreaker* breaker) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      chain;
  chain.push_back(std::make_unique<CircuitBreakerInterceptorFactory>(breaker));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(chain));
}

}  // namespace lab::resilience
