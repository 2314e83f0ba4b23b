import type { APIRequestContext } from "@playwright/test";
import {
  buildBody,
  buildHeaders,
  type CorpusCase,
  type ExpectedRecord,
  expectedRecord,
  loadCorpus,
  type Placeholders,
} from "../corpus/corpus-case";
import { sendRaw } from "../corpus/raw-http";
import { ACCELO_WEBHOOK_SECRET, expect, signIn, test } from "./fixtures";

// Sends every request of the hostile corpus (tests/corpus/*.json) over a raw socket to the
// production server, then checks the answer, that the server still answers, and how the request
// was recorded, read back through the API. Ends with the outcome table the closing note quotes.

const corpus = loadCorpus();

interface Outcome {
  name: string;
  expected: string;
  got: string;
  problems: string[];
}

interface StoredDelivery {
  headers: [string, string][];
  body: { size: number; oversized: boolean; format: string; contentTypeSniffed: boolean; parseError: string | null };
  objectId: string | null;
  resourceType: string | null;
  resourceUrl: string | null;
  signature: { verdict: string; reason: string | null };
}

interface AutomaticFetch {
  automatic: { kind: string; reason?: string | null };
}

/** What the receiver answered about where it stored the request: the id, in either answer shape. */
function storedId(body: Buffer): number | undefined {
  try {
    const answer = JSON.parse(body.toString("utf8")) as { id?: unknown; error?: { details?: { id?: unknown } } };
    const id = answer.id ?? answer.error?.details?.id;
    return typeof id === "number" ? id : undefined;
  } catch {
    return undefined;
  }
}

function eventMarker(corpusCase: CorpusCase): string | undefined {
  const ownEvent = corpusCase.headers.some(
    (header) => Array.isArray(header) && header[0].toLowerCase() === "x-accelo-event",
  );
  return ownEvent ? undefined : `corpus-${corpusCase.name}`;
}

/** The automatic fetch's outcome once the receiver has scheduled it (after its answer). */
async function fetchOutcome(api: APIRequestContext, id: number): Promise<string> {
  let outcome = "none";
  await expect
    .poll(
      async () => {
        const { automatic } = (await (await api.get(`/api/deliveries/${id}/snapshot`)).json()) as AutomaticFetch;
        outcome =
          automatic.kind === "skipped"
            ? (automatic.reason ?? "skipped")
            : automatic.kind === "none"
              ? "none"
              : "scheduled";
        return outcome;
      },
      { timeout: 10_000 },
    )
    .not.toBe("none");
  return outcome;
}

