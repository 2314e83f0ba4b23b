import "server-only";

// Both generated clients share one data model and expose the same API: the SQLite client's types
// and its SQL template helpers (Prisma.sql, Prisma.join) stand for both providers. Code outside
// lib/db imports them from here, never from a generated folder.
export type {
  AlertChannel,
  AlertIncident,
  AlertRule,
  Delivery,
  Destination,
  FetchJob,
  ForwardAttempt,
  ForwardJob,
  Snapshot,
  Subscription,
} from "./generated/sqlite/client";
export { Prisma } from "./generated/sqlite/client";
