// Given: do not edit. The rooms (who is where, behind one lock), the live reactor count
// and the stats worker.
#include <algorithm>

#include "chat_service.h"

namespace lab::chat {

void LiveCount::Add(int delta) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    count_ += delta;
  }
  changed_.notify_all();
}

int LiveCount::value() {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

bool LiveCount::WaitForZero(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return count_ == 0; });
}

std::vector<std::string> ChatServiceImpl::AddMember(const std::string& room,
                                                    Member* member) {
  std::vector<std::string> names;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Member*>& members = rooms_[room];
    members.push_back(member);
    for (const Member* m : members) names.push_back(m->name());
  }
  changed_.notify_all();
  return names;
}

void ChatServiceImpl::RemoveMember(const std::string& room, Member* member) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return;
    std::vector<Member*>& members = it->second;
    members.erase(std::remove(members.begin(), members.end(), member), members.end());
    if (members.empty()) rooms_.erase(it);  // a room lives while it has members
  }
  changed_.notify_all();
}

void ChatServiceImpl::Broadcast(const std::string& room, const Member* from,
                                const ChatEvent& event) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  for (Member* member : it->second) {
    if (member != from) member->Post(event);
  }
}

int ChatServiceImpl::MemberCount(const std::string& room) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : static_cast<int>(it->second.size());
}

bool ChatServiceImpl::WaitForMemberCount(const std::string& room, int count,
                                         std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] {
    auto it = rooms_.find(room);
    return (it == rooms_.end() ? 0 : static_cast<int>(it->second.size())) == count;
  });
}

RoomStats ChatServiceImpl::StatsOf(const std::string& room) {
  RoomStats stats;
  stats.set_room(room);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return stats;
  stats.set_members(static_cast<int>(it->second.size()));
  std::int64_t queued = 0;
  for (Member* member : it->second) queued += member->Backlog();
  stats.set_queued_events(queued);
  return stats;
}

Worker::Worker() : thread_([this] { Run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Worker::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_all();
}

void Worker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, and nothing left to do
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace lab::chat
