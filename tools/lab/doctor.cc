#include "doctor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lab::runner {

namespace {

const char* kInstall = "sudo apt-get install ";

// "3.21.12" -> "3.21": the part two builds must agree on.
std::string MajorMinor(const std::string& v) {
  size_t first = v.find('.');
  if (first == std::string::npos) return v;
  size_t second = v.find('.', first + 1);
  return v.substr(0, second);
}

std::string PkgConfigVersion(const std::string& module) {
  if (!FindProgram("pkg-config")) return "";
  ProcessResult r = RunProcess({"pkg-config", "--modversion", module}, {}, 20);
  return r.ok() ? Trim(r.output) : "";
}

std::string DpkgVersion(const std::string& package) {
  if (!FindProgram("dpkg-query")) return "";
  ProcessResult r = RunProcess({"dpkg-query", "-W", "-f=${Version}", package}, {}, 20);
  return r.ok() ? Trim(r.output) : "";
}

DoctorCheck Tool(const std::string& name, const std::string& program,
                 const std::string& package,
                 const std::string& version_flag = "--version") {
  DoctorCheck c;
  c.name = name;
  auto path = FindProgram(program);
  if (!path) {
    c.detail = program + " not found";
    c.fix = kInstall + package;
    return c;
  }
  ProcessResult r = RunProcess({program, version_flag}, {}, 20);
  c.ok = r.started;
  c.detail = program + " " + FirstVersion(r.output);
  if (!c.ok) c.fix = "reinstall: " + std::string(kInstall) + "--reinstall " + package;
  return c;
}

// "cmake 3.25.1" >= 3.25?
bool AtLeast(const std::string& version, int major, int minor) {
  int a = 0, b = 0;
  if (std::sscanf(version.c_str(), "%d.%d", &a, &b) < 1) return false;
  return a > major || (a == major && b >= minor);
}

}  // namespace

std::string FirstVersion(const std::string& text) {
  auto digit = [&](size_t i) {
    return i < text.size() && text[i] >= '0' && text[i] <= '9';
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    // digits '.' digits ('.' digits)?
    size_t j = i;
    while (digit(j)) ++j;
    if (j >= text.size() || text[j] != '.' || !digit(j + 1)) continue;
    ++j;
    while (digit(j)) ++j;
    if (j < text.size() && text[j] == '.' && digit(j + 1)) {
      ++j;
      while (digit(j)) ++j;
    }
    return text.substr(i, j - i);
  }
  return "";
}

