/** Builds an inventory from in-memory files through the shared reader, for tests and for stdin-like inputs. */
import { emptyInventory } from '../../sources/inventory.js';
import type { Inventory } from '../../sources/inventory.js';
import { addFile } from '../../sources/read-inputs.js';

export function inventoryFromText(files: Readonly<Record<string, string>>): Inventory {
  const inv = emptyInventory();
  for (const [name, text] of Object.entries(files)) addFile(inv, name, new TextEncoder().encode(text));
  return inv;
}
