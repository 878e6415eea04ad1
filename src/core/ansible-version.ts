// The ansible-core release whose behaviour warren follows (its compat measurements, the probes'
// answers). Content sees it where it sees Ansible's own version: the `ansible_version` variable
// and, in a user's library/ modules, AnsibleModule's `ansible_version` (_ansible_version).
export const ANSIBLE_CORE_VERSION = '2.14.18';

/** `ansible_version` as ansible-playbook sets it (CLI.version_info). */
export function ansibleVersionVar(): { full: string; major: number; minor: number; revision: number; string: string } {
  const [major = 0, minor = 0, revision = 0] = ANSIBLE_CORE_VERSION.split('.').map(Number);
  return { full: ANSIBLE_CORE_VERSION, major, minor, revision, string: ANSIBLE_CORE_VERSION };
}
