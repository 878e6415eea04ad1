// What a connection takes from the command line; the host's inventory variables override it.
export type HostKeyPolicy = 'strict' | 'accept-new';

export interface ConnectionOptions {
  connection?: string; // -c local|ssh
  user?: string; // -u
  privateKey?: string; // --private-key
  becomePassword?: string; // from -K prompt
  hostKeyPolicy?: HostKeyPolicy;
}
