// Signed deliveries for a load run, each for its own object id, and a ledger of what the receiver
// acknowledged: the id it answered 2xx with for each object. Checked against the database
// afterwards, the ledger tells what was lost (acknowledged, not there) and what was stored twice.
import type { Db } from "../../lib/db/client";
import { buildDelivery, resourceUrlFor } from "./accelo-delivery";
import type { HttpAnswer, HttpRequest } from "./http-sender";
import { readReceiverAnswer } from "./receiver-answer";

export interface DeliveryLedger {
  /** The n-th request of the run (0-based): a delivery for object `firstObjectId + n`. */
  request(index: number): HttpRequest;
  /** Records a 2xx answer against the object its request was for. */
  onAnswer(answer: HttpAnswer, index: number): void;
  /** Object id (as the receiver stores it) → delivery id the receiver answered with. */
  readonly acknowledged: Map<string, number>;
  /** 2xx answers without a readable delivery id: the receiver broke its own answer format. */
  readonly acknowledgedWithoutId: number;
  /** Whether a stored object id is one this run sent (runs on one database use separate ranges). */
  sentObject(objectId: string): boolean;
}

export function createDeliveryLedger({
  secret,
  apiBase,
  firstObjectId = 1,
}: {
  secret: string;
  /** Where the deliveries' resource_url points: the Accelo stand-in when fetching is on. */
  apiBase: string;
  firstObjectId?: number;
}): DeliveryLedger {
  const acknowledged = new Map<string, number>();
  let acknowledgedWithoutId = 0;
  let requested = 0;
  return {
    request(index) {
      requested = Math.max(requested, index + 1);
      const objectId = firstObjectId + index;
      return {
        method: "POST",
        ...buildDelivery({
          event: "assign_task",
          objectId,
          format: "form",
          resourceUrl: resourceUrlFor(apiBase, "tasks", objectId),
          signing: "signed",
          secret,
          algorithm: "sha1",
          prefixed: false,
        }),
      };
    },
    onAnswer(answer, index) {
      if (answer.status < 200 || answer.status > 299) return;
      const { id } = readReceiverAnswer(answer.status, answer.body);
      if (id === undefined) acknowledgedWithoutId++;
      else acknowledged.set(String(firstObjectId + index), id);
    },
    acknowledged,
    get acknowledgedWithoutId() {
      return acknowledgedWithoutId;
    },
    sentObject(objectId) {
      const n = Number(objectId);
      return Number.isInteger(n) && n >= firstObjectId && n < firstObjectId + requested;
    },
  };
}

export interface LedgerCheck {
  acknowledged: number;
  /** Rows holding an object this run sent. */
  stored: number;
  /** Acknowledged, yet no row with the answered id holds that object: must be 0. */
  lost: number;
  /** Objects stored in more than one row: each was sent once, so must be 0. */
  storedTwice: number;
  /** Stored but answered otherwise (a 503 after a slow commit, a request cut by a kill): Accelo resends these. */
  storedNotAcknowledged: number;
}

/** Compares the ledger with the delivery rows of the objects this run sent. */
export async function checkLedger(db: Pick<Db, "delivery">, ledger: DeliveryLedger): Promise<LedgerCheck> {
  const rowsByObject = new Map<string, number[]>();
  let stored = 0;
  for (const { id, objectId } of await db.delivery.findMany({ select: { id: true, objectId: true } })) {
    if (objectId === null || !ledger.sentObject(objectId)) continue;
    stored++;
    const ids = rowsByObject.get(objectId);
    if (ids) ids.push(id);
    else rowsByObject.set(objectId, [id]);
  }
  // An acknowledgement without an id cannot be found again, so it counts as lost.
  let lost = ledger.acknowledgedWithoutId;
  for (const [objectId, id] of ledger.acknowledged) {
    if (!rowsByObject.get(objectId)?.includes(id)) lost++;
  }
  let storedTwice = 0;
  let storedNotAcknowledged = 0;
  for (const [objectId, ids] of rowsByObject) {
    if (ids.length > 1) storedTwice++;
    if (!ledger.acknowledged.has(objectId)) storedNotAcknowledged++;
  }
  return {
    acknowledged: ledger.acknowledged.size + ledger.acknowledgedWithoutId,
    stored,
    lost,
    storedTwice,
    storedNotAcknowledged,
  };
}
