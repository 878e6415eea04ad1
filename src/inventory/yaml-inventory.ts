// Ansible's YAML inventory: top-level groups (usually just `all`), each with hosts, vars, children.
import { isMap } from 'yaml';
import { InputError } from '../core/errors.ts';
import type { Vars } from '../core/vars.ts';
import { didYouMean } from '../load/suggest.ts';
import { jsOf, locAt, locOfNode, pairOf } from '../core/yaml-file.ts';
import type { YamlFile } from '../core/yaml-file.ts';
import { addChild, addHost, ensureGroup, setGroupVars } from './builder.ts';
import type { InventoryBuilder } from './builder.ts';
import { expandHostPattern } from './host-range.ts';

const GROUP_KEYS = ['hosts', 'vars', 'children'];

function mappingOrNull(src: YamlFile, node: unknown, what: string): void {
  if (node === null || node === undefined) return;
  const value = jsOf(src, node);
  if (value === null) return;
  if (!isMap(node)) throw new InputError(`${what} must be a mapping`, locOfNode(src, node as never));
}

function parseGroup(src: YamlFile, name: string, node: unknown, b: InventoryBuilder): void {
  ensureGroup(b, name);
  mappingOrNull(src, node, `group '${name}'`);
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (!GROUP_KEYS.includes(key)) {
      throw new InputError(
        `unknown key '${key}' in group '${name}' (expected hosts, vars or children)${didYouMean(key, GROUP_KEYS)}`,
        locAt(src, node, [key], true),
      );
    }
  }
  const hostsNode = pairOf(node, 'hosts')?.value;
  mappingOrNull(src, hostsNode, `'hosts' of group '${name}'`);
  if (isMap(hostsNode)) {
    for (const pair of hostsNode.items) {
      const host = String((pair.key as { value?: unknown }).value);
      const loc = locOfNode(src, pair.key as never);
      mappingOrNull(src, pair.value, `vars of host '${host}'`);
      const vars = (jsOf(src, pair.value) ?? {}) as Vars;
      for (const h of expandHostPattern(host, loc)) addHost(b, h, name, { ...vars });
    }
  }
  const varsNode = pairOf(node, 'vars')?.value;
  mappingOrNull(src, varsNode, `'vars' of group '${name}'`);
  setGroupVars(b, name, (jsOf(src, varsNode) ?? {}) as Vars);
  const childrenNode = pairOf(node, 'children')?.value;
  mappingOrNull(src, childrenNode, `'children' of group '${name}'`);
  if (isMap(childrenNode)) {
    for (const pair of childrenNode.items) {
      const child = String((pair.key as { value?: unknown }).value);
      addChild(b, name, child, locOfNode(src, pair.key as never));
      parseGroup(src, child, pair.value, b);
    }
  }
}

export function parseYamlInventory(src: YamlFile, b: InventoryBuilder): void {
  const root = src.doc.contents;
  if (root === null || root === undefined || jsOf(src, root) === null) return;
  if (!isMap(root)) throw new InputError('a YAML inventory must be a mapping of groups (all: {hosts:, vars:, children:})', locOfNode(src, root));
  for (const pair of root.items) {
    const name = String((pair.key as { value?: unknown }).value);
    if (GROUP_KEYS.includes(name)) {
      throw new InputError(`unknown top-level key '${name}': the top level holds groups; put '${name}:' under 'all:'`, locOfNode(src, pair.key as never));
    }
    parseGroup(src, name, pair.value, b);
  }
}
