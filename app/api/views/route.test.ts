import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { savedViewListSchema, savedViewSchema } from "@/lib/deliveries/view-schemas";
import { apiErrorBodySchema } from "@/lib/http/errors";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

const post = (body: unknown) =>
  POST(
    new Request("http://localhost/api/views", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
const remove = (id: string) =>
  DELETE(new Request(`http://localhost/api/views/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) });
const views = async () =>
  savedViewListSchema.parse(await (await GET(new Request("http://localhost/api/views"))).json()).views;
const errorOf = async (response: Response) => apiErrorBodySchema.parse(await response.json()).error;

describe("/api/views", () => {
  it("lists the three built-in views first, each a filter of the list", async () => {
    expect((await views()).slice(0, 3)).toEqual([
      { id: "signature-failures", name: "Signature failures", query: "verdict=invalid%2Cmissing", builtIn: true },
      { id: "fetch-failed", name: "Fetch failed", query: "fetch=failed", builtIn: true },
      { id: "forward-failed", name: "Forward failed", query: "forward=failed", builtIn: true },
    ]);
  });

  it("saves the list's filters in the form the list writes them, and deletes them again", async () => {
    const created = await post({
      name: " Quote failures ",
      query: "?limit=50&cursor=bzEw&verdict=missing,invalid&q=resource_url:*quotes*",
    });
    expect(created.status).toBe(201);
    const { view } = { view: savedViewSchema.parse((await created.json()).view) };
    expect(view).toMatchObject({
      name: "Quote failures",
      query: "q=resource_url%3A*quotes*&verdict=invalid%2Cmissing",
      builtIn: false,
    });
    expect((await views()).at(-1)).toEqual(view);

    expect((await post({ name: "Quote failures", query: "event=x" })).status).toBe(409);
    expect((await remove(view.id)).status).toBe(204);
    expect((await views()).map((v) => v.id)).not.toContain(view.id);
    expect((await remove(view.id)).status).toBe(404);
  });

  it("refuses filters the list cannot read, an empty view, and deleting a built-in view, saying why", async () => {
    const badSearch = await post({ name: "Bad", query: "q=colour:red" });
    expect(badSearch.status).toBe(400);
    expect((await errorOf(badSearch)).message).toContain('Unknown search field "colour"');
    expect((await errorOf(await post({ name: "All", query: "" }))).message).toContain("Choose a filter");
    const builtIn = await remove("signature-failures");
    expect(builtIn.status).toBe(403);
    expect((await errorOf(builtIn)).message).toBe("Built-in views cannot be deleted");
    expect((await remove("nonsense")).status).toBe(404);
  });

  it("answers any body with a view or a 4xx in the one error shape, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ name: fc.string({ maxLength: 70 }), query: fc.string({ maxLength: 60 }) }),
          fc.record({
            name: fc.string({ minLength: 1, maxLength: 20 }),
            query: fc.string({ maxLength: 30 }).map((q) => `q=${encodeURIComponent(q)}`),
          }),
        ),
        async (body) => {
          const response = await post(body);
          if (response.status === 201) {
            const { view } = await response.json();
            expect((await remove(savedViewSchema.parse(view).id)).status).toBe(204);
          } else {
            expect([400, 409]).toContain(response.status);
            expect(apiErrorBodySchema.safeParse(await response.json()).success).toBe(true);
          }
        },
      ),
      { seed: 20261128, numRuns: 60 },
    );
  });
});
