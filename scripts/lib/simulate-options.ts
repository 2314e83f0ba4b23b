// The command line of `npm run simulate`, parsed and checked apart from the sending so that it can
// be tested without a server.
import { parseArgs } from "node:util";
import { receiverConfig } from "../../lib/receiver/config";
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from "../../lib/receiver/signature/algorithms";
import { DEFAULT_API_BASE, DELIVERY_FORMATS, type DeliveryFormat, type SigningMode } from "./accelo-delivery";

export const RECEIVER_PATH = "/api/webhooks/accelo";
export const DEFAULT_RECEIVER_URL = `http://localhost:3000${RECEIVER_PATH}`;
const MAX_COUNT = 100_000;
const MAX_CONCURRENCY = 256;

export const SIMULATE_HELP = `Sends Accelo-shaped webhook deliveries to a running Accelo Webhook Monitor.

Usage: npm run simulate -- [options]

  --url <url>           receiver URL (default ${DEFAULT_RECEIVER_URL});
                        a bare origin gets ${RECEIVER_PATH} appended
  --event <id>          X-Accelo-Event (default assign_task, or delete_invoice with --delete)
  --id <n>              object id of every delivery (default: sequential from a random start)
  --type <type>         resource type in resource_url: tasks, issues, requests, quotes,
                        contacts, companies, invoices, ... (default tasks)
  --api-base <url>      origin of resource_url (default $ACCELO_API_BASE_URL or ${DEFAULT_API_BASE})
  --delete              send no resource_url, as Accelo's delete events may
  --format <form|json>  body encoding (default form, Accelo's default)
  --algorithm <alg>     sha1, sha256 or sha512 (default sha1)
  --prefixed            send "sha1=<hex>" instead of bare hex
  --secret <secret>     signing secret (default: first of $ACCELO_WEBHOOK_SECRET;
                        without one, deliveries go unsigned as Accelo sends them then)
  --unsigned            send no X-Hub-Signature
  --wrong-secret        sign with a secret the receiver does not know
  --tamper              change the body after signing it
  --count <n>           deliveries to send (default 1, at most ${MAX_COUNT})
  --concurrency <n>     deliveries in flight at once (default 1, at most ${MAX_CONCURRENCY})
  --help                show this text

Exits 1 when a delivery got no answer (the instance is unreachable), 2 on a usage error.`;

export interface SimulateOptions {
  url: string;
  event: string;
  /** Object id of the first delivery; later ones count up unless `sameId`. */
  firstId: number;
  sameId: boolean;
  resourceType: string;
  apiBase: string;
  isDelete: boolean;
  format: DeliveryFormat;
  algorithm: SignatureAlgorithm;
  prefixed: boolean;
  signing: SigningMode;
  secret?: string;
  /** Why the deliveries go unsigned although no one asked, to be said before sending. */
  notice?: string;
  count: number;
  concurrency: number;
}

export class UsageError extends Error {
  name = "UsageError";
}

function positiveInteger(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not "${value}"`);
  }
  return parsed;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const match = allowed.find((candidate) => candidate === value.toLowerCase());
  if (!match) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, not "${value}"`);
  return match;
}

function receiverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, not "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--url must be an http(s) URL, not "${value}"`);
  }
  if (url.pathname === "/") url.pathname = RECEIVER_PATH;
  return url.toString();
}

/** The command line's options, or a UsageError saying what is wrong with them. */
function readArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: "string" },
        event: { type: "string" },
        id: { type: "string" },
        type: { type: "string" },
        "api-base": { type: "string" },
        delete: { type: "boolean", default: false },
        format: { type: "string" },
        algorithm: { type: "string" },
        prefixed: { type: "boolean", default: false },
        secret: { type: "string" },
        unsigned: { type: "boolean", default: false },
        "wrong-secret": { type: "boolean", default: false },
        tamper: { type: "boolean", default: false },
        count: { type: "string" },
        concurrency: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Returns undefined when --help was asked for. */
export function parseSimulateOptions(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SimulateOptions | undefined {
  const values = readArgs(args);
  if (values.help) return undefined;

  const spoilers = (["unsigned", "wrong-secret", "tamper"] as const).filter((flag) => values[flag]);
  if (spoilers.length > 1) {
    throw new UsageError(`choose one of --${spoilers.join(", --")}`);
  }
  const requested: SigningMode = values.unsigned
    ? "unsigned"
    : values["wrong-secret"]
      ? "wrong-secret"
      : values.tamper
        ? "tampered"
        : "signed";

  // The first of the receiver's own secrets, read as the receiver reads them: Accelo signs with one.
  const secret = values.secret ?? receiverConfig(env).secrets[0];
  let signing = requested;
  let notice: string | undefined;
  if (!secret && requested === "signed") {
    signing = "unsigned";
    notice =
      "no --secret and ACCELO_WEBHOOK_SECRET is unset: sending unsigned, as Accelo does for a subscription without a secret";
  }
  if (!secret && (requested === "wrong-secret" || requested === "tampered")) {
    throw new UsageError(
      `--${requested === "tampered" ? "tamper" : "wrong-secret"} needs --secret or ACCELO_WEBHOOK_SECRET`,
    );
  }

  const count = positiveInteger("count", values.count, 1, MAX_COUNT);
  const idGiven = values.id !== undefined;
  return {
    url: receiverUrl(values.url ?? DEFAULT_RECEIVER_URL),
    event: values.event ?? (values.delete ? "delete_invoice" : "assign_task"),
    firstId: idGiven
      ? positiveInteger("id", values.id, 1, Number.MAX_SAFE_INTEGER)
      : 1 + Math.floor(Math.random() * 1_000_000),
    sameId: idGiven,
    resourceType: values.type ?? (values.delete ? "invoices" : "tasks"),
    apiBase: values["api-base"] ?? env.ACCELO_API_BASE_URL ?? DEFAULT_API_BASE,
    isDelete: values.delete,
    format: oneOf("format", values.format, DELIVERY_FORMATS, "form"),
    algorithm: oneOf("algorithm", values.algorithm, SIGNATURE_ALGORITHMS, "sha1"),
    prefixed: values.prefixed,
    signing,
    secret: signing === "unsigned" ? undefined : secret,
    notice,
    count,
    concurrency: Math.min(count, positiveInteger("concurrency", values.concurrency, 1, MAX_CONCURRENCY)),
  };
}
