import type { FieldChange } from "./schemas";

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `status`, `company.name`, `tags[2]`; keys that are not identifiers are quoted: `["a.b"]`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function walk(path: string, before: unknown, after: unknown, changes: FieldChange[]): void {
  if (Object.is(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(after)) {
      const next = childPath(path, key);
      if (!Object.hasOwn(before, key)) changes.push({ path: next, kind: "added", after: after[key] });
      else walk(next, before[key], after[key], changes);
    }
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key))
        changes.push({ path: childPath(path, key), kind: "removed", before: before[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const shared = Math.min(before.length, after.length);
    for (let index = 0; index < shared; index++) walk(childPath(path, index), before[index], after[index], changes);
    for (let index = shared; index < after.length; index++) {
      changes.push({ path: childPath(path, index), kind: "added", after: after[index] });
    }
    for (let index = shared; index < before.length; index++) {
      changes.push({ path: childPath(path, index), kind: "removed", before: before[index] });
    }
    return;
  }
  changes.push({ path: path || "(whole object)", kind: "changed", before, after });
}

/**
 * What changed between two versions of an Accelo object, field by field: dotted paths into nested
 * objects and indexes into arrays, in the order the newer object lists its fields, then the fields
 * it lost. Equal objects give an empty list.
 */
export function diffSnapshots(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk("", before, after, changes);
  return changes;
}
