import { describe, expect, it } from "vitest";
import { DatabaseTimeoutError, isDatabaseUnavailable } from "./errors";

/** The shape Prisma 7 gives a failed $queryRaw / $executeRaw (P2010), as seen through the pg adapter. */
function rawQueryError(kind: string, message = "Raw query failed.") {
  return Object.assign(new Error(message), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind } } },
  });
}

describe("isDatabaseUnavailable", () => {
  it("recognises a raw query whose connection the server closed", () => {
    expect(
      isDatabaseUnavailable(
        rawQueryError(
          "ConnectionClosed",
          "Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`",
        ),
      ),
    ).toBe(true);
  });

  it("does not take a raw query that is wrong for the database being away", () => {
    expect(isDatabaseUnavailable(rawQueryError("UniqueConstraintViolation"))).toBe(false);
    expect(isDatabaseUnavailable(rawQueryError("TableDoesNotExist"))).toBe(false);
  });

  it("recognises a refused connection, a pool timeout and its own deadline", () => {
    expect(isDatabaseUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:5432"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Timed out fetching a connection"), { code: "P2024" }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new DatabaseTimeoutError(5000))).toBe(true);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "SELEC"'))).toBe(false);
  });
});
