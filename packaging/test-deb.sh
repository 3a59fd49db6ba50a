#!/bin/bash
# Checks the .deb that `mvn -B package` builds: its files, owners and modes, its control data and
# conffiles, lintian, an unpack into a throw-away root with dpkg --root, and, as root where a
# private mount namespace can be had, its maintainer scripts: install, reinstall with and without
# a valid configuration, remove and purge, run by the real dpkg on a copy-on-write overlay of this
# machine, so nothing reaches the real root.
#
# Usage: packaging/test-deb.sh [target/reissued_VERSION_all.deb]
set -euo pipefail
# The maintainer-script scenario, as root inside the overlay. Prints "ok: ..." or "FAIL: ...".
scenario() {
  expect() { # expect DESCRIPTION COMMAND...
    local what="$1"
    shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fi
  }
  modes() { stat -c '%a %U:%G' "$1"; }
  install_deb() { # install_deb LOG
    if dpkg --force-confold -i /tmp/reissued.deb >"$1" 2>&1; then return 0; fi
    cat "$1"
    return 1
  }
  # Starting and stopping is recorded instead of done (in the overlay only); systemctl is
  # recorded and run, since deb-systemd-helper enables units with "systemctl preset".
  printf '#!/bin/sh\necho "deb-systemd-invoke $*" >>/tmp/invocations\n' >/usr/bin/deb-systemd-invoke
  mv /usr/bin/systemctl /usr/bin/systemctl.real
  printf '#!/bin/sh\necho "systemctl $*" >>/tmp/invocations\nexec systemctl.real "$@"\n' >/usr/bin/systemctl
  chmod 755 /usr/bin/deb-systemd-invoke /usr/bin/systemctl
  : >/tmp/invocations
  export DEBIAN_FRONTEND=noninteractive

  # Installed where systemd is not running, as in a chroot.
  expect "the first install succeeds without systemd running" install_deb /tmp/install-1.log
  expect "the reissued user exists" eval "getent passwd reissued >/dev/null"
  expect "its shell is nologin" test "$(getent passwd reissued | cut -d: -f7)" = /usr/sbin/nologin
  expect "/etc/reissued is 0750 root:reissued" test "$(modes /etc/reissued)" = "750 root:reissued"
  expect "the configuration is 0640 root:reissued" \
    test "$(modes /etc/reissued/reissued.yaml)" = "640 root:reissued"
  expect "the credentials directory is 0700 root:root" \
    test "$(modes /etc/reissued/credentials)" = "700 root:root"
  expect "/var/lib/reissued is 0700 reissued:reissued" \
    test "$(modes /var/lib/reissued)" = "700 reissued:reissued"
  expect "the unit is enabled" test -L /etc/systemd/system/multi-user.target.wants/reissued.service
  expect "nothing is started without systemd" bash -c '! grep -q deb-systemd-invoke /tmp/invocations'

  # systemd running, the configuration still the shipped example: enabled, not started.
  mkdir -p /run/systemd/system
  expect "a reinstall with the example configuration succeeds" install_deb /tmp/install-2.log
  expect "it says the service is not started" grep -q "enabled but not started" /tmp/install-2.log
  expect "it shows check-config's complaint" grep -q "TENCENTCLOUD_SECRET_ID" /tmp/install-2.log
  expect "nothing is started or restarted" \
    bash -c '! grep -E "deb-systemd-invoke (start|restart)" /tmp/invocations'

  # A configuration that passes, its secrets in the credentials directory: started.
  (
    umask 077
    head -c 32 /dev/urandom | base64 >/etc/reissued/credentials/master.key
    echo not-a-real-key >/etc/reissued/credentials/tencentcloud-secret-key
  )
  cat >/etc/reissued/reissued.yaml <<'YAML'
accounts:
  - name: main
    secretId: AKIDexample
    secretKeyFile: ${CREDENTIALS_DIRECTORY}/tencentcloud-secret-key
keys:
  masterKeyFile: ${CREDENTIALS_DIRECTORY}/master.key
YAML
  : >/tmp/invocations
  expect "a reinstall with a valid configuration succeeds" install_deb /tmp/install-3.log
  expect "the service is restarted" grep -qx "deb-systemd-invoke restart reissued.service" /tmp/invocations
  expect "the edited configuration is kept" grep -q AKIDexample /etc/reissued/reissued.yaml

  : >/tmp/invocations
  expect "remove succeeds" eval "dpkg -r reissued >/tmp/remove.log 2>&1"
  expect "remove stops the service" grep -qx "deb-systemd-invoke stop reissued.service" /tmp/invocations
  expect "remove keeps /var/lib/reissued" test -d /var/lib/reissued
  expect "remove keeps the configuration" test -f /etc/reissued/reissued.yaml

  touch /var/lib/reissued/state
  expect "purge succeeds" eval "dpkg -P reissued >/tmp/purge.log 2>&1"
  expect "purge removes /var/lib/reissued" test ! -e /var/lib/reissued
  expect "purge removes the configuration" test ! -e /etc/reissued/reissued.yaml
  expect "purge keeps the operator's master key" test -f /etc/reissued/credentials/master.key
  expect "purge forgets the enablement" \
    test ! -e /etc/systemd/system/multi-user.target.wants/reissued.service

  # No systemd at all: the user comes from adduser, the directories from install -d.
  rm -rf /run/systemd/system
  userdel reissued
  mv /usr/bin/systemd-sysusers /usr/bin/systemd-sysusers.hidden
  mv /usr/bin/systemd-tmpfiles /usr/bin/systemd-tmpfiles.hidden
  expect "an install without systemd-sysusers succeeds" install_deb /tmp/install-4.log
  expect "adduser made the reissued user" eval "getent passwd reissued >/dev/null"
  expect "without systemd-tmpfiles /var/lib/reissued is 0700 reissued:reissued" \
    test "$(modes /var/lib/reissued)" = "700 reissued:reissued"
  echo "scenario complete"
}


