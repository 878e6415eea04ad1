// Everything a run needs beyond flag parsing, imported by run-command.ts only once a playbook
// really runs: `--help`, `--version` and bad flags then skip loading the engine (~1 MB bundled).
export { runPlaybook } from '../run/playbook.ts';
export { createReporter } from '../report/create.ts';
// Not through vault/index.ts: that also exports `secrets init`, which loads node-forge.
export { createVaultDecryptor } from '../vault/keyring.ts';
export { resolveVaultPassword } from '../vault/password.ts';
