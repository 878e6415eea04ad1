# pyinfra's twin of bench/playbooks/tasks20.yml: the same 20 tasks, in pyinfra's own idiom
# (operations planned from facts, then applied). Run by bench/run.ts with cwd = this folder's copy.
# One task needs two operations: lineinfile with create + mode is files.file (mode) + files.line.
from io import StringIO

from pyinfra import host
from pyinfra.facts.files import Directory, File, Link
from pyinfra.operations import files, server

bench_dir = "/opt/warren-bench"
bench_ports = [5672, 15672, 25672]
bench_cluster = "bench"
template_vars = dict(
    bench_dir=bench_dir,
    bench_ports=bench_ports,
    bench_cluster=bench_cluster,
    inventory_hostname=host.name,
    ansible_host=host.data.ssh_hostname,
)

files.directory(name="base directory", path=bench_dir, mode="755")
files.directory(name="conf.d directory", path=f"{bench_dir}/conf.d", mode="755")
files.directory(name="data directory", path=f"{bench_dir}/data", mode="750")
files.directory(name="run directory", path=f"{bench_dir}/run", mode="700")

files.put(name="motd", src=StringIO(f"Welcome to {host.name}\n"), dest=f"{bench_dir}/motd", mode="644")
files.put(name="static config", src="files/static.conf", dest=f"{bench_dir}/static.conf", mode="644")
files.put(name="limits", src=StringIO("nofile=65536\nnproc=4096\n"), dest=f"{bench_dir}/conf.d/10-limits.conf", mode="644")
files.put(name="seed data", src=StringIO(f"seed for {bench_cluster}\n"), dest=f"{bench_dir}/data/seed.txt", mode="640")

# templates/app.conf.j2 strips its block tags with `-`: Ansible renders with trim_blocks on.
files.template(name="application config", src="templates/app.conf.j2", dest=f"{bench_dir}/app.conf", mode="644", **template_vars)
files.template(name="host config", src="templates/host.conf.j2", dest=f"{bench_dir}/conf.d/20-host.conf", mode="644", **template_vars)
files.template(name="data config", src="templates/app.conf.j2", dest=f"{bench_dir}/data/app.conf", mode="640", **template_vars)
files.template(name="environment file", src="templates/host.conf.j2", dest=f"{bench_dir}/run/env", mode="600", **template_vars)

# files.line creates a missing file with the umask's 0644, which is what this task asks for.
files.line(name="extra config", path=f"{bench_dir}/conf.d/30-extra.conf", line="extra=1")
files.line(name="extra limit", path=f"{bench_dir}/conf.d/30-extra.conf", line="^max_connections=", replace="max_connections=512")
files.file(name="tuning file mode", path=f"{bench_dir}/run/tuning", mode="600")
files.line(name="tuning file", path=f"{bench_dir}/run/tuning", line=f"# tuning for {host.name}")
files.line(name="tuned marker", path=f"{bench_dir}/run/tuning", line="^tuned=", replace="tuned=yes")

# command + creates: pyinfra's way is a fact read while planning.
if not host.get_fact(File, path=f"{bench_dir}/data/initialized"):
    server.shell(name="initialize data", commands=[f"touch {bench_dir}/data/initialized"])
if not host.get_fact(File, path=f"{bench_dir}/static.conf.orig"):
    server.shell(name="keep the original config", commands=[f"cp {bench_dir}/static.conf {bench_dir}/static.conf.orig"])
if not host.get_fact(Directory, path=f"{bench_dir}/cache"):
    server.shell(name="cache directory", commands=[f"mkdir {bench_dir}/cache"])
if not host.get_fact(Link, path=f"{bench_dir}/current.conf"):
    server.shell(name="current link", commands=[f"cd {bench_dir} && ln -s app.conf current.conf"])