# In a private mount namespace: an overlay of / whose changes go to a tmpfs, then the scenario
# chrooted into it. /run is empty there, as in a chroot: systemd is not running.
if [[ "${1:-}" == --overlay ]]; then
  scratch="$2"
  layers="$scratch/layers"
  mkdir -p "$layers"
  mount -t tmpfs tmpfs "$layers"
  mkdir -p "$layers/upper" "$layers/work" "$layers/merged"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" "$layers/merged"
  mount --rbind /dev "$layers/merged/dev"
  mount -t proc proc "$layers/merged/proc"
  mount -t tmpfs tmpfs "$layers/merged/run"
  mount -t tmpfs tmpfs "$layers/merged/tmp"
  cp "$scratch/reissued.deb" "$scratch/test-deb.sh" "$layers/merged/tmp/"
  exec chroot "$layers/merged" /bin/bash /tmp/test-deb.sh --scenario
fi
if [[ "${1:-}" == --scenario ]]; then
  scenario
  exit
fi

cd "$(dirname "$0")/.."
deb="${1:-$(ls target/reissued_*_all.deb 2>/dev/null | tail -n 1)}"
[[ -f "$deb" ]] || { echo "test-deb: no .deb; run mvn -B package first" >&2; exit 2; }
deb="$(readlink -f "$deb")"

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what" >&2
  fi
}
has_line() { grep -qxF -- "$2" <<<"$1"; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# --- the archive: every path with its mode and owner, as dpkg will install it
listing="$(dpkg-deb -c "$deb" | awk '{print $1, $2, $6}')"
for entry in \
  "-rw-r--r-- root/root ./usr/share/reissued/reissued.jar" \
  "-rwxr-xr-x root/root ./usr/bin/reissued" \
  "-rw-r--r-- root/root ./lib/systemd/system/reissued.service" \
  "-rw-r--r-- root/root ./usr/lib/sysusers.d/reissued.conf" \
  "-rw-r--r-- root/root ./usr/lib/tmpfiles.d/reissued.conf" \
  "-rw-r--r-- root/root ./etc/reissued/reissued.yaml" \
  "drwx------ root/root ./etc/reissued/credentials/" \
  "-rw-r--r-- root/root ./usr/share/doc/reissued/copyright" \
  "-rw-r--r-- root/root ./usr/share/doc/reissued/changelog.Debian.gz" \
  "-rw-r--r-- root/root ./usr/share/man/man1/reissued.1.gz" \
  "-rw-r--r-- root/root ./usr/share/doc/reissued/runbook.md" \
  "-rw-r--r-- root/root ./usr/share/reissued/monitoring/reissued-rules.yaml" \
  "-rw-r--r-- root/root ./usr/share/reissued/monitoring/reissued-dashboard.json"; do
  check "the package holds $entry" has_line "$listing" "$entry"
done
check "every entry is owned by root" bash -c '! grep -v " root/root " <<<"$1"' _ "$listing"

# --- control data
check "conffiles lists exactly the configuration" \
  test "$(dpkg-deb -I "$deb" conffiles)" = "/etc/reissued/reissued.yaml"
check "it depends on a Java 17 headless runtime" \
  bash -c 'dpkg-deb -f "$1" Depends | grep -q "java17-runtime-headless"' _ "$deb"
for script in postinst prerm postrm; do
  dpkg-deb -I "$deb" "$script" >"$scratch/$script"
  check "$script is valid sh" sh -n "$scratch/$script"
done

# --- one source of truth: the packaged files are the repository's
dpkg-deb -x "$deb" "$scratch/data"
check "/usr/bin/reissued is bin/reissued" cmp -s bin/reissued "$scratch/data/usr/bin/reissued"
check "the unit is systemd/reissued.service" \
  cmp -s systemd/reissued.service "$scratch/data/lib/systemd/system/reissued.service"
check "the conffile is the example configuration" \
  cmp -s config/reissued.example.yaml "$scratch/data/etc/reissued/reissued.yaml"
check "the unit runs the packaged launcher" \
  grep -qx "ExecStart=/usr/bin/reissued run" "$scratch/data/lib/systemd/system/reissued.service"

# --- lintian
if command -v lintian >/dev/null; then
  check "lintian reports no errors or warnings" \
    bash -c 'lintian --fail-on error,warning "$1" 2>&1 | grep -v "running with root privileges" >&2; exit "${PIPESTATUS[0]}"' _ "$deb"
else
  echo "test-deb: lintian not installed; skipped (apt-get install lintian)" >&2
fi

# --- an unpack into a throw-away root with dpkg's own database (no preinst: nothing runs)
root="$scratch/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --force-not-root --force-depends --unpack "$deb" >"$scratch/unpack.log" 2>&1 ||
  { cat "$scratch/unpack.log" >&2; failed=$((failed + 1)); }
check "dpkg --root records the conffile" \
  bash -c 'dpkg --root="$1" -s reissued | grep -q "^ /etc/reissued/reissued.yaml "' _ "$root"
check "the jar is 0644" test "$(stat -c %a "$root/usr/share/reissued/reissued.jar")" = 644
check "the launcher is 0755" test "$(stat -c %a "$root/usr/bin/reissued")" = 755
check "the credentials directory is 0700" test "$(stat -c %a "$root/etc/reissued/credentials")" = 700

# --- the maintainer scripts, on a copy-on-write overlay of this machine
if [[ "$(id -u)" == 0 ]] && unshare -m true 2>/dev/null && command -v java >/dev/null; then
  cp "$deb" "$scratch/reissued.deb"
  cp "$0" "$scratch/test-deb.sh"
  unshare -m --propagation private bash "$scratch/test-deb.sh" --overlay "$scratch" \
    >"$scratch/overlay.log" 2>&1 || true
  passed=$((passed + $(grep -c '^ok:' "$scratch/overlay.log" || true)))
  failed=$((failed + $(grep -c '^FAIL:' "$scratch/overlay.log" || true)))
  if ! grep -qx 'scenario complete' "$scratch/overlay.log"; then
    failed=$((failed + 1))
    echo "FAIL: the maintainer-script scenario did not complete" >&2
  fi
  if [[ "$failed" != 0 ]]; then
    cat "$scratch/overlay.log" >&2
  fi
else
  echo "test-deb: maintainer scripts not run (needs root, unshare -m and java)" >&2
fi

echo "test-deb: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
