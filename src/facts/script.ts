// The one POSIX shell script facts come from: each probe prints a `@@@ name` header and its raw
// output; parse.ts turns the sections into facts. Every probe tolerates a missing tool.
//
// Each process started on the target costs ~1.2 ms of CPU, so the script reads files with the
// read builtin instead of cat/grep/uname, and runs one `ip` and one `date`. Name lookups (hostname
// -f, the user's name and shell) and nproc stay with the real tools: they follow nsswitch.conf and
// cgroup quotas, which no shell imitation should guess. On Debian 12 that is 6 processes, was 26,
// and the python the host has (one start, for ansible_python: PYTHON_INFO).
import { SECTION_MARK } from '../core/sections.ts';

/** `s` starts a section; `r` is cat and `one` reads a first line, both as builtins. `set -f`
 * keeps the words of split lines literal. */
const READERS = `
set -f
s() { echo "${SECTION_MARK}$1"; }
r() { while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done 2>/dev/null <"$1"; }
one() { v=; IFS= read -r v 2>/dev/null <"$1" || [ -n "$v" ]; }
`;

/** Effective uid and gid (what id -u/-g print) from /proc/self/status. */
const SELF_STATUS = `
eu=; eg=
while IFS= read -r l; do
  case $l in
    Uid:*) set -- $l; eu=$3 ;;
    Gid:*) set -- $l; eg=$3; break ;;
  esac
done 2>/dev/null </proc/self/status
`;

/**
 * What Ansible's python facts say, from the interpreter itself (its micro version cannot be
 * read from a file name): one line `py MAJOR MINOR MICRO RELEASELEVEL SERIAL SSL IMPL EXECUTABLE`.
 * -E -s -S (no environment, no site): ~10 ms, the bare start-up of python 2.7 or 3. SSL is whether
 * the `_ssl` extension exists (Ansible's has_sslcontext), looked up without importing it (~6 ms).
 * No single quote inside: it sits in a shell single-quoted word.
 */
const PYTHON_INFO = `import sys,os
v=sys.version_info
d=[x for x in sys.path if os.path.isdir(x)]
s="_ssl" in sys.builtin_module_names or any(n.startswith("_ssl.") for x in d for n in os.listdir(x))
i=getattr(sys,"implementation",None)
print("py %d %d %d %s %d %d %s %s"%(v[0],v[1],v[2],v[3],v[4],s,i.name if i else "cpython",sys.executable))`;

/** The probes. /proc/sys/kernel is what uname reports unless a personality (linux32, uname26)
 * alters it. One `ip -o -batch` replaces three ip calls; parse-network.ts splits it. */
const PROBES = `
k=/proc/sys/kernel
s hostname; if one $k/hostname; then h=$v; printf '%s\\n' "$h"; else h=; hostname 2>/dev/null; fi
s fqdn; timeout 3 hostname -f 2>/dev/null
s uname
if one /proc/self/personality && [ "$v" = 00000000 ] && [ -n "$h" ]; then
  r $k/ostype || uname -s; r $k/osrelease || uname -r; r $k/version || uname -v; r $k/arch || uname -m; printf '%s\\n' "$h"
else uname -s; uname -r; uname -v; uname -m; uname -n; fi
s os_release; r /etc/os-release || r /usr/lib/os-release
s debian_version; r /etc/debian_version
s cpu; nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo
s meminfo; m=0
while IFS= read -r l; do
  case $l in MemTotal:*|MemFree:*|MemAvailable:*|SwapTotal:*|SwapFree:*) printf '%s\\n' "$l"; m=$((m+1)); [ $m -lt 5 ] || break ;; esac
done 2>/dev/null </proc/meminfo
s ip
if ! ip -o -force -batch - 2>/dev/null <<'EOF'
route show default
addr show
link show
EOF
then
  s route; ip -4 route show default 2>/dev/null || cat /proc/net/route 2>/dev/null
  s addr; ip -o addr show 2>/dev/null
  s link; ip -o link show 2>/dev/null
fi
s sysnet; set +f
for d in /sys/class/net/*; do [ -e "$d" ] || [ -L "$d" ] && printf '%s\\n' "\${d##*/}"; done
set -f
s init; r /proc/1/comm; [ -d /run/systemd/system ] && echo systemd-booted
s pkg; for p in apt-get dnf yum zypper apk pacman; do command -v $p >/dev/null 2>&1 && echo $p; done
s python; p=$wpy; o=$IFS; IFS=:
# ansible_python_interpreter ($wpy), else the python a user's module would run with (module-launch.ts
# PYTHON_CANDIDATES; /usr/bin/python3 is also what Ansible's discovery picks on Debian), else the
# first python on PATH, found without a process; then the one process python facts cost, only when
# there is a python (see PYTHON_INFO)
[ -z "$p" ] && [ -x /usr/bin/python3 ] && p=/usr/bin/python3
for n in python3 python; do for d in $PATH; do [ -z "$p" ] && [ -x "$d/$n" ] && p=$d/$n; done; done; IFS=$o
[ -z "$p" ] && [ -x /usr/libexec/platform-python ] && p=/usr/libexec/platform-python
if [ -n "$p" ]; then printf '%s\n' "$p"; "$p" -E -s -S -c '${PYTHON_INFO}' 2>/dev/null; fi
s user
# one getent answers both id -un (the first entry with the uid) and the login shell
if [ -n "$eu" ] && e=$(getent passwd "$eu" 2>/dev/null); then
  IFS=: read -r n _ _ _ _ _ sh <<EOF
$e
EOF
  printf '%s\\n' "$n" "$eu" "$eg" "$HOME" "$sh"
else id -un; id -u; id -g; echo "$HOME"; getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7; fi
s date; date '+%s%n%Y-%m-%d %H:%M:%S %Z %z'
s uptime; r /proc/uptime
s end
exit 0
`;

export const FACTS_SCRIPT = READERS + SELF_STATUS + PROBES;
