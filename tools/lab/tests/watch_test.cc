// lab watch's file watcher: saves that editors make by renaming a temporary file over
// the original must be seen, with inotify and with the polling fallback. The tests wait
// on the watcher's result with a deadline; they never sleep.
#include "watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "fixture.h"

namespace lab::runner {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class WatchTest : public ::testing::TestWithParam<bool> {  // param: force polling
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    testing::Write(dir_ / "client.cc", "int a;\n");
    testing::Write(dir_ / "README.md", "text\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Runs watcher.Wait() on another thread, does `save`, and waits (with a deadline)
  // for the watcher to report.
  std::optional<WatchEvent> SaveAndWait(Watcher& watcher,
                                        const std::function<void()>& save) {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<WatchEvent> got;
    std::thread waiter([&] {
      WatchEvent ev = watcher.Wait(seconds(20));
      std::lock_guard<std::mutex> lock(mu);
      got = ev;
      cv.notify_all();
    });
    save();
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!cv.wait_for(lock, seconds(30), [&] { return got.has_value(); })) {
        watcher.Interrupt();
      }
    }
    waiter.join();
    return got;
  }

  fs::path dir_;
};

TEST_P(WatchTest, SeesASaveByRename) {
  Watcher watcher({dir_}, IsWatchedSourceName, /*force_polling=*/GetParam());
  EXPECT_EQ(watcher.polling(), GetParam()) << watcher.mode_note();
  if (GetParam()) {
    EXPECT_NE(watcher.mode_note().find("polling"), std::string::npos)
        << "polling must say that it polls";
  }
  auto ev = SaveAndWait(watcher, [&] {
    // What vim (backupcopy=no), helix and JetBrains IDEs do: write a temporary file,
    // then rename it over the original.
    testing::Write(dir_ / "client.cc.tmp", "int b;\n");
    fs::rename(dir_ / "client.cc.tmp", dir_ / "client.cc");
  });
  ASSERT_TRUE(ev.has_value());
  EXPECT_FALSE(ev->timed_out) << "the rename-save was not noticed";
  EXPECT_EQ(ev->changed, std::vector<std::string>{"client.cc"})
      << "only the source counts, not the editor's temporary file";
}

TEST_P(WatchTest, KeepsWatchingAfterOneSave) {
  Watcher watcher({dir_}, IsWatchedSourceName, GetParam());
  for (int i = 0; i < 3; ++i) {
    auto ev = SaveAndWait(watcher, [&] {
      testing::Write(dir_ / ("client.cc___jb_tmp___"),
                     "int c" + std::to_string(i) + ";\n");
      fs::rename(dir_ / "client.cc___jb_tmp___", dir_ / "client.cc");
    });
    ASSERT_TRUE(ev.has_value());
    EXPECT_EQ(ev->changed, std::vector<std::string>{"client.cc"}) << "save " << i;
  }
}

TEST_P(WatchTest, IgnoresEditorScratchFiles) {
  Watcher watcher({dir_}, IsWatchedSourceName, GetParam());
  testing::Write(dir_ / ".client.cc.swp", "vim swap\n");
  testing::Write(dir_ / "4913", "vim probe\n");
  testing::Write(dir_ / "README.md", "not a source\n");
  WatchEvent ev = watcher.Wait(milliseconds(1200));
  EXPECT_TRUE(ev.timed_out);
  EXPECT_TRUE(ev.changed.empty());
}

// The runner sets the time of a file whose content changed since the last build: that
// alone (no new content) must not look like a save, or watch would check in a loop.
TEST_P(WatchTest, ANewTimeAloneIsNotASave) {
  Watcher watcher({dir_}, IsWatchedSourceName, GetParam());
  testing::SetMtime(dir_ / "client.cc", 1600000000);
  ASSERT_EQ(utimensat(AT_FDCWD, (dir_ / "client.cc").c_str(), nullptr, 0), 0);
  WatchEvent ev = watcher.Wait(milliseconds(1200));
  EXPECT_TRUE(ev.timed_out);
  EXPECT_TRUE(ev.changed.empty());
  // New content with an old time (cp -p) is a change.
  auto changed = SaveAndWait(watcher, [&] {
    testing::Write(dir_ / "client.cc.tmp", "int restored;\n");
    testing::SetMtime(dir_ / "client.cc.tmp", 1600000000);
    fs::rename(dir_ / "client.cc.tmp", dir_ / "client.cc");
  });
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->changed, std::vector<std::string>{"client.cc"});
  // Written in place with the same size and the same old time as before (`cp -p` of
  // another old copy): only the content tells.
  auto in_place = SaveAndWait(watcher, [&] {
    testing::Write(dir_ / "old.txt", "int restore2;\n");
    testing::SetMtime(dir_ / "old.txt", 1600000000);
    ProcessResult cp = RunProcess(
        {"cp", "-p", (dir_ / "old.txt").string(), (dir_ / "client.cc").string()});
    EXPECT_TRUE(cp.ok()) << cp.output;
  });
  ASSERT_TRUE(in_place.has_value());
  EXPECT_EQ(in_place->changed, std::vector<std::string>{"client.cc"});
}

TEST_P(WatchTest, InterruptWakesTheWait) {
  Watcher watcher({dir_}, IsWatchedSourceName, GetParam());
  std::thread other([&] { watcher.Interrupt(); });
  WatchEvent ev = watcher.Wait(seconds(20));
  other.join();
  EXPECT_TRUE(ev.interrupted);
}

INSTANTIATE_TEST_SUITE_P(InotifyAndPolling, WatchTest, ::testing::Values(false, true),
                         [](const auto& info) {
                           return info.param ? std::string("Polling")
                                             : std::string("Inotify");
                         });

TEST(WatchNames, SourcesAndNotScratchFiles) {
  for (const char* yes : {"client.cc", "client.h", "unary.proto", "CMakeLists.txt"}) {
    EXPECT_TRUE(IsWatchedSourceName(yes)) << yes;
  }
  for (const char* no : {".client.cc.swp", "client.cc~", "4913", "client.cc___jb_tmp___",
                         "#client.cc#", "README.md", "client.cc.tmp"}) {
    EXPECT_FALSE(IsWatchedSourceName(no)) << no;
  }
}

}  // namespace
}  // namespace lab::runner
