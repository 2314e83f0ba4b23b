import { describe, expect, it } from "vitest";
import { diffSnapshots } from "./diff";

describe("diffSnapshots", () => {
  it("finds nothing between equal objects, whatever their key order", () => {
    expect(diffSnapshots({ id: "1", status: "open", tags: ["a"] }, { tags: ["a"], status: "open", id: "1" })).toEqual(
      [],
    );
  });

  it("names changed, added and removed fields by path", () => {
    const before = { id: "7", status: "open", assignee: "3", date_due: "1767225600" };
    const after = { id: "7", status: "closed", assignee: "3", priority: "2" };
    expect(diffSnapshots(before, after)).toEqual([
      { path: "status", kind: "changed", before: "open", after: "closed" },
      { path: "priority", kind: "added", after: "2" },
      { path: "date_due", kind: "removed", before: "1767225600" },
    ]);
  });

  it("walks into nested objects and arrays", () => {
    const before = { company: { id: "4", name: "Acme" }, tags: ["red", "blue"] };
    const after = { company: { id: "4", name: "Acme Pty Ltd" }, tags: ["red", "green", "gold"] };
    expect(diffSnapshots(before, after)).toEqual([
      { path: "company.name", kind: "changed", before: "Acme", after: "Acme Pty Ltd" },
      { path: "tags[1]", kind: "changed", before: "blue", after: "green" },
      { path: "tags[2]", kind: "added", after: "gold" },
    ]);
  });

  it("reports a change of kind (object to value, value to null) as one change of the field", () => {
    expect(diffSnapshots({ owner: { id: "1" }, closed: "0" }, { owner: "1", closed: null })).toEqual([
      { path: "owner", kind: "changed", before: { id: "1" }, after: "1" },
      { path: "closed", kind: "changed", before: "0", after: null },
    ]);
  });

  it("quotes keys that would make a path ambiguous", () => {
    expect(diffSnapshots({ "a.b": 1 }, { "a.b": 2 })).toEqual([
      { path: '["a.b"]', kind: "changed", before: 1, after: 2 },
    ]);
  });

  it("treats a whole object appearing from nothing as one change", () => {
    expect(diffSnapshots(null, { id: "1" })).toEqual([
      { path: "(whole object)", kind: "changed", before: null, after: { id: "1" } },
    ]);
  });
});
