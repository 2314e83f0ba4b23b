// The one factory of React Query keys. Mutations invalidate through it, so a key's shape is
// decided here only: `all` prefixes let a mutation invalidate exactly one family.
export const queryKeys = {
  deliveries: {
    all: ["deliveries"] as const,
    lists: () => [...queryKeys.deliveries.all, "list"] as const,
    list: (filters: Record<string, unknown>) => [...queryKeys.deliveries.lists(), filters] as const,
    recentFailures: () => [...queryKeys.deliveries.all, "recent-failures"] as const,
    details: () => [...queryKeys.deliveries.all, "detail"] as const,
    detail: (id: number) => [...queryKeys.deliveries.details(), id] as const,
    forwarding: (id: number) => [...queryKeys.deliveries.all, "forwarding", id] as const,
  },
  overview: {
    all: ["overview"] as const,
    range: (query: Record<string, unknown>) => [...queryKeys.overview.all, query] as const,
  },
  destinations: {
    all: ["destinations"] as const,
    list: () => [...queryKeys.destinations.all, "list"] as const,
  },
  alerts: {
    all: ["alerts"] as const,
    /** The rules with their state and the latest incidents: one answer, GET /api/alert-rules. */
    rules: () => [...queryKeys.alerts.all, "rules"] as const,
    channels: () => [...queryKeys.alerts.all, "channels"] as const,
  },
  replays: {
    all: ["replays"] as const,
    count: (filters: Record<string, unknown>, destinationId: number) =>
      [...queryKeys.replays.all, "count", filters, destinationId] as const,
    progress: (id: number) => [...queryKeys.replays.all, "progress", id] as const,
  },
  resources: {
    all: ["resources"] as const,
    timeline: (type: string, id: string) => [...queryKeys.resources.all, type, id] as const,
  },
  snapshots: {
    all: ["snapshots"] as const,
    ofDelivery: (deliveryId: number) => [...queryKeys.snapshots.all, "delivery", deliveryId] as const,
    /** Two stored snapshots never change, so nothing invalidates a comparison. */
    comparison: (type: string, id: string, from: number, to: number) =>
      [...queryKeys.snapshots.all, "comparison", type, id, from, to] as const,
  },
  accelo: {
    connection: () => ["accelo", "connection"] as const,
  },
  subscriptions: {
    all: ["subscriptions"] as const,
    overview: () => [...queryKeys.subscriptions.all, "overview"] as const,
  },
  views: {
    all: ["views"] as const,
    list: () => [...queryKeys.views.all, "list"] as const,
  },
  account: {
    all: ["account"] as const,
    sessions: () => [...queryKeys.account.all, "sessions"] as const,
    tokens: () => [...queryKeys.account.all, "tokens"] as const,
  },
};
