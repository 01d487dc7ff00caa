// Given: do not edit. The rooms: which members are where, behind one mutex.
#include <algorithm>

#include "chat_service.h"

namespace lab::chat {

std::vector<std::string> ChatServiceImpl::AddMember(const std::string& room,
                                                    std::shared_ptr<Member> member) {
  std::vector<std::string> names;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::shared_ptr<Member>>& members = rooms_[room];
    members.push_back(std::move(member));
    for (const auto& m : members) names.push_back(m->name);
  }
  changed_.notify_all();
  return names;
}

void ChatServiceImpl::RemoveMember(const std::string& room,
                                   const std::shared_ptr<Member>& member) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rooms_.find(room);
    if (it != rooms_.end()) {
      std::vector<std::shared_ptr<Member>>& members = it->second;
      members.erase(std::remove(members.begin(), members.end(), member), members.end());
      if (members.empty()) rooms_.erase(it);  // a room lives while it has members
    }
  }
  // Another handler may have copied the member list just before the erase above and be
  // writing to this member right now. Taking write_mu waits for that Write to finish;
  // the nullptr tells every later writer that the stream is gone.
  {
    std::lock_guard<std::mutex> lock(member->write_mu);
    member->stream = nullptr;
  }
  changed_.notify_all();
}

std::vector<std::shared_ptr<Member>> ChatServiceImpl::MembersOf(const std::string& room) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return {};
  return it->second;
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
    int now = it == rooms_.end() ? 0 : static_cast<int>(it->second.size());
    return now == count;
  });
}

}  // namespace lab::chat
