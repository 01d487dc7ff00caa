#!/usr/bin/env bash
# Installs the Debian packages the lab needs, and only those that are missing.
#
#   scripts/install-deps.sh            install what is missing (apt-get; sudo if not root)
#   scripts/install-deps.sh --check    only report; exit 1 if something is missing
#   scripts/install-deps.sh --list     print the package names, one per line
#
# Debian 12 (bookworm) packages only: gRPC 1.51, protobuf 3.21, OpenSSL 3, GoogleTest 1.12.
set -euo pipefail

# package        what it gives the lab
PACKAGES=(
  g++                   # the C++ compiler
  cmake                 # the build
  ninja-build           # fast incremental builds
  lld                   # a fast linker: shorter edit -> verdict loop
  make                  # the front door (Makefile)
  git                   # the starter check looks for local edits
  patch                 # applies the mistakes (tests/NN-topic/mistakes/*.patch)
  pkg-config            # gRPC's CMake config finds re2 through it
  libgrpc++-dev         # gRPC C++ 1.51
  protobuf-compiler-grpc  # grpc_cpp_plugin
  libprotobuf-dev       # protobuf 3.21
  protobuf-compiler     # protoc
  grpc-proto            # health, reflection, channelz, grpc.testing .proto files
  libssl-dev            # OpenSSL 3 (HMAC for tokens)
  openssl               # the CLI that makes the test certificates
  libgtest-dev          # GoogleTest 1.12
  libgmock-dev          # GoogleMock
  cmake-format          # make format / check-format for CMake files
  clang-format          # make format / check-format for C++
  libcli11-dev          # command-line flags for mains and tools
  libfmt-dev            # the lab runner's output
  nlohmann-json3-dev    # the lab runner's reports
  python3               # make test's summary
  curl                  # lesson 21: its README calls the gateway with curl
  libcpp-httplib-dev    # lessons 20, 21: HTTP server and client (a span collector, a gateway)
  etcd-server           # lesson 17: etcd 3.4, which its tests start and stop themselves
  etcd-client           # lesson 17: etcdctl, to look at the registry by hand
  golang-etcd-server-dev  # lesson 17: etcd's .proto files (its v3 API is gRPC)
  golang-github-gogo-protobuf-dev  # lesson 17: gogoproto/gogo.proto, imported by etcd's
  golang-github-grpc-ecosystem-grpc-gateway-dev  # lessons 17, 21: google/api/annotations.proto
  libbenchmark-dev      # lesson 22: Google Benchmark 1.7, its benchmark program
  ruby-grpc             # lesson 23: gRPC's official interop client and server (Ruby)
)

mode=install
case "${1:-}" in
  --check) mode=check ;;
  --list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
  "") ;;
  -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
  *) echo "install-deps.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps.sh: this is not a Debian or Ubuntu machine (no dpkg/apt-get)." >&2
  echo "The lab is built and tested on Debian 12. Install these packages (or your" >&2
  echo "system's equivalents: gRPC 1.51, protobuf 3.21, GoogleTest 1.12, OpenSSL 3):" >&2
  printf '  %s\n' "${PACKAGES[@]}" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  [ "$mode" = check ] && echo "install-deps.sh: all ${#PACKAGES[@]} packages are installed."
  exit 0
fi

if [ "$mode" = check ]; then
  echo "install-deps.sh: missing ${#missing[@]} package(s): ${missing[*]}"
  echo "Install them with: scripts/install-deps.sh   (or: sudo apt-get install ${missing[*]})"
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps.sh: need root to install: ${missing[*]}" >&2
    echo "Run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

still=()
for p in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || still+=("$p")
done
if [ ${#still[@]} -gt 0 ]; then
  echo "install-deps.sh: these did not install: ${still[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installed ${missing[*]}"
# Debian's etcd-server enables and starts a system etcd (etcd.service, 127.0.0.1:2379)
# where systemd runs. The lab leaves it alone and never uses it (lesson 17's README).
if [[ " ${missing[*]} " == *" etcd-server "* ]] && systemctl is-active --quiet etcd 2>/dev/null; then
  echo "install-deps.sh: note: etcd-server started a system etcd (etcd.service, port 2379)."
  echo "  The lab does not use it. To stop it for good: sudo systemctl disable --now etcd"
fi
