// The one POSIX shell script facts come from: each probe prints a `@@@ name` header and its raw
// output; parse.ts turns the sections into facts. Every probe tolerates a missing tool.
export const FACTS_SECTION_MARK = '@@@ ';

export const FACTS_SCRIPT = `
s() { echo "${FACTS_SECTION_MARK}$1"; }
s hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
s fqdn; timeout 3 hostname -f 2>/dev/null
s uname; uname -s; uname -r; uname -v; uname -m; uname -n
s os_release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
s debian_version; cat /etc/debian_version 2>/dev/null
s cpu; nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo
s meminfo; grep -E '^(MemTotal|MemFree|MemAvailable|SwapTotal|SwapFree):' /proc/meminfo 2>/dev/null
s route; ip -4 route show default 2>/dev/null || cat /proc/net/route 2>/dev/null
s addr; ip -o addr show 2>/dev/null
s link; ip -o link show 2>/dev/null
s sysnet; ls /sys/class/net 2>/dev/null
s init; cat /proc/1/comm 2>/dev/null; [ -d /run/systemd/system ] && echo systemd-booted
s pkg; for p in apt-get dnf yum zypper apk pacman; do command -v $p >/dev/null 2>&1 && echo $p; done
s user; id -un; id -u; id -g; echo "$HOME"; getent passwd "$(id -un)" 2>/dev/null | cut -d: -f7
s date; date +%s; date '+%Y-%m-%d %H:%M:%S %Z %z'
s uptime; cat /proc/uptime 2>/dev/null
s end
exit 0
`;
