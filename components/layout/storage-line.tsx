import { deletesOldDeliveries, retentionSummary } from "@/lib/retention/config";
import { storageSummary } from "@/lib/retention/storage";

const SIZE_UNITS = ["bytes", "KB", "MB", "GB", "TB"];

function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${SIZE_UNITS[unit]}`;
}

const DAY = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * The header's word on the disk: how large the database is, how many deliveries it holds since
 * when, and how long it keeps them. Without RETENTION_DAYS it grows for ever, so it says so.
 */
export async function StorageLine() {
  const summary = await storageSummary().catch(() => undefined);
  const retention = retentionSummary();
  if (!summary) return <span className="hidden text-xs text-slate-500 md:inline">{retention}</span>;
  const keepsEverything = !deletesOldDeliveries();
  const held = `${summary.deliveries.toLocaleString("en")} ${summary.deliveries === 1 ? "delivery" : "deliveries"}`;
  return (
    <span
      className="hidden text-xs text-slate-500 md:inline"
      title={
        keepsEverything
          ? "Set RETENTION_DAYS to delete old deliveries: the database grows with every request until then"
          : undefined
      }
    >
      <span data-storage="size">{formatSize(summary.databaseBytes)}</span> · {held}
      {summary.oldestAt && ` since ${DAY.format(summary.oldestAt)}`} · {retention}
    </span>
  );
}
