// Lesson 06 test helper: a server interceptor that watches every Write the learner's
// server makes, stream by stream, and catches two Writes in flight on one stream.
//
// For a sync stream, gRPC 1.51 runs a server interceptor's PRE_SEND_MESSAGE hook on
// the thread that called Write(), before the message goes to the transport, and its
// POST_SEND_MESSAGE hook when that Write completes, just before Write() returns
// (checked with a probe program: every PRE_SEND_MESSAGE ran on the writing thread).
// So a second PRE_SEND_MESSAGE on a stream before the first one's POST_SEND_MESSAGE
// means two threads inside Write() on one stream at the same time.
//
// Such an overlap is short and rare, so a test arms a hold: the next Write to a
// member's stream waits inside its hook until a second Write to the same stream
// arrives (the bug) or the hold ends (correct code: the second writer waits for the
// member's lock, so it cannot arrive meanwhile). An unsynchronised second Write that
// starts during the hold is seen every time, not by luck.
//
// Two Writes on one stream share one set of gRPC's per-call state (the ServerContext's
// pending operations), and the second has already overwritten it when its hook runs.
// Letting both go on would corrupt the call and abort the process; the watch sequences
// them instead: the first Write goes on (and sends the message the second one stored);
// the second waits in its hook until the first has completed, then completes without
// sending anything. One message is lost, and the test fails on the recorded overlap.
// That is safe once per stream; more unsynchronised Writes right after it could still
// race inside gRPC. So the tests that provoke an overlap send nothing more to that
// stream, and nobody leaves before every writer's handler is back in Read()
// (WaitUntilReading): without the member's lock, a leaving member's stream could be
// destroyed under a Write still running.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chat.grpc.pb.h"

namespace lab::chat {

class WriteWatch {
 public:
  using Clock = std::chrono::steady_clock;

  // What a test reads: the member names are those of the Joins the server read.
  struct Overlap {
    std::string member;  // whose stream
    std::string first;   // the Write already in flight, e.g. "the Joined event"
    std::string second;  // the Write that started meanwhile, e.g. "ana's message"
  };

  // Adds the watch's interceptor to a server (TestServer's ServerOptions::configure).
  void Install(grpc::ServerBuilder& builder) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        factories;
    factories.push_back(std::make_unique<Factory>(this));
    builder.experimental().SetInterceptorCreators(std::move(factories));
  }

  // The next Write to `member`'s stream is held until another Write to that stream
  // starts, at most `hold`.
  void HoldNextWriteTo(const std::string& member, std::chrono::milliseconds hold) {
    std::lock_guard<std::mutex> lock(mu_);
    hold_member_ = member;
    hold_for_ = hold;
  }

