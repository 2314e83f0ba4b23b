import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, splitIntoDays } from "./hours";

const hourWindow = fc
  .tuple(fc.integer({ min: 0, max: 24 * 200 }), fc.integer({ min: 1, max: 24 * 100 }))
  .map(([start, length]) => ({
    from: new Date(Date.UTC(2026, 0, 1) + start * HOUR_MS),
    to: new Date(Date.UTC(2026, 0, 1) + (start + length) * HOUR_MS),
  }));

describe("splitIntoDays", () => {
  it("cuts any window of whole hours into whole UTC days and the hours at its ends, in order, without gap or overlap", () => {
    fc.assert(
      fc.property(hourWindow, (window) => {
        const { days, hours } = splitIntoDays(window);
        const pieces = [...hours, ...(days ? [days] : [])].sort((a, b) => a.from.getTime() - b.from.getTime());
        expect(pieces[0].from).toEqual(window.from);
        expect(pieces.at(-1)?.to).toEqual(window.to);
        for (let index = 1; index < pieces.length; index++) expect(pieces[index].from).toEqual(pieces[index - 1].to);
        for (const piece of pieces) expect(piece.from.getTime()).toBeLessThan(piece.to.getTime());
        if (days) {
          expect(days.from.getTime() % DAY_MS).toBe(0);
          expect(days.to.getTime() % DAY_MS).toBe(0);
          // The hours left over never make up a whole day of their own.
          for (const part of hours) expect(part.to.getTime() - part.from.getTime()).toBeLessThan(DAY_MS);
        } else {
          expect(hours).toEqual([window]);
        }
      }),
    );
  });
});
