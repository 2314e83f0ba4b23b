import "server-only";
import { db } from "../db/client";
import type { AlertRule } from "../db/prisma";
import { DomainError } from "../errors";
import { type NewRule, type RuleChange, type RuleCondition, ruleConditionSchema } from "./schemas";

// Every query of the AlertRule table. The condition's parameters are kept as JSON beside its kind.

export interface RuleRecord {
  id: number;
  name: string;
  condition: RuleCondition;
  channels: number[] | null;
  enabled: boolean;
  createdAt: Date;
}

function recordOf(row: AlertRule): RuleRecord {
  return {
    id: row.id,
    name: row.name,
    condition: ruleConditionSchema.parse({ ...(JSON.parse(row.params) as object), kind: row.kind }),
    channels: row.channels === null ? null : (JSON.parse(row.channels) as number[]),
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}

function columnsOf(condition: RuleCondition): { kind: string; params: string } {
  const { kind, ...params } = condition;
  return { kind, params: JSON.stringify(params) };
}

const channelsColumn = (channels: number[] | null) => (channels === null ? null : JSON.stringify(channels));

/** A rule names only channels that exist. */
async function checkChannels(channels: number[] | null | undefined): Promise<void> {
  if (!channels || channels.length === 0) return;
  const found = await db.alertChannel.count({ where: { id: { in: channels } } });
  if (found !== channels.length) throw new DomainError("bad_request", "A channel the rule names does not exist");
}

export async function createRule(input: NewRule): Promise<RuleRecord> {
  await checkChannels(input.channels);
  const row = await db.alertRule.create({
    data: {
      name: input.name,
      ...columnsOf(input.condition),
      channels: channelsColumn(input.channels),
      enabled: input.enabled,
    },
  });
  return recordOf(row);
}

export async function updateRule(id: number, change: RuleChange): Promise<RuleRecord> {
  await checkChannels(change.channels);
  const { count } = await db.alertRule.updateMany({
    where: { id },
    data: {
      name: change.name,
      ...(change.condition && columnsOf(change.condition)),
      ...(change.channels !== undefined && { channels: channelsColumn(change.channels) }),
      enabled: change.enabled,
    },
  });
  if (count === 0) throw new DomainError("not_found", `No alert rule with id ${id}`);
  return recordOf(await db.alertRule.findUniqueOrThrow({ where: { id } }));
}

export async function deleteRule(id: number): Promise<boolean> {
  const { count } = await db.alertRule.deleteMany({ where: { id } });
  return count === 1;
}

export async function listRules({ enabledOnly = false } = {}): Promise<RuleRecord[]> {
  const rows = await db.alertRule.findMany({ where: enabledOnly ? { enabled: true } : {}, orderBy: { id: "asc" } });
  return rows.map(recordOf);
}
