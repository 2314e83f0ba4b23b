import { describe, expect, it } from "vitest";
import { spawnStandIn } from "./spawn-stand-in";

describe("the stand-in in a process of its own", () => {
  it("listens on a port of its own choosing, logs what it answered, and stops", async () => {
    const standIn = await spawnStandIn();
    try {
      expect(standIn.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const unauthorized = await fetch(`${standIn.origin}/api/v0/tasks/7`);
      expect(unauthorized.status).toBe(401);
      expect(await standIn.requests()).toEqual([
        expect.objectContaining({ method: "GET", type: "tasks", id: "7", status: 401 }),
      ]);
    } finally {
      await standIn.close();
    }
    await expect(fetch(`${standIn.origin}/__control/requests`)).rejects.toThrow();
  });
});
