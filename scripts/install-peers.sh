#!/bin/sh
# Installs the real peers labnet's interop tests and benchmarks drive (Debian packages):
# BIND 9 (named, named-checkzone, named-checkconf), dig, nsupdate, dnsperf, dhclient, udhcpc,
# busybox, Knot and NSD (benchmark peers), Kea (kea-dhcp4, perfdhcp, kea-admin), ISC dhcpd (for `dhcpd -t` only), iproute2 and strace
# (to watch dhcpd rewrite a leases file labnet wrote), PostgreSQL (the shared lease database:
# the tests run their own throwaway cluster with initdb in a temporary folder, test/interop/helpers/postgres.ts).
# Idempotent: skips apt when every needed binary is already present. Run as root.
# Leaves no daemon running: the packages' postinst may start named, isc-dhcp-server, kea or postgresql;
# they are stopped (service first, then by pid file) afterwards.
set -eu

PACKAGES="bind9 bind9-dnsutils bind9-utils dnsperf knot nsd isc-dhcp-client udhcpc busybox kea-dhcp4-server kea-admin isc-dhcp-server iproute2 strace postgresql postgresql-client util-linux"
# One binary per package, to tell whether the package is installed.
BINARIES="named dig named-checkzone dnsperf knotd nsd dhclient udhcpc busybox kea-dhcp4 perfdhcp kea-admin dhcpd ip strace psql pg_lsclusters setpriv"

PATH="$PATH:/usr/sbin:/sbin"
export PATH

missing=""
for b in $BINARIES; do
  if ! command -v "$b" >/dev/null 2>&1; then missing="$missing $b"; fi
done

if [ -z "$missing" ]; then
  echo "install-peers: all peers present ($BINARIES); nothing to install"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-peers: missing:$missing; run as root to install" >&2
    exit 1
  fi
  echo "install-peers: missing:$missing"
  echo "install-peers: apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get update
  echo "install-peers: apt-get install $PACKAGES"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES
  still=""
  for b in $BINARIES; do
    if ! command -v "$b" >/dev/null 2>&1; then still="$still $b"; fi
  done
  if [ -n "$still" ]; then
    echo "install-peers: still missing after install:$still" >&2
    exit 1
  fi
  echo "install-peers: installed"
fi

# Stop any daemon the packages started (or that a previous run left behind as a service).
stopped=""
# systemd only when it runs (in a container `service X status` may answer 0 for anything).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  for svc in named bind9 knot nsd isc-dhcp-server kea-dhcp4-server postgresql; do
    if systemctl is-active --quiet "$svc" 2>/dev/null; then
      systemctl stop "$svc" && stopped="$stopped $svc"
    fi
  done
fi
# The packages' own pid files (only the system daemons; test instances use their own dirs).
for pidfile in /run/named/named.pid /var/run/named/named.pid /run/dhcpd.pid /var/run/dhcpd.pid /run/knot/knot.pid /run/nsd/nsd.pid \
               /run/kea/kea-dhcp4.kea-dhcp4.pid /var/run/kea/kea-dhcp4.kea-dhcp4.pid; do
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" && stopped="$stopped pid:$pid($pidfile)"
    fi
  fi
done
# The package's own PostgreSQL cluster (Debian's postinst creates and starts `main`); the tests never use it.
if command -v pg_lsclusters >/dev/null 2>&1; then
  for c in $(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1 "/" $2 }'); do
    pg_ctlcluster "${c%/*}" "${c#*/}" stop && stopped="$stopped postgresql:$c"
  done
fi
# The server binaries the tests run (initdb, postgres, pg_isready) live under /usr/lib/postgresql/N/bin.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "install-peers: no PostgreSQL server under /usr/lib/postgresql (package postgresql)" >&2
  exit 1
fi
if [ -n "$stopped" ]; then
  echo "install-peers: stopped:$stopped"
else
  echo "install-peers: no package daemon running"
fi
for b in $BINARIES; do printf '  %-16s %s\n' "$b" "$(command -v "$b")"; done
