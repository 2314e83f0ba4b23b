const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request was sent by a page of another site. Browsers send Origin on
 * every cross-origin POST and fetch; older ones may only send Sec-Fetch-Site. A request with
 * neither did not come from a browser page (curl, scripts) and carries no ambient session to abuse.
 * The host compared against is the one the client addressed (X-Forwarded-Host behind a proxy).
 */
export function isCrossSiteRequest(method: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  // Under Referrer-Policy: no-referrer, which the dashboard sends, a browser posts its own forms
  // with Origin: null; Sec-Fetch-Site, which no page can set, still says where they came from.
  if (origin === "null") return headers.get("sec-fetch-site") !== "same-origin";
  if (origin !== null) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    if (!host) return true;
    try {
      return new URL(origin).host !== host.split(",")[0].trim().toLowerCase();
    } catch {
      return true;
    }
  }
  const fetchSite = headers.get("sec-fetch-site");
  return fetchSite === "cross-site" || fetchSite === "same-site";
}
