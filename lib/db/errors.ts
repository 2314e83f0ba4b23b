/** Thrown when the database does not answer within the time the receiver can wait. */
export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`The database did not answer within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

/**
 * The database refused a delivery even in its reduced form. Nothing was stored, so the receiver
 * answers as it does when the database is away (503), and the sender tries again later.
 */
export class RowRefusedError extends Error {
  constructor(cause: unknown) {
    super("The database refused the delivery even in its reduced form", { cause });
    this.name = "RowRefusedError";
  }
}

// P2024: no pool connection in time; P2028: a transaction could not start in time.
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNREACHABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
const UNREACHABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connection timeout|timeout exceeded when trying to connect|database is locked|SQLITE_BUSY|the database system is (starting up|shutting down)/i;

/**
 * True when an error means "the database is not there right now" rather than "this query is
 * wrong": the receiver answers 503 for these so that Accelo tries again later.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DatabaseTimeoutError || current instanceof RowRefusedError) return true;
    const candidate = current as {
      name?: string;
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (typeof candidate.code === "string" && UNREACHABLE_PRISMA_CODES.has(candidate.code)) return true;
    if (typeof candidate.kind === "string" && UNREACHABLE_ADAPTER_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && UNREACHABLE_MESSAGE.test(candidate.message)) return true;
    // A raw query's failure (P2010) carries the driver's error in meta rather than as its cause.
    current = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}

/** Races a database call against a deadline, so that a vanished server means a quick 503, not a hang. */
export async function withDatabaseDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
