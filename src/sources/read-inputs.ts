/** Builds the inventory from input files: reads each file, detects each object's kind, runs the matching reader. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { objectsOf } from './detect.js';
import { child } from './location.js';
import { addCloudFormation } from './cloudformation/cfn-cluster.js';
import { InputQueue } from './cloudformation/cdk-assembly.js';
import { addEksctl } from './eksctl/eksctl-cluster.js';
import { emptyInventory } from './inventory.js';
import type { Inventory } from './inventory.js';
import { addKeelson } from './keelson/keelson-cluster.js';
import { definitionParserLoaded, loadDefinitionParser } from './keelson/definition-parser.js';
import { MODULE_FILE, readKeelsonModule } from './keelson/keelson-module.js';
import { addKubernetes } from './kubernetes/k8s-objects.js';
import { addTerraformConfig, addTerraformVars } from './terraform/tf-config.js';
import { addTerraformPlan } from './terraform/tf-plan.js';
import { HCL_FILE, readHcl, TFVARS_FILE } from './terraform/hcl-read.js';
import { readBytes } from './yaml.js';
import type { ReadResult } from './yaml.js';

const EXTENSIONS = /\.(ya?ml|json)$/i;
/**
 * Only the async reader can parse HCL and load config modules (both are asynchronous), so only it picks `.tf` files
 * and keelson.config.ts out of directories.
 */
const ASYNC_EXTENSIONS = /\.(ya?ml|json|tf|tfvars)$|(?:^|[\\/])keelson\.config\.(?:m?ts|m?js)$/i;

/** Adds the located documents of one file to the inventory. `.tf` files need addFileAsync. */
export function addFile(inv: Inventory, file: string, bytes: Uint8Array): void {
  if (HCL_FILE.test(file)) {
    inv.notices.push({ kind: 'skipped', message: 'skipped: HCL is read only by `keelson check`', location: { file } });
    return;
  }
  if (MODULE_FILE.test(file)) {
    inv.notices.push({ kind: 'skipped', message: 'skipped: a keelson.config.ts is read only by `keelson check` (or give keelson.yaml)', location: { file } });
    return;
  }
  addRead(inv, readBytes(bytes, file));
}

/** addFile for every input format, HCL and config modules included; `absolute` is the file on disk, `file` its shown name. */
export async function addFileAsync(inv: Inventory, file: string, bytes: Uint8Array, absolute: string = file): Promise<void> {
  if (MODULE_FILE.test(absolute)) {
    const read = await readKeelsonModule(bytes, file, absolute);
    await loadDefinitionParser();
    addRead(inv, read);
  }
  else if (TFVARS_FILE.test(file)) addTerraformVars(inv, HCL_FILE.test(file) ? await readHcl(bytes, file) : readBytes(bytes, file));
  else if (HCL_FILE.test(file)) {
    // file() and templatefile() read beside the configuration: its documents keep the path on disk.
    const read = await readHcl(bytes, file);
    addRead(inv, { ...read, documents: read.documents.map((d) => ({ ...d, source: absolute })) });
  }
  else {
    const read = readBytes(bytes, file);
    // A keelson definition is the only document of its file (addKeelson refuses it otherwise, before parsing it).
    if (!definitionParserLoaded() && read.documents.length === 1 && objectsOf(read.documents[0]!).some((o) => o.kind === 'keelson')) await loadDefinitionParser();
    addRead(inv, read);
  }
}

function addRead(inv: Inventory, { documents, notices }: ReadResult): void {
  inv.notices.push(...notices);
  for (const doc of documents) {
    inv.documents.push(doc);
    for (const obj of objectsOf(doc)) {
      switch (obj.kind) {
        case 'kubernetes': addKubernetes(inv, obj); break;
        case 'eksctl': addEksctl(inv, obj); break;
        case 'cloudformation': addCloudFormation(inv, obj); break;
        case 'keelson': addKeelson(inv, obj); break;
        case 'terraform': addTerraformConfig(inv, obj); break;
        case 'terraform-plan': addTerraformPlan(inv, obj); break;
        // Its templates are inputs of their own (InputQueue): the manifest itself holds no facts.
        case 'cdk-assembly': break;
        default: inv.unknownObjects++;
      }
    }
  }
  finishNamespaces(inv);
}

/** Namespaces referenced by objects but not declared in the inputs still count: they exist at deploy time. */
function finishNamespaces(inv: Inventory): void {
  // A placeholder made while reading an earlier file gives way once the Namespace itself has been read.
  const declared = new Set(inv.namespaces.filter((n) => n.object).map((n) => n.name));
  for (let i = inv.namespaces.length - 1; i >= 0; i--) {
    const n = inv.namespaces[i]!;
    if (!n.object && declared.has(n.name)) inv.namespaces.splice(i, 1);
  }
  const known = new Set(inv.namespaces.map((n) => n.name));
  for (const o of inv.objects) {
    if (o.namespace !== undefined && !known.has(o.namespace)) {
      known.add(o.namespace);
      inv.namespaces.push({ name: o.namespace, object: undefined, labels: {}, at: child(o.at, 'metadata', 'namespace') });
    }
  }
}

export class UnreadableInputError extends Error {}

/** Expands directories (recursively, YAML/JSON files by default, hidden folders and node_modules skipped), sorted. */
export function listInputFiles(paths: readonly string[], extensions: RegExp = EXTENSIONS): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UnreadableInputError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        walk(path.join(p, name), false);
      }
    } else if (explicit || extensions.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UnreadableInputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The files to read: those listed, then what each CDK cloud assembly manifest among them lists. */
function inputQueue(inv: Inventory, files: readonly string[], display: (file: string) => string): InputQueue {
  return new InputQueue(files, existsSync, (file, manifest) => {
    inv.notices.push({ kind: 'skipped', message: `skipped: ${path.relative(path.dirname(manifest), file)} is listed in this cloud assembly manifest but missing`, location: { file: display(manifest) } });
  });
}

export function readInputs(paths: readonly string[], display: (file: string) => string = (f) => f): Inventory {
  const inv = emptyInventory();
  const queue = inputQueue(inv, listInputFiles(paths), display);
  for (let file = queue.next(); file !== undefined; file = queue.next()) {
    const bytes = readInput(file);
    addFile(inv, display(file), bytes);
    queue.follow(file, bytes);
  }
  return inv;
}

/** readInputs that also reads Terraform `.tf` files. */
export async function readInputsAsync(paths: readonly string[], display: (file: string) => string = (f) => f): Promise<Inventory> {
  const inv = emptyInventory();
  const queue = inputQueue(inv, listInputFiles(paths, ASYNC_EXTENSIONS), display);
  for (let file = queue.next(); file !== undefined; file = queue.next()) {
    const bytes = readInput(file);
    await addFileAsync(inv, display(file), bytes, file);
    queue.follow(file, bytes);
  }
  return inv;
}
