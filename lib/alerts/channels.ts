import "server-only";
import { db } from "../db/client";
import type { AlertChannel } from "../db/prisma";
import { DomainError } from "../errors";
import { checkForwardUrl } from "../forwarding/address-guard";
import { forwardingConfig } from "../forwarding/config";
import { seal, unseal } from "../secrets/seal";
import { sealingKey } from "../secrets/sealing-key";
import type { ChannelChange, ChannelKind, ChannelTarget, ChannelView, NewChannel } from "./schemas";

// Every query of the AlertChannel table. The target (an incoming-webhook URL, whose path or query
// is the token that lets anyone post to the team's chat, or the email recipients) is sealed at
// rest and opened only to send.

const TARGET_PURPOSE = "alert-channel.target";

export type ChannelRecord = Omit<AlertChannel, "target" | "kind"> & { kind: ChannelKind };

/**
 * Sealed for the row, with what the pages show instead: a URL's scheme and host only (Slack's and
 * Teams' tokens are in its path), or how many recipients. A URL is checked when saved, as a
 * destination's is, and again at every connection (lib/http/guarded-post.ts).
 */
async function sealedTarget(target: ChannelTarget): Promise<{ target: string; displayTarget: string }> {
  const key = sealingKey().key;
  if (target.kind === "email") {
    const count = target.to.length;
    return {
      target: seal(JSON.stringify(target.to), key, TARGET_PURPOSE),
      displayTarget: `${count} recipient${count === 1 ? "" : "s"}`,
    };
  }
  const url = await checkForwardUrl(target.url, forwardingConfig().allowPrivateNetworks);
  return { target: seal(url.href, key, TARGET_PURPOSE), displayTarget: `${url.protocol}//${url.host}` };
}

const recordOf = (row: Omit<AlertChannel, "target">): ChannelRecord => ({ ...row, kind: row.kind as ChannelKind });

export async function createChannel(input: NewChannel): Promise<ChannelRecord> {
  const created = await db.alertChannel.create({
    data: { name: input.name, kind: input.kind, enabled: input.enabled, ...(await sealedTarget(input)) },
  });
  return recordOf(created);
}

export async function updateChannel(id: number, change: ChannelChange): Promise<ChannelRecord> {
  const { count } = await db.alertChannel.updateMany({ where: { id }, data: change });
  if (count === 0) throw new DomainError("not_found", `No channel with id ${id}`);
  return recordOf(await db.alertChannel.findUniqueOrThrow({ where: { id } }));
}

export async function deleteChannel(id: number): Promise<boolean> {
  const { count } = await db.alertChannel.deleteMany({ where: { id } });
  return count === 1;
}

export async function findChannelRecord(id: number): Promise<ChannelRecord | null> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  return row && recordOf(row);
}

/** Every channel with its retry state, as the page shows it. */
export async function listChannelViews(): Promise<ChannelView[]> {
  const [rows, retrying] = await Promise.all([
    db.alertChannel.findMany({ orderBy: { id: "asc" } }),
    db.alertNotification.groupBy({
      by: ["channelId"],
      where: { status: { in: ["pending", "running"] }, attempts: { gt: 0 } },
      _count: { _all: true },
      _max: { attempts: true },
    }),
  ]);
  const byChannel = new Map(retrying.map((group) => [group.channelId, group]));
  return rows.map((row) => channelView(recordOf(row), byChannel.get(row.id)));
}

export function channelView(
  record: ChannelRecord,
  retrying?: { _count: { _all: number }; _max: { attempts: number | null } },
): ChannelView {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    displayTarget: record.displayTarget,
    enabled: record.enabled,
    lastError: record.lastError,
    lastErrorAt: record.lastErrorAt?.toISOString() ?? null,
    lastSentAt: record.lastSentAt?.toISOString() ?? null,
    retrying: retrying?._count._all ?? 0,
    maxAttempts: retrying?._max.attempts ?? 0,
    createdAt: record.createdAt.toISOString(),
  };
}

/** A channel as a send needs it: its target opened. */
export interface OpenChannel {
  id: number;
  name: string;
  target: ChannelTarget;
}

export async function openChannel(id: number): Promise<OpenChannel | null> {
  const row = await db.alertChannel.findUnique({ where: { id }, omit: { target: false } });
  if (!row) return null;
  const opened = unseal(row.target, sealingKey().key, TARGET_PURPOSE);
  const kind = row.kind as ChannelKind;
  const target: ChannelTarget = kind === "email" ? { kind, to: JSON.parse(opened) as string[] } : { kind, url: opened };
  return { id: row.id, name: row.name, target };
}

/** The ids of the enabled channels among `ids` (every enabled one when null). */
export async function enabledChannelIds(ids: readonly number[] | null): Promise<number[]> {
  const rows = await db.alertChannel.findMany({
    where: { enabled: true, ...(ids !== null && { id: { in: [...ids] } }) },
    select: { id: true },
  });
  return rows.map(({ id }) => id);
}

/** What a send came to, kept on the channel so the page can show its last error. */
export async function noteChannelOutcome(id: number, error: string | null, at: Date): Promise<void> {
  await db.alertChannel.updateMany({
    where: { id },
    data:
      error === null ? { lastSentAt: at, lastError: null, lastErrorAt: null } : { lastError: error, lastErrorAt: at },
  });
}
