import fc from "fast-check";
import { POST } from "../../app/api/webhooks/accelo/route";
import { db } from "../../lib/db/client";
import { deliveryFingerprint } from "../../lib/receiver/fingerprint";
import { COMPACT_BODY_BYTES } from "../../lib/receiver/receive";
import { seededRandom } from "../../scripts/lib/seeded-random";
import {
  allowedStatuses,
  type BatchSize,
  describeHostile,
  expectedVerdict,
  type GenuineDelivery,
  genuineDelivery,
  type HostileRequest,
  hostileHeaders,
  PROPERTY_SECRETS,
  type ReceiverBatch,
  type ReceiverSettings,
  receiverBatchArbitrary,
} from "./receiver-arbitraries";

// The receiver's property, shared by tests/integration/receiver-properties.test.ts (a fixed seed
// and a small budget, on each provider) and scripts/fuzz.ts (as long as asked). Each run sends
// hostile requests and genuine deliveries at once, through the route handler, on the database
// DATABASE_URL names: they meet in the receiver's group commit, where one row the database
// refuses must not cost the others their answer.
//
// Invariants, for every request: a documented status, never a 5xx (the database is up); an
// answer that names the row it was stored as; that row holding the exact bytes sent (their first
// WEBHOOK_MAX_BODY_BYTES when oversized, the first 8 KiB when compacted), the status answered and the event sent (or a prefix of
// it, should a long one be capped). For every genuine delivery besides: 200, and one row, which
// holds its event, object id and resource URL.

const RECEIVER_URL = "http://127.0.0.1:3000/api/webhooks/accelo";
const DOCUMENTED = new Set([200, 202, 400, 401, 413]);

type Sent =
  | { role: "hostile"; index: number; request: HostileRequest }
  | { role: "genuine"; index: number; delivery: GenuineDelivery };

interface Answer {
  status: number;
  text: string;
  id: number | undefined;
  verdict: unknown;
}

function requestFor(sent: Sent): Request {
  const headers = new Headers();
  if (sent.role === "hostile") {
    for (const [name, value] of hostileHeaders(sent.request)) headers.append(name, value);
    return new Request(RECEIVER_URL, { method: "POST", headers, body: sent.request.body });
  }
  const { delivery } = sent;
  headers.set("content-type", delivery.contentType);
  headers.set("x-accelo-event", delivery.event);
  headers.set("x-hub-signature", delivery.signature);
  return new Request(RECEIVER_URL, { method: "POST", headers, body: delivery.body });
}

