import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER } from "../http/request-source";
import { headersToStore, REMOVED_SESSION } from "./stored-headers";

describe("headersToStore", () => {
  it("keeps every header in order, as received", () => {
    const headers = new Headers([
      ["x-hub-signature", "abc"],
      ["cookie", "theme=dark"],
      ["content-type", "application/json"],
    ]);
    expect(headersToStore(headers)).toEqual([...headers]);
  });

  it("keeps the dashboard's session cookie out, and the other cookies beside it", () => {
    const stored = headersToStore(
      new Headers([["cookie", "theme=dark; awm_session=v1.1796330752.0HsGCJoW88EY; xawm_session=kept; lang=en"]]),
    );
    expect(stored).toEqual([["cookie", `theme=dark; awm_session=${REMOVED_SESSION}; xawm_session=kept; lang=en`]]);
  });

  it("finds the session in repeated Cookie headers, however they were joined", () => {
    const headers = new Headers();
    headers.append("cookie", "awm_session=v1.1.first");
    headers.append("cookie", "awm_session=v1.2.second");
    const [[, value]] = headersToStore(headers);
    expect(value).not.toMatch(/first|second/);
    expect(value.match(/awm_session=\[removed\]/g)).toHaveLength(2);
  });

  it("leaves out the peer address our server added: it is the delivery's remote address, not a header sent", () => {
    const stored = headersToStore(
      new Headers([
        [PEER_ADDRESS_HEADER, "203.0.113.5"],
        ["x-accelo-event", "assign_task"],
      ]),
    );
    expect(stored).toEqual([["x-accelo-event", "assign_task"]]);
  });
});
