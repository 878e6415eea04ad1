// What a module's JSON Schema cannot say: a one-line summary, Ansible's aliases, how check and
// diff mode behave, and an example task. Arguments, types, choices and required come from the
// schema itself (doc-model.ts), so `warren doc` never drifts from what the loader accepts.
export interface ModuleNotes {
  summary: string;
  /** alias -> the argument it stands for */
  aliases?: Record<string, string>;
  /** full: probe and plan only, the result is predicted; partial: see checkNote; none: skipped */
  check: 'full' | 'partial' | 'none';
  checkNote?: string;
  diff: 'full' | 'partial' | 'none';
  example: string;
}

const PATH_ALIASES = { dest: 'path', name: 'path' };
const PKG_ALIASES = { pkg: 'name' };
const RUN_ONLY = 'predicted only with creates/removes; otherwise skipped in check mode';

export const MODULE_NOTES: Record<string, ModuleNotes> = {
  apt_repository: {
    summary: 'Add or remove a one-line apt source (sources.list.d/<filename>.list)',
    aliases: { 'update-cache': 'update_cache' },
    check: 'full',
    diff: 'full',
    example:
      "apt_repository: { repo: 'deb [signed-by=/etc/apt/keyrings/rabbitmq.asc] https://deb1.rabbitmq.com/rabbitmq-server/debian/bookworm bookworm main', filename: rabbitmq }",
  },
  apt_key: {
    summary: 'Add or remove an OpenPGP key in an apt keyring',
    check: 'full',
    diff: 'partial',
    checkNote: 'the key ids before and after',
    example: 'apt_key: { url: https://keys.example.org/repo.asc, keyring: /etc/apt/trusted.gpg.d/repo.gpg }',
  },
  deb822_repository: {
    summary: 'Write a deb822 apt source (sources.list.d/<name>.sources)',
    check: 'full',
    diff: 'full',
    example: 'deb822_repository: { name: rabbitmq, uris: https://deb1.rabbitmq.com/rabbitmq-server/debian/bookworm, suites: bookworm, components: main }',
  },
  yum: {
    summary: 'RPM systems only: loads, fails when reached (use apt)',
    check: 'none',
    diff: 'none',
    example: 'yum: { name: dosfstools }',
  },
  dnf: {
    summary: 'RPM systems only: loads, fails when reached (use apt)',
    check: 'none',
    diff: 'none',
    example: 'dnf: { name: dosfstools }',
  },
  yum_repository: {
    summary: 'RPM systems only: loads, fails when reached (use apt_repository)',
    check: 'none',
    diff: 'none',
    example: 'yum_repository: { name: epel }',
  },
  rpm_key: {
    summary: 'RPM systems only: loads, fails when reached (use apt_key)',
    check: 'none',
    diff: 'none',
    example: 'rpm_key: { name: https://example.org/key.asc }',
  },
  apt: {
    summary: 'Manage Debian packages with apt',
    aliases: PKG_ALIASES,
    check: 'full',
    diff: 'partial',
    example: 'apt: { name: [rabbitmq-server, socat], state: present, update_cache: true }',
  },
  package: {
    summary: "Install packages with the host's package manager (apt on Debian)",
    aliases: PKG_ALIASES,
    check: 'full',
    diff: 'partial',
    example: 'package: { name: haproxy, state: present }',
  },
  assert: {
    summary: 'Fail unless every condition holds',
    check: 'full',
    diff: 'none',
    example: 'assert: { that: ["groups[\'rabbitmq\'] | length == 3"], fail_msg: need three nodes }',
  },
  command: {
    summary: 'Run a command without a shell',
    check: 'partial',
    checkNote: RUN_ONLY,
    diff: 'none',
    example: 'command: rabbitmqctl cluster_status creates=/var/lib/rabbitmq/.joined',
  },
  shell: {
    summary: 'Run a command through /bin/sh',
    check: 'partial',
    checkNote: RUN_ONLY,
    diff: 'none',
    example: 'shell: "rabbitmq-diagnostics -q ping | grep -q succeeded"',
  },
  copy: {
    summary: 'Put content or a controller file at a path (atomic, validated)',
    check: 'full',
    diff: 'full',
    example: 'copy: { content: "{{ erlang_cookie }}", dest: /var/lib/rabbitmq/.erlang.cookie, owner: rabbitmq, mode: "0400" }',
  },
  template: {
    summary: 'Render a Handlebars template to a path (atomic, validated)',
    check: 'full',
    diff: 'full',
    example: 'template: { src: haproxy.cfg.hbs, dest: /etc/haproxy/haproxy.cfg, validate: "haproxy -c -f %s" }',
  },
  file: {
    summary: 'Set a path to a file, directory, link or absent, with mode and owner',
    aliases: PATH_ALIASES,
    check: 'full',
    diff: 'full',
    example: 'file: { path: /etc/rabbitmq/conf.d, state: directory, mode: "0755" }',
  },
  lineinfile: {
    summary: 'Ensure one line in a text file',
    aliases: { dest: 'path', destfile: 'path', name: 'path', value: 'line', regex: 'regexp' },
    check: 'full',
    diff: 'full',
    example: "lineinfile: { path: /etc/hosts, regexp: '^127\\.0\\.1\\.1', state: absent }",
  },
  stat: {
    summary: 'Facts about a path (read-only)',
    aliases: PATH_ALIASES,
    check: 'full',
    diff: 'none',
    example: 'stat: { path: /var/lib/rabbitmq/.erlang.cookie }',
  },
  debug: { summary: 'Print a message or a variable', check: 'full', diff: 'none', example: 'debug: { var: rabbitmq_cluster }' },
  fail: { summary: 'Fail the host with a message', check: 'full', diff: 'none', example: 'fail: { msg: unsupported distribution }' },
  set_fact: {
    summary: 'Set host variables for the rest of the run',
    check: 'full',
    diff: 'none',
    example: 'set_fact: { first_node: "{{ groups[\'rabbitmq\'][0] }}" }',
  },
  fetch: {
    summary: 'Copy a file from the host to the controller',
    check: 'full',
    diff: 'none',
    example: 'fetch: { src: /etc/rabbitmq/rabbitmq.conf, dest: backups/ }',
  },
  slurp: {
    summary: 'Read a file from the host, base64-encoded',
    aliases: { path: 'src' },
    check: 'full',
    diff: 'none',
    example: 'slurp: { src: /var/lib/rabbitmq/.erlang.cookie }',
  },
  setup: { summary: 'Gather facts (as gather_facts does)', check: 'full', diff: 'none', example: 'setup: { gather_subset: [network] }' },
  group: { summary: 'Manage a local group', check: 'full', diff: 'partial', example: 'group: { name: rabbitmq, system: true }' },
  user: {
    summary: 'Manage a local user',
    aliases: { createhome: 'create_home' },
    check: 'full',
    diff: 'partial',
    example: 'user: { name: deploy, groups: [sudo], append: true, shell: /bin/bash }',
  },
  hostname: { summary: "Set the host's name", check: 'full', diff: 'partial', example: 'hostname: { name: "{{ inventory_hostname }}" }' },
  service: {
    summary: 'Start, stop, restart, reload and enable services',
    check: 'full',
    diff: 'partial',
    example: 'service: { name: rabbitmq-server, state: started, enabled: true }',
  },
  systemd: { summary: 'Control systemd units', check: 'full', diff: 'partial', example: 'systemd: { name: haproxy, state: reloaded, daemon_reload: true }' },
  systemd_service: {
    summary: 'Control systemd units (the systemd module under its newer name)',
    check: 'full',
    diff: 'partial',
    example: 'systemd_service: { name: haproxy, state: restarted }',
  },
  wait_for: {
    summary: 'Wait for a port, a path or a text to appear (or go away)',
    check: 'full',
    diff: 'none',
    example: 'wait_for: { port: 5672, timeout: 60 }',
  },
  rabbitmq_plugin: {
    summary: 'Enable or disable RabbitMQ plugins',
    check: 'full',
    diff: 'partial',
    example: 'rabbitmq_plugin: { names: rabbitmq_management, state: enabled }',
  },
  rabbitmq_user: {
    summary: 'Manage RabbitMQ users, tags and permissions',
    check: 'full',
    diff: 'partial',
    example: 'rabbitmq_user: { user: app, password: "{{ app_password }}", vhost: /, configure_priv: ".*", read_priv: ".*", write_priv: ".*" }',
  },
  rabbitmq_vhost: { summary: 'Manage RabbitMQ virtual hosts', check: 'full', diff: 'partial', example: 'rabbitmq_vhost: { name: /app, state: present }' },
  rabbitmq_policy: {
    summary: 'Manage RabbitMQ policies (mirroring, queue type defaults)',
    check: 'full',
    diff: 'partial',
    example: 'rabbitmq_policy: { name: ha-all, pattern: ".*", tags: { ha-mode: all, ha-sync-mode: automatic } }',
  },
  rabbitmq_cluster_facts: {
    summary: "Facts about the node's cluster: members, running nodes, partitions (read-only)",
    check: 'full',
    diff: 'none',
    example: 'rabbitmq_cluster_facts: {}',
  },
  rabbitmq_health: {
    summary: 'Fail unless this node may go down safely: cluster whole, no alarm, no partition, no quorum or mirror at risk (read-only)',
    check: 'full',
    diff: 'none',
    example: 'rabbitmq_health: { expected_hosts: "{{ groups[\'rabbitmq\'] }}" }',
  },
  rabbitmq_cluster_name: { summary: 'Set the RabbitMQ cluster name', check: 'full', diff: 'partial', example: 'rabbitmq_cluster_name: { name: prod-mq }' },
  pause: {
    summary: 'Wait some seconds or minutes, or for Enter on the terminal (once per batch)',
    check: 'full',
    checkNote: 'waits in check mode too',
    diff: 'none',
    example: 'pause: { seconds: 5 }',
  },
  add_host: {
    summary: "Add a host, its groups and vars to the run's in-memory inventory (once per batch)",
    aliases: { hostname: 'name', host: 'name', groupname: 'groups', group: 'groups' },
    check: 'full',
    checkNote: 'the in-memory inventory changes in check mode too, as in Ansible',
    diff: 'none',
    example: 'add_host: { name: "10.0.0.5:2222", groups: [rabbitmq], rabbitmq_role: replica }',
  },
  group_by: {
    summary: 'Put the host into a group named by a key, at run time',
    check: 'full',
    checkNote: 'the in-memory inventory changes in check mode too, as in Ansible',
    diff: 'none',
    example: 'group_by: { key: "os_{{ ansible_distribution }}", parents: [all] }',
  },
  set_stats: {
    summary: 'Set custom statistics for the run, per host or global, aggregated or replaced',
    check: 'full',
    diff: 'none',
    example: 'set_stats: { data: { deployed: 1 }, per_host: false }',
  },
  blockinfile: {
    summary: 'Insert, update or remove a block of lines between marker lines',
    aliases: { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
    check: 'full',
    diff: 'full',
    example: "blockinfile: { path: /etc/hosts, block: '10.0.0.5 mq1', insertafter: '^127[.]0[.]0[.]1' }",
  },
  find: {
    summary: 'Find files, directories or links by name, age, size or content (read-only)',
    aliases: { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
    check: 'full',
    diff: 'none',
    example: 'find: { paths: /var/log/rabbitmq, patterns: "*.log", age: 7d, recurse: true }',
  },
  getent: {
    summary: 'Read a name service database (passwd, group, hosts, ...) into getent_<database> (read-only)',
    check: 'full',
    diff: 'none',
    example: 'getent: { database: passwd, key: rabbitmq }',
  },
  sysctl: {
    summary: 'Set a kernel parameter in a sysctl file, reload it, optionally set it live (ansible.posix)',
    aliases: { key: 'name', val: 'value' },
    check: 'full',
    diff: 'full',
    example: 'sysctl: { name: vm.swappiness, value: 1, sysctl_file: /etc/sysctl.d/60-rabbitmq.conf }',
  },
  cron: {
    summary: "Manage a cron job or variable in a user's crontab or /etc/cron.d",
    aliases: { value: 'job', dom: 'day', dow: 'weekday' },
    check: 'full',
    diff: 'full',
    example: 'cron: { name: rotate logs, minute: "0", hour: "3", job: /usr/local/bin/rotate, user: root, cron_file: rotate }',
  },
  authorized_key: {
    summary: "Add or remove SSH public keys in a user's authorized_keys (ansible.posix)",
    check: 'full',
    diff: 'full',
    example: "authorized_key: { user: deploy, key: \"{{ lookup('file', 'deploy.pub') }}\", exclusive: false }",
  },
  known_hosts: {
    summary: "Add, replace or remove a host's key in a known_hosts file (hashed entries too)",
    aliases: { host: 'name' },
    check: 'full',
    diff: 'full',
    example: 'known_hosts: { name: mq1.example, key: "mq1.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...", path: /etc/ssh/ssh_known_hosts }',
  },
  get_url: {
    summary: "Download a URL on the host (with the host's curl) to a file, compared by sha1",
    aliases: { username: 'url_username', password: 'url_password' },
    check: 'full',
    checkNote: 'downloads to a temp file on the host to compare, as Ansible does; nothing is put in place',
    diff: 'none',
    example: 'get_url: { url: "https://example.org/rabbitmq.tar.xz", dest: /opt/rabbitmq.tar.xz, checksum: "sha256:0123abcd", mode: "0644" }',
  },
  uri: {
    summary: "Make an HTTP request from the host (with the host's curl): status, headers, json",
    aliases: { user: 'url_username', password: 'url_password' },
    check: 'none',
    checkNote: 'skipped in check mode, as in Ansible (a request may change the remote side)',
    diff: 'none',
    example: 'uri: { url: "http://localhost:15672/api/overview", url_username: admin, url_password: "{{ pw }}", force_basic_auth: true }',
  },
  service_facts: {
    summary: 'Return every systemd service with its state and status as ansible_facts.services (read-only)',
    check: 'full',
    diff: 'none',
    example: 'service_facts: {}',
  },
  package_facts: {
    summary: 'Return the installed Debian packages as ansible_facts.packages (read-only)',
    check: 'full',
    diff: 'none',
    example: 'package_facts: { manager: auto }',
  },
  unarchive: {
    summary: 'Unpack a tar (gz, bz2, xz, zstd) or zip archive from the controller or the host (remote_src)',
    check: 'full',
    checkNote: 'tar archives are predicted with tar --diff (Ansible skips them in check mode)',
    diff: 'partial',
    example: 'unarchive: { src: rabbitmq-tools.tgz, dest: /opt/tools, creates: /opt/tools/bin }',
  },
  archive: {
    summary: 'Pack paths or globs on the host into tar.gz/bz2/xz, tar or zip, or compress one file (community.general)',
    check: 'full',
    diff: 'none',
    example: 'archive: { path: /var/log/rabbitmq, dest: /var/backups/rabbitmq-logs.tgz, format: gz }',
  },
  timezone: {
    summary: 'Set the time zone and the hardware clock mode (timedatectl; without systemd, /etc/localtime and /etc/timezone)',
    aliases: { rtc: 'hwclock' },
    check: 'full',
    diff: 'full',
    example: 'timezone: { name: Europe/Paris }',
  },
  mount: {
    summary: 'Control an fstab entry and the mount itself (ansible.posix)',
    aliases: { name: 'path' },
    check: 'full',
    diff: 'partial',
    example: 'mount: { path: /var/lib/rabbitmq, src: /dev/vdb1, fstype: ext4, opts: noatime, state: mounted }',
  },
  iptables: {
    summary: 'Keep one iptables rule present or absent, set a chain policy, flush, or manage a user chain',
    check: 'full',
    diff: 'none',
    example: 'iptables: { chain: INPUT, protocol: tcp, destination_port: 5672, ctstate: NEW, jump: ACCEPT, comment: amqp }',
  },
};
