// bench:query's cases for the search box's field terms (lib/deliveries/search), beside the plain
// text cases in query.ts. Values are the seeded ones (seed-deliveries.ts): object ids 1..400,000,
// the event mix's shares, every body's id and resource_url.

type SearchCase = [name: string, kind: "search", query: Record<string, string>];

export function searchBoxCases({ deepCursor }: { deepCursor: string }): SearchCase[] {
  return [
    ["field id:12345 (B-tree)", "search", { q: "id:12345" }],
    ["field id:, never sent", "search", { q: "id:no-such-id" }],
    ["field resource_url:*quotes* (3 %)", "search", { q: "resource_url:*quotes*" }],
    ["field resource_url:*/quotes/12345", "search", { q: "resource_url:*/quotes/12345" }],
    ["field resource_url, no match", "search", { q: "resource_url:*no-such-text*" }],
    ["field payload.id:12345", "search", { q: "payload.id:12345" }],
    ["header x-accelo-event:assign_task (24 %)", "search", { q: "header.x-accelo-event:assign_task" }],
    ["header x-accelo-event:delete_invoice (1 %)", "search", { q: "header.x-accelo-event:delete_invoice" }],
    ["text + field: invoices event:update_invoice", "search", { q: "invoices event:update_invoice" }],
    ["text, negated field: quotes -id:12345", "search", { q: "quotes -id:12345" }],
    ["field + deep cursor: resource_url:*issues*", "search", { q: "resource_url:*issues*", cursor: deepCursor }],
  ];
}
