// The flags of `warren adhoc`, shared by the registrar (adhoc.ts) and the action (adhoc-action.ts).
export interface AdhocFlags {
  moduleName: string;
  args?: string;
  inventory: string[];
  limit?: string;
  forks: string;
  become?: boolean;
  becomeUser?: string;
  askBecomePass?: boolean;
  user?: string;
  connection?: string;
  privateKey?: string;
  check?: boolean;
  diff?: boolean;
  extraVars: string[];
  oneLine?: boolean;
  tree?: string;
  listHosts?: boolean;
  playbookDir?: string;
  verbose: number;
  report?: string;
  vaultPasswordFile?: string;
  askVaultPass?: boolean;
  hostKeyPolicy?: 'strict' | 'accept-new';
}
