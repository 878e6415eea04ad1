# pyinfra's twin of bench/playbooks/facts.yml: no operations, the facts Ansible's setup and warren
# gather (OS, distribution, kernel, architecture, host name, date, CPUs, memory, addresses, mounts).
from pyinfra import host
from pyinfra.facts import hardware, server

for fact in (
    server.Hostname,
    server.Os,
    server.OsVersion,
    server.Kernel,
    server.KernelVersion,
    server.Arch,
    server.LinuxDistribution,
    server.Date,
    server.Mounts,
    hardware.Cpus,
    hardware.Memory,
    hardware.Ipv4Addrs,
):
    host.get_fact(fact)
