#!/usr/bin/env bash
# The Debian packages `make test` needs beyond Node.js, installed when
# missing — by `make test` (as root) and by .ci/run, one list for both:
#   httperf           httperf + idleconn, the hw runner's load generators
#   build-essential   cc + make for the C micro servers
#   liburing-dev      the io_uring server
#   iproute2          ip + tc, the shaped --link tests
#   chromium          the headless report-page test
#   parallel          GNU parallel, the plan | parallel | import test
#   openssh-server    make test-remote: sshd in the testbed's namespace hosts
#   openssh-client    ssh and ssh-keygen, the testbed's links
#   nginx-core        the nginx launcher test (npm run bench:hw compares
#                     against nginx); its service is kept from starting:
#                     servers here listen on loopback only, started by the tests.
# Not root and something missing: print the one command to run, exit 1.
set -euo pipefail
packages=(httperf build-essential liburing-dev iproute2 chromium parallel nginx-core openssh-server openssh-client)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0
if ((EUID != 0)); then
  echo "make test needs Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}" >&2
# Keep packaged services (nginx) from starting during the install.
guard=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  guard=/usr/sbin/policy-rc.d
fi
trap '[[ -n "$guard" ]] && rm -f "$guard"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
