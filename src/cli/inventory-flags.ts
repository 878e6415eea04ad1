// The flags of `warren inventory`, shared by the registrar (inventory.ts) and the action (inventory-action.ts).
export interface InventoryFlags {
  inventory: string[];
  list?: boolean;
  host?: string;
  graph?: string | boolean;
  vars?: boolean;
  limit?: string;
  showSecrets?: boolean;
  output?: string;
  vaultPasswordFile?: string;
  askVaultPass?: boolean;
}
