import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every form that posts through React submits with SubmitButton, which stays disabled until React
// runs (see submit-button.tsx). The browser test (tests/e2e/forms-before-react.spec.ts) can check
// only the forms in the server's HTML; this holds the ones drawn once their data has loaded too.

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isFile() && file.endsWith(".tsx") ? [file] : [];
  });
}

describe("forms", () => {
  it("submit through SubmitButton, except the plain POST forms meant to work without JavaScript", () => {
    const forms = [...sourceFiles("app"), ...sourceFiles("components")].filter((file) =>
      fs.readFileSync(file, "utf8").includes("<form"),
    );
    expect(forms.length).toBeGreaterThanOrEqual(10);
    const unguarded = forms.filter((file) => {
      const source = fs.readFileSync(file, "utf8");
      const plainPost = /<form[^>]*\bmethod="post"/.test(source);
      return !plainPost && (/type="submit"/.test(source) || !source.includes("<SubmitButton"));
    });
    expect(unguarded).toEqual([]);
  });
});
