import { db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";

export type NewDelivery = Omit<Prisma.DeliveryUncheckedCreateInput, "id" | "duplicateOfId">;

export interface StoredDelivery {
  id: number;
  duplicateOfId: number | null;
}

/** Stores a delivery, linked to the first earlier one with the same fingerprint if any. */
export async function storeDelivery(delivery: NewDelivery): Promise<StoredDelivery> {
  const original = await db.delivery.findFirst({
    where: { fingerprint: delivery.fingerprint },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  const stored = await db.delivery.create({
    data: { ...delivery, duplicateOfId: original?.id ?? null },
    select: { id: true, duplicateOfId: true },
  });
  return stored;
}
