export { loadInventory, detectFormat } from './load.ts';
export { loadVarsDirs } from './vars-dirs.ts';
export { selectHosts, implicitLocalhost, isImplicitLocalhost } from './pattern.ts';
export { inventoryVarsFor, groupNamesOf, groupsMap, hostsOfGroup } from './vars.ts';
