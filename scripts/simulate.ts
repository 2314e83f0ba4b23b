// npm run simulate -- [options]: sends Accelo-shaped deliveries to a running instance and prints
// what it sent and what came back. `npm run simulate -- --help` lists the options.
import { performance } from "node:perf_hooks";
import { buildDelivery, resourceUrlFor } from "./lib/accelo-delivery";
import { createHttpSender } from "./lib/http-sender";
import { summarizeLatencies } from "./lib/latency";
import { readReceiverAnswer } from "./lib/receiver-answer";
import { parseSimulateOptions, SIMULATE_HELP, type SimulateOptions, UsageError } from "./lib/simulate-options";

function signatureLabel(options: SimulateOptions): string {
  if (options.signing === "unsigned") return "unsigned";
  const form = options.prefixed ? `${options.algorithm}=…` : `${options.algorithm} bare`;
  if (options.signing === "wrong-secret") return `${form}, wrong secret`;
  if (options.signing === "tampered") return `${form}, body tampered`;
  return form;
}

let options: SimulateOptions | undefined;
try {
  options = parseSimulateOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`simulate: ${error.message}\n\n${SIMULATE_HELP}`);
  process.exit(2);
}
if (!options) {
  console.log(SIMULATE_HELP);
  process.exit(0);
}

const run = options;
if (run.notice) console.log(`note: ${run.notice}`);
console.log(`sending ${run.count} deliver${run.count === 1 ? "y" : "ies"} to ${run.url}, ${run.concurrency} at a time`);

const sender = createHttpSender(run.url, { connections: run.concurrency });
const statusCounts = new Map<string, number>();
const latencies: number[] = [];
const indexWidth = String(run.count).length;
const signature = signatureLabel(run);
let next = 0;

async function sendOne(index: number): Promise<void> {
  const objectId = run.sameId ? run.firstId : run.firstId + index;
  // Every other delivery in the form Accelo's documentation shows, ending in .json: both name one object.
  const resourceUrl = run.isDelete
    ? undefined
    : resourceUrlFor(run.apiBase, run.resourceType, objectId, { jsonSuffix: index % 2 === 1 });
  const request = buildDelivery({
    event: run.event,
    objectId,
    format: run.format,
    resourceUrl,
    signing: run.signing,
    secret: run.secret,
    algorithm: run.algorithm,
    prefixed: run.prefixed,
  });
  const object = run.isDelete ? `object ${objectId} (no resource_url)` : `${run.resourceType}/${objectId}`;
  const sent = `#${String(index + 1).padStart(indexWidth)} ${run.event} ${object} ${run.format} ${signature}`;

  let outcome: string;
  let statusKey: string;
  try {
    const answer = await sender.send({ method: "POST", headers: request.headers, body: request.body });
    latencies.push(answer.ms);
    const read = readReceiverAnswer(answer.status, answer.body);
    statusKey = String(answer.status);
    outcome = `${answer.status}${read.id === undefined ? "" : ` id ${read.id}`} ${read.outcome} (${answer.ms.toFixed(1)} ms)`;
  } catch (error) {
    statusKey = "no answer";
    outcome = `no answer: ${error instanceof Error ? error.message || error.name : String(error)}`;
  }
  statusCounts.set(statusKey, (statusCounts.get(statusKey) ?? 0) + 1);
  console.log(`${sent} → ${outcome}`);
}

async function worker(): Promise<void> {
  while (next < run.count) await sendOne(next++);
}

const started = performance.now();
await Promise.all(Array.from({ length: run.concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
sender.close();

const byStatus = [...statusCounts].map(([status, count]) => `${status}×${count}`).join(", ");
const { p50, p99 } = summarizeLatencies(latencies);
const timing = latencies.length ? `; p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms` : "";
console.log(`sent ${run.count} in ${seconds.toFixed(2)} s: ${byStatus}${timing}`);

const unanswered = statusCounts.get("no answer") ?? 0;
if (unanswered > 0) {
  console.error(
    `${unanswered} deliver${unanswered === 1 ? "y" : "ies"} got no answer: is the instance running at ${run.url}?`,
  );
  process.exit(1);
}
