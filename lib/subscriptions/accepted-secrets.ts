import "server-only";
import { openSubscriptionSecret } from "./secret";
import { acceptedSealedSecrets } from "./store";

export interface AcceptedSubscriptionSecret {
  subscriptionId: string;
  secret: string;
  /** Set once the subscription is deleted: the end of its grace period. */
  acceptUntil: Date | null;
}

/** A cached list is read again after this long, so a subscription deleted on another instance ends. */
const RELOAD_AFTER_MS = 30_000;
/** A delivery no secret matches reloads the list, at most this often: a forged flood costs one read a second. */
const RECHECK_AFTER_MS = 1_000;

interface Cache {
  loadedAt: number;
  secrets: AcceptedSubscriptionSecret[];
  loading?: Promise<AcceptedSubscriptionSecret[]>;
}

// One cache per process; the receiver reads it on every delivery, the database only when it is stale.
const state = globalThis as unknown as { accelomonitorSubscriptionSecrets?: Cache };

function cache(): Cache {
  state.accelomonitorSubscriptionSecrets ??= { loadedAt: Number.NEGATIVE_INFINITY, secrets: [] };
  return state.accelomonitorSubscriptionSecrets;
}

async function load(now: Date): Promise<AcceptedSubscriptionSecret[]> {
  const rows = await acceptedSealedSecrets(now);
  return rows.flatMap(({ id, secret, acceptUntil }) => {
    const clear = openSubscriptionSecret(id, secret);
    return clear === undefined ? [] : [{ subscriptionId: id, secret: clear, acceptUntil }];
  });
}

/** Reads the list again unless it was read within `maxAgeMs`; concurrent callers share one read. */
async function refreshed(maxAgeMs: number): Promise<AcceptedSubscriptionSecret[]> {
  const current = cache();
  if (performance.now() - current.loadedAt < maxAgeMs) return current.secrets;
  current.loading ??= load(new Date())
    .then((secrets) => {
      current.secrets = secrets;
      return secrets;
    })
    // A database away for a moment keeps the last list: the delivery's store reports the outage.
    .catch(() => current.secrets)
    .finally(() => {
      current.loadedAt = performance.now();
      current.loading = undefined;
    });
  return current.loading;
}

const live = (secrets: AcceptedSubscriptionSecret[], now: number) =>
  secrets.filter(({ acceptUntil }) => acceptUntil === null || acceptUntil.getTime() > now);

/** The subscription secrets accepted now, from the cache unless it is older than 30 s. */
export async function acceptedSubscriptionSecrets(): Promise<AcceptedSubscriptionSecret[]> {
  return live(await refreshed(RELOAD_AFTER_MS), Date.now());
}

/**
 * For a delivery no cached secret matched: the list read again if the last read is over a second
 * old (a subscription just made on another instance), or undefined when there is nothing newer.
 */
export async function recheckedSubscriptionSecrets(): Promise<AcceptedSubscriptionSecret[] | undefined> {
  const before = cache().secrets;
  const after = await refreshed(RECHECK_AFTER_MS);
  return after === before ? undefined : live(after, Date.now());
}

/** After a subscription is made or deleted here, the next delivery reads the list afresh. */
export function forgetSubscriptionSecrets(): void {
  cache().loadedAt = Number.NEGATIVE_INFINITY;
}
