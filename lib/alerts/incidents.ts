import "server-only";
import { db } from "../db/client";
import type { AlertIncident } from "../db/prisma";
import type { IncidentView } from "./schemas";

// Every query of the AlertIncident table. An open incident carries its rule's id in the unique
// openRuleId: of two instances that find the same condition, one inserts and the other is refused.

export interface Finding {
  summary: string;
  count: number | null;
  reasons: string[];
  link: string | null;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "P2002";
}

/** Opens the rule's incident; null when one is open already (here or on another instance). */
export async function openIncident(ruleId: number, finding: Finding, at: Date): Promise<AlertIncident | null> {
  // The usual case while a condition lasts, answered without provoking the unique violation.
  if (await db.alertIncident.findUnique({ where: { openRuleId: ruleId }, select: { id: true } })) return null;
  try {
    return await db.alertIncident.create({
      data: {
        ruleId,
        openRuleId: ruleId,
        openedAt: at,
        summary: finding.summary,
        count: finding.count,
        reasons: JSON.stringify(finding.reasons),
        link: finding.link,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Resolves the rule's open incident; null when none is open or another instance resolved it first. */
export async function resolveIncident(ruleId: number, at: Date): Promise<AlertIncident | null> {
  const open = await db.alertIncident.findUnique({ where: { openRuleId: ruleId } });
  if (!open) return null;
  const { count } = await db.alertIncident.updateMany({
    where: { id: open.id, openRuleId: ruleId },
    data: { openRuleId: null, resolvedAt: at },
  });
  return count === 1 ? { ...open, openRuleId: null, resolvedAt: at } : null;
}

export async function findIncident(id: number) {
  return db.alertIncident.findUnique({ where: { id }, include: { rule: { select: { name: true, kind: true } } } });
}

type WithRuleName = AlertIncident & { rule: { name: string } };

export function incidentView(row: WithRuleName): IncidentView {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.rule.name,
    openedAt: row.openedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    summary: row.summary,
    count: row.count,
    reasons: JSON.parse(row.reasons) as string[],
    link: row.link,
  };
}

/** The latest incidents, open or resolved, newest first. */
export async function recentIncidents(limit = 20): Promise<IncidentView[]> {
  const rows = await db.alertIncident.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { rule: { select: { name: true } } },
  });
  return rows.map(incidentView);
}

/** Each open incident by its rule's id. */
export async function openIncidentsByRule(): Promise<Map<number, IncidentView>> {
  const rows = await db.alertIncident.findMany({
    where: { openRuleId: { not: null } },
    include: { rule: { select: { name: true } } },
  });
  return new Map(rows.map((row) => [row.ruleId, incidentView(row)]));
}
