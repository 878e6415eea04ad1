// [ssh_connection] ssh_args / ssh_extra_args: OpenSSH command-line options, of which warren (ssh2,
// not the ssh binary) honours those that have a meaning for it. Control* options need nothing:
// warren keeps one connection per host for the whole run anyway.
import { splitKeyValueText } from '../load/extra-vars.ts';
import type { SshArgSettings } from '../connection/options.ts';

export type { SshArgSettings };

const NO_EFFECT = new Set([
  'controlmaster',
  'controlpersist',
  'controlpath',
  'compression',
  'gssapiauthentication',
  'preferredauthentications',
  'kbdinteractiveauthentication',
  'passwordauthentication',
  'loglevel',
]);

/** Returns what warren uses, and a note for each option it cannot honour. */
export function parseSshArgs(text: string, where: string): { settings: SshArgSettings; unused: string[] } {
  const words = splitKeyValueText(text);
  const settings: SshArgSettings = {};
  const unused: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-o' && i + 1 < words.length) options.push(words[++i]!);
    else if (w.startsWith('-o')) options.push(w.slice(2));
    else if (w === '-p' && i + 1 < words.length) options.push(`Port=${words[++i]}`);
    else if (w === '-l' && i + 1 < words.length) options.push(`User=${words[++i]}`);
    else if (w === '-i' && i + 1 < words.length) options.push(`IdentityFile=${words[++i]}`);
    else unused.push(`${where}: ssh option ${w} has no meaning for warren's SSH client; ignored`);
  }
  for (const option of options) {
    const m = /^([A-Za-z]+)\s*[= ]\s*(.*)$/.exec(option.trim());
    if (!m) {
      unused.push(`${where}: cannot read ssh option '${option}'; ignored`);
      continue;
    }
    const [name, value] = [m[1]!.toLowerCase(), m[2]!.trim()];
    const n = Number(value);
    switch (name) {
      case 'stricthostkeychecking':
        settings.hostKeyPolicy = /^(no|off|accept-new)$/i.test(value) ? 'accept-new' : 'strict';
        break;
      case 'userknownhostsfile':
        // /dev/null (the classic "never remember keys") works as is: accept-new appends nowhere.
        settings.knownHostsFile = value.split(/\s+/)[0];
        break;
      case 'connecttimeout':
        if (n > 0) settings.connectTimeoutS = n;
        break;
      case 'serveraliveinterval':
        if (n > 0) settings.serverAliveIntervalS = n;
        break;
      case 'serveralivecountmax':
        if (n > 0) settings.serverAliveCountMax = n;
        break;
      case 'port':
        if (Number.isInteger(n) && n > 0 && n < 65536) settings.port = n;
        break;
      case 'user':
        settings.user = value;
        break;
      case 'identityfile':
        settings.identityFile = value;
        break;
      default:
        if (!NO_EFFECT.has(name)) unused.push(`${where}: ssh option ${m[1]} is not honoured by warren's SSH client; ignored`);
    }
  }
  return { settings, unused };
}