async function send(sent: Sent): Promise<Answer> {
  let response: Response;
  try {
    response = await POST(requestFor(sent));
  } catch (error) {
    // apiRoute turns whatever is thrown into an answer; reaching here is a failure of its own.
    return { status: -1, text: `threw ${(error as Error).stack ?? String(error)}`, id: undefined, verdict: undefined };
  }
  const text = await response.text();
  let answer: { id?: unknown; verdict?: unknown; error?: { details?: { id?: unknown; verdict?: unknown } } } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // Left empty: the missing id is reported below.
  }
  const id = answer.id ?? answer.error?.details?.id;
  return {
    status: response.status,
    text,
    id: typeof id === "number" ? id : undefined,
    verdict: answer.verdict ?? answer.error?.details?.verdict,
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const next = seededRandom(seed);
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

async function withSettings<T>(settings: ReceiverSettings, work: () => Promise<T>): Promise<T> {
  const names = ["ACCELO_WEBHOOK_SECRET", "WEBHOOK_OBSERVE_ONLY", "WEBHOOK_MAX_BODY_BYTES"] as const;
  const before = names.map((name) => process.env[name]);
  if (settings.secretsConfigured) process.env.ACCELO_WEBHOOK_SECRET = PROPERTY_SECRETS.join(",");
  else delete process.env.ACCELO_WEBHOOK_SECRET;
  process.env.WEBHOOK_OBSERVE_ONLY = String(settings.observeOnly);
  process.env.WEBHOOK_MAX_BODY_BYTES = String(settings.maxBodyBytes);
  try {
    return await work();
  } finally {
    names.forEach((name, index) => {
      const value = before[index];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
  }
}

function clip(text: string, limit = 300): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * Sends one batch concurrently and checks every invariant; throws one error listing every
 * violation (so a counterexample shows all that went wrong in its batch, not the first thing).
 */
export async function checkReceiverBatch(batch: ReceiverBatch): Promise<void> {
  const { settings } = batch;
  const sent: Sent[] = shuffled(
    [
      ...batch.hostile.map((request, index): Sent => ({ role: "hostile", index, request })),
      ...batch.genuine.map(
        (template, index): Sent => ({ role: "genuine", index, delivery: genuineDelivery(template) }),
      ),
    ],
    batch.shuffleSeed,
  );
  const before = (await db.delivery.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const answers = await withSettings(settings, () => Promise.all(sent.map(send)));

  const ids = answers.flatMap((answer) => (answer.id === undefined ? [] : [answer.id]));
  const rows = new Map(
    (await db.delivery.findMany({ where: { id: { in: ids } } })).map((row) => [row.id, row] as const),
  );
  const genuineFingerprints = sent.flatMap((entry) =>
    entry.role === "genuine" ? [deliveryFingerprint(entry.delivery.event, entry.delivery.body)] : [],
  );
  const copies = new Map<string, number[]>();
  for (const row of await db.delivery.findMany({
    where: { fingerprint: { in: genuineFingerprints } },
    select: { id: true, fingerprint: true },
  })) {
    copies.set(row.fingerprint, [...(copies.get(row.fingerprint) ?? []), row.id]);
  }

  const problems: string[] = [];
  const seenIds = new Map<number, string>();
  for (const [position, entry] of sent.entries()) {
    const answer = answers[position];
    const name = `${entry.role} #${entry.index}`;
    const said = `answered ${answer.status} ${clip(answer.text)}`;
    const fail = (problem: string) =>
      problems.push(
        `${name} ${problem}\n      request: ${
          entry.role === "hostile"
            ? describeHostile(entry.request)
            : `${entry.delivery.contentType} ${JSON.stringify(new TextDecoder().decode(entry.delivery.body))}`
        }`,
      );

    const allowed = entry.role === "hostile" ? allowedStatuses(entry.request, settings) : [200];
    if (!allowed.includes(answer.status)) {
      const stored = await storedWithoutAnswer(entry, settings, before);
      fail(`${said}; expected ${allowed.join(" or ")}${stored}`);
      if (!DOCUMENTED.has(answer.status)) continue;
    }
    if (answer.id === undefined) {
      fail(`${said}, without the id of a stored row`);
      continue;
    }
    const other = seenIds.get(answer.id);
    if (other) fail(`was answered with id ${answer.id}, which ${other} was answered with too`);
    seenIds.set(answer.id, name);

    const row = rows.get(answer.id);
    if (!row) {
      fail(`${said}, but no row ${answer.id} exists`);
      continue;
    }
    if (row.responseStatus !== answer.status) fail(`was stored with status ${row.responseStatus}, ${said}`);

    if (entry.role === "genuine") {
      const { delivery } = entry;
      const verdict = settings.secretsConfigured ? "valid" : "unverified";
      if (answer.verdict !== verdict) fail(`answered verdict ${String(answer.verdict)}, expected ${verdict}`);
      if (!sameBytes(row.rawBody, delivery.body)) fail(`row ${row.id} holds other bytes than were sent`);
      if (row.eventId !== delivery.event) fail(`row ${row.id} has event ${row.eventId}, sent ${delivery.event}`);
      if (row.objectId !== delivery.objectId) fail(`row ${row.id} has object id ${row.objectId}`);
      if (row.resourceUrl !== delivery.resourceUrl) fail(`row ${row.id} has resource URL ${row.resourceUrl}`);
      const stored = copies.get(deliveryFingerprint(delivery.event, delivery.body)) ?? [];
      if (stored.length !== 1) fail(`is stored ${stored.length} times (rows ${stored.join(", ")})`);
      continue;
    }

    const { request } = entry;
    const verdict = expectedVerdict(request, settings);
    if (answer.verdict !== verdict) fail(`answered verdict ${String(answer.verdict)}, expected ${verdict}`);
    const oversized = request.body.byteLength > settings.maxBodyBytes;
    // Past the hourly failure budget a request that failed the signature check keeps only its
    // first bytes (lib/receiver/receive.ts); nothing else may be compacted.
    if (row.compacted && verdict !== "invalid" && verdict !== "missing") fail(`row ${row.id} compacted a ${verdict}`);
    const keptLength = Math.min(settings.maxBodyBytes, row.compacted ? COMPACT_BODY_BYTES : Number.POSITIVE_INFINITY);
    const kept = request.body.subarray(0, keptLength);
    if (!sameBytes(row.rawBody, kept))
      fail(`row ${row.id} holds ${row.rawBody.byteLength} bytes other than the ${kept.byteLength} sent`);
    if (row.bodySize !== request.body.byteLength || row.oversized !== oversized)
      fail(`row ${row.id} says ${row.bodySize} bytes, oversized ${row.oversized}`);
    // Headers drop the value's outer spaces and tabs; the receiver trims the rest.
    const event = request.event?.trim() || null;
    if (event === null ? row.eventId !== null : !row.eventId || !event.startsWith(row.eventId))
      fail(`row ${row.id} has event ${clip(String(row.eventId), 80)}, sent ${clip(String(event), 80)}`);
    if (request.objectId !== undefined && (!row.objectId || !request.objectId.startsWith(row.objectId)))
      fail(`row ${row.id} has object id ${clip(String(row.objectId), 80)}, sent ${clip(request.objectId, 80)}`);
  }

  if (problems.length > 0) {
    const statuses = answers.map((answer) => answer.status).sort((a, b) => a - b);
    throw new Error(
      `${problems.length} of ${sent.length} requests broke the receiver's invariants ` +
        `(statuses ${summariseStatuses(statuses)}):\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
}

function summariseStatuses(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count}×${status}`).join(", ");
}

/** For an answer with no id: whether this batch stored a row with the request's fingerprint all the same. */
async function storedWithoutAnswer(entry: Sent, settings: ReceiverSettings, afterId: number): Promise<string> {
  const [event, body] =
    entry.role === "genuine"
      ? [entry.delivery.event, entry.delivery.body]
      : [entry.request.event?.trim() || undefined, entry.request.body.subarray(0, settings.maxBodyBytes)];
  const rows = await db.delivery.count({
    where: { fingerprint: deliveryFingerprint(event, body), id: { gt: afterId } },
  });
  return rows === 0 ? ", and nothing was stored" : `; ${rows} row(s) with its fingerprint were stored`;
}

/** The batch sizes `npm test` runs: 17 requests a run on average, at most 32, to fit CI on two cores. */
export const TEST_BATCH: BatchSize = { hostile: { min: 1, max: 24 }, genuine: { min: 1, max: 8 } };

/** The property: every generated batch keeps every invariant. */
export function receiverProperty(size: BatchSize = TEST_BATCH) {
  return fc.asyncProperty(receiverBatchArbitrary(size), checkReceiverBatch);
}