  // Waits until the held Write to `member` has started, at most `timeout`.
  bool WaitUntilHeld(const std::string& member, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      return std::any_of(calls_.begin(), calls_.end(), [&](const auto& call) {
        return call->member == member && call->was_held;
      });
    });
  }

  // Waits until `count` Writes to `member`'s stream have started and none is in flight
  // any more, at most `timeout`.
  bool WaitForWritesTo(const std::string& member, int count,
                       std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      return std::any_of(calls_.begin(), calls_.end(), [&](const auto& call) {
        return call->member == member && call->started_writes >= count &&
               call->writing == 0;
      });
    });
  }

  // Waits until a Write to `member` has been in flight for `stuck` (blocked, e.g. by
  // flow control), at most `timeout`.
  bool WaitForStuckWrite(const std::string& member, std::chrono::milliseconds stuck,
                         std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const Clock::time_point give_up = Clock::now() + timeout;
    while (true) {
      Clock::time_point next = give_up;
      for (const auto& call : calls_) {
        if (call->member != member || call->writing == 0) continue;
        if (Clock::now() - call->started >= stuck) return true;
        next = std::min(next, call->started + stuck);
      }
      if (Clock::now() >= give_up) return false;
      cv_.wait_until(lock, next);
    }
  }

  // Waits until `member`'s handler has started its `count`th Read() (the Join's is the
  // first) or has returned, at most `timeout`. A handler that reads again has
  // returned from everything it did before, its Broadcast()'s Writes included.
  bool WaitUntilReading(const std::string& member, int count,
                        std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      return std::any_of(calls_.begin(), calls_.end(), [&](const auto& call) {
        return call->member == member && (call->reads >= count || call->returned);
      });
    });
  }

  std::vector<Overlap> overlaps() {
    std::lock_guard<std::mutex> lock(mu_);
    return overlaps_;
  }

  // Whether any WriteWatch in this test program has seen an overlap.
  static bool AnySeen() {
    std::lock_guard<std::mutex> lock(SeenMutex());
    return SeenFlag();
  }

 private:
  // One call as the watch sees it. Guarded by the watch's mu_.
  struct Call {
    std::string member;           // the name in the Join the server read; "" before
    int writing = 0;              // Writes between their two hooks
    std::uint64_t completed = 0;  // Writes completed (POST_SEND_MESSAGE)
    std::string current;          // what the first Write in flight sends
    Clock::time_point started;    // when it started
    int started_writes = 0;       // Writes that reached PRE_SEND_MESSAGE
    bool was_held = false;        // a Write to this stream was held
    int reads = 0;                // Read() calls its handler has started
    bool returned = false;        // its handler has returned (the status is being sent)
  };

  class Interceptor final : public grpc::experimental::Interceptor {
   public:
    Interceptor(WriteWatch* watch, std::shared_ptr<Call> call)
        : watch_(watch), call_(std::move(call)) {}
    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using Hook = grpc::experimental::InterceptionHookPoints;
      // Read the hook points first: a second writer shares `methods` with the first,
      // whose completion changes them while the second waits in BeforeWrite.
      const bool received = methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE);
      const bool sending = methods->QueryInterceptionHookPoint(Hook::PRE_SEND_MESSAGE);
      const bool sent = methods->QueryInterceptionHookPoint(Hook::POST_SEND_MESSAGE);
      const bool ending = methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS);
      if (received) {
        watch_->SawRequest(*call_, static_cast<ChatRequest*>(methods->GetRecvMessage()));
      }
      if (NoHookPoint(methods)) watch_->ReadStarted(*call_);
      if (ending) watch_->HandlerReturned(*call_);
      if (sending) {
        watch_->BeforeWrite(*call_,
                            static_cast<const ChatEvent*>(methods->GetSendMessage()));
      }
      methods->Proceed();
      // Only now may a second writer waiting in BeforeWrite go on.
      if (sent) watch_->AfterWrite(*call_);
    }

   private:
    // A sync Read() reaches the interceptor with no hook point at all (a server's
    // receive has hooks only when it completes): on the handler's thread, as it starts.
    static bool NoHookPoint(grpc::experimental::InterceptorBatchMethods* methods) {
      using Hook = grpc::experimental::InterceptionHookPoints;
      for (int h = 0; h < static_cast<int>(Hook::NUM_INTERCEPTION_HOOKS); ++h) {
        if (methods->QueryInterceptionHookPoint(static_cast<Hook>(h))) return false;
      }
      return true;
    }

    WriteWatch* watch_;
    std::shared_ptr<Call> call_;
  };

  class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit Factory(WriteWatch* watch) : watch_(watch) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* /*info*/) override {
      auto call = std::make_shared<Call>();
      {
        std::lock_guard<std::mutex> lock(watch_->mu_);
        watch_->calls_.push_back(call);
      }
      return new Interceptor(watch_, std::move(call));
    }

   private:
    WriteWatch* watch_;
  };

  static std::string Describe(const ChatEvent* event) {
    if (event == nullptr) return "a Write";
    if (event->has_joined()) return "the Joined event";
    if (event->has_message()) return event->message().sender() + "'s message";
    return "an empty ChatEvent";
  }

  void SawRequest(Call& call, const ChatRequest* request) {
    if (request == nullptr || !request->has_join()) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (call.member.empty()) call.member = request->join().name();
  }

  void BeforeWrite(Call& call, const ChatEvent* event) {
    const std::string what = Describe(event);
    std::unique_lock<std::mutex> lock(mu_);
    ++call.started_writes;
    if (call.writing > 0) {
      overlaps_.push_back({call.member, call.current, what});
      {
        std::lock_guard<std::mutex> seen(SeenMutex());
        SeenFlag() = true;
      }
      ++call.writing;
      const std::uint64_t first_done = call.completed + 1;
      cv_.notify_all();  // ends the hold of the first Write, if it is held
      cv_.wait_for(lock, kSettle, [&] { return call.completed >= first_done; });
      --call.writing;  // this Write has no POST_SEND_MESSAGE of its own
      cv_.notify_all();
      return;
    }
    call.writing = 1;
    call.current = what;
    call.started = Clock::now();
    cv_.notify_all();
    if (!call.member.empty() && call.member == hold_member_) {
      hold_member_.clear();
      call.was_held = true;
      cv_.wait_for(lock, hold_for_, [&] { return call.writing > 1; });
    }
  }

  void ReadStarted(Call& call) {
    std::lock_guard<std::mutex> lock(mu_);
    ++call.reads;
    cv_.notify_all();
  }

  void HandlerReturned(Call& call) {
    std::lock_guard<std::mutex> lock(mu_);
    call.returned = true;
    cv_.notify_all();
  }

  void AfterWrite(Call& call) {
    std::lock_guard<std::mutex> lock(mu_);
    if (call.writing > 0) --call.writing;
    ++call.completed;
    cv_.notify_all();
  }

  static std::mutex& SeenMutex() {
    static std::mutex mu;
    return mu;
  }
  static bool& SeenFlag() {
    static bool seen = false;
    return seen;
  }

  // The longest a second writer waits for the first Write to complete.
  static constexpr std::chrono::milliseconds kSettle{3000};

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Call>> calls_;
  std::string hold_member_;
  std::chrono::milliseconds hold_for_{0};
  std::vector<Overlap> overlaps_;
};

}  // namespace lab::chat
