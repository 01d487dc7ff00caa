# The lab on Debian 12 for attendees on another system (docs/TEACHING.md, "The
# container"). Only scripts/install-deps.sh is copied in, so the package layer is
# rebuilt only when the package list changes; the repository is mounted at /workspace:
#   docker build -t grpc-cpp-lab .
#   docker run --rm -it -v "$PWD":/workspace --user "$(id -u):$(id -g)" grpc-cpp-lab make lab
FROM debian:12

# Packages must not start services in an image build (etcd-server would try).
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d

COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh && /tmp/install-deps.sh --check \
    && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh

# The mounted checkout belongs to another user: let git (starter checks, lab reset)
# read it anyway.
RUN git config --system --add safe.directory '*'

ENV HOME=/tmp
WORKDIR /workspace
CMD ["bash"]