async function recordProblems(
  api: APIRequestContext,
  id: number,
  expected: ExpectedRecord,
  baseHeaderCount: number,
): Promise<string[]> {
  const response = await api.get(`/api/deliveries/${id}`);
  if (!response.ok()) return [`GET /api/deliveries/${id} answered ${response.status()}`];
  const stored = (await response.json()) as StoredDelivery;
  const got: Record<string, unknown> = {
    bodyFormat: stored.body.format,
    oversized: stored.body.oversized,
    bodySize: stored.body.size,
    contentTypeSniffed: stored.body.contentTypeSniffed,
    signatureVerdict: stored.signature.verdict,
    signatureReason: stored.signature.reason,
    objectId: stored.objectId,
    resourceType: stored.resourceType,
    resourceUrl: stored.resourceUrl,
  };
  const problems: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    if (field === "parseError") {
      const error = stored.body.parseError;
      const fits = typeof value === "string" ? error?.includes(value) === true : (error !== null) === value;
      if (!fits) problems.push(`parseError ${JSON.stringify(error)}, expected ${JSON.stringify(value)}`);
    } else if (field === "headerCount") {
      if (stored.headers.length < baseHeaderCount + (value as number))
        problems.push(`only ${stored.headers.length} headers kept`);
    } else if (field === "fetch") {
      const outcome = await fetchOutcome(api, id);
      if (outcome !== value) problems.push(`fetch ${outcome}, expected ${String(value)}`);
    } else if (got[field] !== value) {
      problems.push(`${field} ${JSON.stringify(got[field])}, expected ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function describeExpected({ expect: expected }: CorpusCase): string {
  const status = expected.status ?? "no answer";
  if (expected.stored === false) return `${status} (${expected.answeredBy}), not stored`;
  const { bodyFormat, signatureVerdict, signatureReason, oversized, fetch } = expected.stored;
  return [status, bodyFormat, signatureReason ?? signatureVerdict, oversized && "oversized", fetch && `fetch ${fetch}`]
    .filter(Boolean)
    .join(", ");
}

function table(outcomes: Outcome[]): string {
  const width = (pick: (outcome: Outcome) => string) => Math.max(...outcomes.map((outcome) => pick(outcome).length));
  const [name, expected] = [width((o) => o.name), width((o) => o.expected)];
  return outcomes
    .map(
      (o) =>
        `${o.name.padEnd(name)}  ${o.expected.padEnd(expected)}  ${o.got}${o.problems.length ? `  ✗ ${o.problems.join("; ")}` : ""}`,
    )
    .join("\n");
}

test("every request of the hostile corpus gets its documented answer and record, and the server survives each", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(10 * 60_000);
  await signIn(page);
  const api = page.request;
  const standIn = process.env.E2E_STAND_IN_ORIGIN;
  if (!baseURL || !standIn) throw new Error("playwright.config.ts sets baseURL and E2E_STAND_IN_ORIGIN");
  const placeholders: Placeholders = { apiOrigin: standIn, configuredSecret: ACCELO_WEBHOOK_SECRET };
  // Every request carries Host, Connection and its framing header; the corpus counts the rest.
  const baseHeaderCount = 3;
  const outcomes: Outcome[] = [];

  for (const corpusCase of corpus) {
    const body = buildBody(corpusCase.body, placeholders);
    const marker = eventMarker(corpusCase);
    const headers = buildHeaders(corpusCase, body, placeholders);
    if (marker) headers.push(["x-accelo-event", marker]);
    const answer = await sendRaw(baseURL, {
      method: corpusCase.method,
      path: corpusCase.path,
      headers,
      body,
      framing: corpusCase.framing,
      hangUpAfterBytes: corpusCase.hangUpAfterBytes,
    });

    const problems: string[] = [];
    if (answer.status !== corpusCase.expect.status) problems.push(`status ${answer.status ?? "none"}`);
    if (answer.status !== null && answer.status >= 500 && !corpusCase.knownLimitation) problems.push("5xx");
    const health = await api.get("/api/health");
    if (health.status() !== 200) problems.push(`health answered ${health.status()} afterwards`);

    const id = storedId(answer.body);
    const { stored } = corpusCase.expect;
    if (stored === false) {
      if (id !== undefined) problems.push(`stored as ${id}`);
      if (marker) {
        const listed = (await (await api.get(`/api/deliveries?event=${encodeURIComponent(marker)}`)).json()) as {
          items: unknown[];
        };
        if (listed.items.length > 0) problems.push(`${listed.items.length} stored`);
      }
    } else if (id === undefined) {
      problems.push("no delivery id in the answer");
    } else {
      problems.push(...(await recordProblems(api, id, expectedRecord(stored, placeholders), baseHeaderCount)));
    }
    const got = `${answer.status ?? "no answer"}${id !== undefined ? ` → #${id}` : ""}${corpusCase.knownLimitation ? " (known limitation)" : ""}`;
    outcomes.push({ name: corpusCase.name, expected: describeExpected(corpusCase), got, problems });
    expect.soft(problems, `${corpusCase.name}: ${corpusCase.why}`).toEqual([]);
  }

  const limitations = corpus
    .filter((corpusCase) => corpusCase.knownLimitation)
    .map((corpusCase) => `${corpusCase.name}: ${corpusCase.knownLimitation}`);
  const report = [
    `Hostile corpus: ${outcomes.length} requests, ${outcomes.filter((o) => o.problems.length === 0).length} as documented`,
    table(outcomes),
    ...limitations.map((limitation) => `Known limitation — ${limitation}`),
  ].join("\n");
  console.log(report);
  await testInfo.attach("hostile-corpus-outcomes.txt", { body: report, contentType: "text/plain" });
});
