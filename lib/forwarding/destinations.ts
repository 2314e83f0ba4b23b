import "server-only";
import { db } from "../db/client";
import type { Destination } from "../db/prisma";
import { DomainError } from "../errors";
import { seal, unseal } from "../secrets/seal";
import { sealingKey } from "../secrets/sealing-key";
import { checkForwardUrl } from "./address-guard";
import { forwardingConfig } from "./config";
import type { DestinationChange, NewDestination } from "./schemas";

// Every query of the Destination table. The URL (it may carry credentials) and the signing secret
// are sealed at rest and opened only to send.

const URL_PURPOSE = "destination.url";
const SECRET_PURPOSE = "destination.secret";

/** A destination without its sealed values; `signed` says whether it has a signing secret. */
export type DestinationRecord = Omit<Destination, "url" | "secret"> & { signed: boolean };

function recordOf({ secret, ...row }: Omit<Destination, "url">): DestinationRecord {
  return { ...row, signed: secret !== null };
}

const WITH_SEALED_SECRET = { secret: false } as const;

/** What the pages show of a URL: no user, password or query string, which may hold credentials. */
function displayUrlOf(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

async function sealedUrl(url: string): Promise<{ url: string; displayUrl: string }> {
  const checked = await checkForwardUrl(url, forwardingConfig().allowPrivateNetworks);
  return { url: seal(checked.href, sealingKey().key, URL_PURPOSE), displayUrl: displayUrlOf(checked) };
}

const sealedSecret = (secret: string | null) =>
  secret === null ? null : seal(secret, sealingKey().key, SECRET_PURPOSE);

export function eventsOf(record: Pick<Destination, "events">): string[] | null {
  return record.events === null ? null : (JSON.parse(record.events) as string[]);
}

export async function createDestination(input: NewDestination): Promise<DestinationRecord> {
  const created = await db.destination.create({
    omit: WITH_SEALED_SECRET,
    data: {
      name: input.name,
      ...(await sealedUrl(input.url)),
      events: input.events === null ? null : JSON.stringify(input.events),
      includeFailedSignatures: input.includeFailedSignatures,
      secret: sealedSecret(input.secret),
      timeoutMs: input.timeoutMs,
      enabled: input.enabled,
    },
  });
  return recordOf(created);
}

export async function updateDestination(id: number, change: DestinationChange): Promise<DestinationRecord> {
  const exists = await db.destination.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw new DomainError("not_found", `No destination with id ${id}`);
  const updated = await db.destination.update({
    where: { id },
    omit: WITH_SEALED_SECRET,
    data: {
      name: change.name,
      ...(change.url !== undefined && (await sealedUrl(change.url))),
      ...(change.events !== undefined && { events: change.events === null ? null : JSON.stringify(change.events) }),
      includeFailedSignatures: change.includeFailedSignatures,
      ...(change.secret !== undefined && { secret: sealedSecret(change.secret) }),
      timeoutMs: change.timeoutMs,
      // Resumed by a person: the failures that paused it are behind it.
      ...(change.enabled !== undefined && { enabled: change.enabled, pausedReason: null, failingSince: null }),
    },
  });
  return recordOf(updated);
}

export async function deleteDestination(id: number): Promise<boolean> {
  const { count } = await db.destination.deleteMany({ where: { id } });
  return count === 1;
}

export async function listDestinationRecords(): Promise<DestinationRecord[]> {
  return (await db.destination.findMany({ orderBy: { id: "asc" }, omit: WITH_SEALED_SECRET })).map(recordOf);
}

export async function findDestinationRecord(id: number): Promise<DestinationRecord | null> {
  const row = await db.destination.findUnique({ where: { id }, omit: WITH_SEALED_SECRET });
  return row && recordOf(row);
}

/** A destination as a send needs it: its URL and secret opened. */
export interface OpenDestination {
  id: number;
  url: string;
  secret: string | null;
  timeoutMs: number;
}

export async function openDestination(id: number): Promise<OpenDestination | null> {
  const row = await db.destination.findUnique({ where: { id }, omit: { url: false, secret: false } });
  if (!row) return null;
  const key = sealingKey().key;
  return {
    id: row.id,
    url: unseal(row.url, key, URL_PURPOSE),
    secret: row.secret === null ? null : unseal(row.secret, key, SECRET_PURPOSE),
    timeoutMs: row.timeoutMs,
  };
}

/** What scheduling needs of each enabled destination. */
export interface ActiveDestination {
  id: number;
  events: string[] | null;
  includeFailedSignatures: boolean;
}

/**
 * Read at each scheduling pass (at most twice a second, one small table): a cached list would
 * name a destination another instance just deleted, and its jobs would break the foreign key.
 */
export async function activeDestinations(): Promise<ActiveDestination[]> {
  const rows = await db.destination.findMany({
    where: { enabled: true },
    select: { id: true, events: true, includeFailedSignatures: true },
  });
  return rows.map((row) => ({
    id: row.id,
    events: eventsOf(row),
    includeFailedSignatures: row.includeFailedSignatures,
  }));
}

/** After a failed attempt: the run of failures starts now unless it already had. */
export async function noteDestinationFailure(id: number, at: Date): Promise<Date> {
  await db.destination.updateMany({ where: { id, failingSince: null }, data: { failingSince: at } });
  const row = await db.destination.findUnique({ where: { id }, select: { failingSince: true } });
  return row?.failingSince ?? at;
}

export async function noteDestinationSuccess(id: number): Promise<void> {
  await db.destination.updateMany({ where: { id, failingSince: { not: null } }, data: { failingSince: null } });
}

/** Paused by the app: nothing more is sent until a person resumes it. */
export async function pauseDestination(id: number, reason: string): Promise<void> {
  await db.destination.updateMany({ where: { id, enabled: true }, data: { enabled: false, pausedReason: reason } });
}