std::vector<DoctorCheck> RunDoctor(const Context& ctx) {
  std::vector<DoctorCheck> checks;

  // The compiler CMake uses, else c++.
  {
    std::string cxx = "c++";
    auto cache = ReadFile(ctx.build / "CMakeCache.txt");
    if (cache) {
      for (const std::string& line : SplitLines(*cache)) {
        if (StartsWith(line, "CMAKE_CXX_COMPILER:") &&
            line.find('=') != std::string::npos) {
          cxx = Trim(line.substr(line.find('=') + 1));
          break;
        }
      }
    }
    DoctorCheck c = Tool("C++ compiler", cxx, "g++");
    if (c.ok) {
      std::string v = FirstVersion(c.detail);
      if (!v.empty() && !AtLeast(v, 8, 0)) {
        c.ok = false;
        c.fix = "the lab needs C++17 (g++ 8 or later): " + std::string(kInstall) + "g++";
      }
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c = Tool("CMake", "cmake", "cmake");
    if (c.ok && !AtLeast(FirstVersion(c.detail), 3, 25)) {
      c.ok = false;
      c.fix = "the lab needs CMake 3.25 or later (Debian 12 has 3.25): " +
              std::string(kInstall) + "cmake";
    }
    checks.push_back(c);
  }
  checks.push_back(Tool("Ninja", "ninja", "ninja-build"));

  // protoc and the protobuf library must be the same release; so must the gRPC
  // plugin and libgrpc++ (generated code checks the version it was made for).
  std::string protoc_version;
  {
    DoctorCheck c = Tool("protoc", "protoc", "protobuf-compiler");
    protoc_version = FirstVersion(c.detail);
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "libprotobuf";
    std::string lib = PkgConfigVersion("protobuf");
    c.ok = !lib.empty();
    c.detail = lib.empty() ? "not found (pkg-config protobuf)" : "libprotobuf " + lib;
    if (!c.ok) {
      c.fix = kInstall + std::string("libprotobuf-dev");
    } else if (!protoc_version.empty() && MajorMinor(protoc_version) != MajorMinor(lib)) {
      c.ok = false;
      c.detail += " but protoc is " + protoc_version;
      c.fix = "use matching versions: " + std::string(kInstall) +
              "protobuf-compiler libprotobuf-dev (and remove other protoc from PATH)";
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "grpc_cpp_plugin";
    auto path = FindProgram("grpc_cpp_plugin");
    c.ok = path.has_value();
    c.detail = path ? path->string() : "not found";
    if (!c.ok) c.fix = kInstall + std::string("protobuf-compiler-grpc");
    std::string plugin = DpkgVersion("protobuf-compiler-grpc");
    if (!plugin.empty()) c.detail += " (package " + plugin + ")";
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "libgrpc++";
    std::string lib = PkgConfigVersion("grpc++");
    c.ok = !lib.empty();
    c.detail = lib.empty() ? "not found (pkg-config grpc++)" : "libgrpc++ " + lib;
    if (!c.ok) c.fix = kInstall + std::string("libgrpc++-dev");
    std::string pkg_lib = DpkgVersion("libgrpc++-dev");
    std::string pkg_plugin = DpkgVersion("protobuf-compiler-grpc");
    if (c.ok && !pkg_lib.empty() && !pkg_plugin.empty() && pkg_lib != pkg_plugin) {
      c.ok = false;
      c.detail +=
          "; libgrpc++-dev " + pkg_lib + " but protobuf-compiler-grpc " + pkg_plugin;
      c.fix = "use one gRPC release: " + std::string(kInstall) +
              "libgrpc++-dev protobuf-compiler-grpc";
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c = Tool("OpenSSL", "openssl", "openssl", "version");
    std::string lib = PkgConfigVersion("openssl");
    if (lib.empty()) {
      c.ok = false;
      c.detail += "; libssl-dev not found";
      c.fix = kInstall + std::string("libssl-dev openssl");
    } else {
      c.detail += " (libssl " + lib + ")";
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "GoogleTest";
    std::string v = PkgConfigVersion("gtest");
    bool gmock =
        fs::exists("/usr/include/gmock/gmock.h") || !PkgConfigVersion("gmock").empty();
    c.ok = !v.empty() && gmock;
    c.detail = v.empty() ? "gtest not found" : "gtest " + v + (gmock ? " + gmock" : "");
    if (!c.ok) c.fix = kInstall + std::string("libgtest-dev libgmock-dev");
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "Loopback port";
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        listen(fd, 1) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      c.ok = true;
      c.detail = "bound 127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    } else {
      c.detail = std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno);
      c.fix =
          "the tests start servers on 127.0.0.1: bring up the loopback interface "
          "(sudo ip link set lo up) or run outside a network-less sandbox";
    }
    if (fd >= 0) close(fd);
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "Free disk";
    struct statvfs st {};
    fs::path where = fs::exists(ctx.build) ? ctx.build : ctx.root;
    if (statvfs(where.c_str(), &st) == 0) {
      double gib =
          static_cast<double>(st.f_bavail) * st.f_frsize / (1024.0 * 1024 * 1024);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.1f GiB free", gib);
      c.detail = std::string(buf) + " at " + where.string();
      c.ok = gib >= 2.0;
      if (!c.ok) {
        c.fix =
            "a full build of the lab takes about 2 GiB: free some space, or "
            "`make clean` and build again";
      }
    } else {
      c.detail = std::string("statvfs failed: ") + std::strerror(errno);
      c.warning = true;
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "File watching";
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd >= 0) {
      c.ok = true;
      c.detail = "inotify works";
      close(fd);
    } else {
      c.warning = true;
      c.detail = std::string("inotify unavailable (") + std::strerror(errno) +
                 "): lab watch polls instead";
      c.fix = "raise the limit: sudo sysctl fs.inotify.max_user_instances=512";
    }
    checks.push_back(c);
  }
  {
    DoctorCheck c;
    c.name = "Build folder";
    if (fs::exists(ctx.build / "CMakeCache.txt")) {
      c.ok = true;
      c.detail = ctx.build.string() + " is configured";
    } else {
      c.warning = true;
      c.detail = ctx.build.string() + " is not configured yet";
      c.fix = "`lab check` configures it; or: cmake -S . -B build -G Ninja";
    }
    checks.push_back(c);
  }
  return checks;
}

}  // namespace lab::runner
