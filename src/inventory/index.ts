export { loadInventory, detectFormat } from './load.ts';
export { loadVarsDirs } from './vars-dirs.ts';
export { selectHosts } from './pattern.ts';
export { implicitLocalhost, isImplicitLocalhost } from './localhost.ts';
export { inventoryVarsFor, groupNamesOf, groupsMap, hostsOfGroup } from './vars.ts';
