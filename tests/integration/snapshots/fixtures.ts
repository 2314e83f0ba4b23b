import type { AcceloConfig } from "../../../lib/accelo/config";
import { db } from "../../../lib/db/client";
import { processNextBatch } from "../../../lib/fetch-queue/worker";
import { STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET, type StandIn } from "../../../scripts/stand-in/start-stand-in";

/** Settings for a test against a stand-in: no delay, few tries. */
export function standInConfig(standIn: StandIn, overrides: Partial<AcceloConfig> = {}): AcceloConfig {
  return {
    apiOrigin: standIn.origin,
    credentials: { kind: "client_credentials", clientId: STAND_IN_CLIENT_ID, clientSecret: STAND_IN_CLIENT_SECRET },
    autoFetch: true,
    fetchUnverified: false,
    hourlyBudget: 1000,
    requestTimeoutMs: 10_000,
    fetchDelayMs: 0,
    maxAttempts: 3,
    ...overrides,
  };
}

/** A stored delivery, as the receiver would have left it. */
export async function storedDelivery({
  resourceUrl,
  signatureVerdict = "valid",
  eventId = "update_task",
}: {
  resourceUrl: string | null;
  signatureVerdict?: string;
  eventId?: string;
}) {
  const body = resourceUrl ? `id=1&resource_url=${encodeURIComponent(resourceUrl)}` : "id=1";
  const match = resourceUrl ? /\/api\/v0\/([a-z_]+)\/(\d+)$/.exec(resourceUrl) : null;
  return db.delivery.create({
    data: {
      method: "POST",
      url: "/api/webhooks/accelo",
      headers: "[]",
      rawBody: Buffer.from(body),
      bodySize: body.length,
      bodyFormat: "form",
      eventId,
      resourceUrl,
      resourceType: match?.[1] ?? null,
      resourceId: match?.[2] ?? null,
      signatureVerdict,
      responseStatus: 200,
      fingerprint: `${eventId}:${body}:${Math.random()}`,
    },
  });
}

/**
 * Runs a worker until nothing is due (seen from `now`); returns how many batches it handled.
 * Bounded, because a job held back by the budget is due again at once when `now` is in the future.
 */
export async function drain(config: AcceloConfig, workerId: string, now?: Date): Promise<number> {
  let batches = 0;
  while (batches < 100 && (await processNextBatch(config, workerId, now))) batches++;
  return batches;
}
