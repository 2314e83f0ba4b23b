/** Runs once when a server process starts, before it answers any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A secret set to nothing reads like a mistake in the deployment's settings, yet quietly means
  // "check nothing": say so once, where whoever deployed it looks. (Unset is the documented choice.)
  const { webhookSecretState } = await import("./lib/receiver/config");
  if (webhookSecretState() === "blank") {
    console.warn(
      "[receiver] ACCELO_WEBHOOK_SECRET is set but holds no secret (only spaces or commas), so deliveries are not " +
        "verified: they are stored as unverified. Set it to your Accelo subscription's secret (several separated " +
        "by commas), or unset it to run without one.",
    );
  }
  // Compiles the receiver's statements now, so the first delivery is answered as fast as the rest.
  const { prepareDeliveryStore } = await import("./lib/receiver/store");
  await prepareDeliveryStore().catch((error: unknown) => {
    console.error("Could not prepare the delivery store yet:", error instanceof Error ? error.message : error);
  });
  // The overview's hourly rollups, counted once from the deliveries stored before they existed;
  // afterwards every write keeps them. Retried at the next start if the database is not up yet.
  const { buildRollupsOnce } = await import("./lib/insights/rollups");
  await buildRollupsOnce().catch((error: unknown) => {
    console.error("Could not build the overview's rollups yet:", error instanceof Error ? error.message : error);
  });
  // Loading the auth configuration now generates and prints the dashboard password on the first
  // start, rather than when someone first opens the login page. A database that is not up yet is
  // not fatal: the first request that needs the configuration loads it again.
  // The key that seals secrets at rest is read (or, the first time, generated) now as well.
  const { authConfig } = await import("./lib/auth/auth-config");
  const { StartupSettingError } = await import("./lib/errors");
  const { sealingKey } = await import("./lib/secrets/sealing-key");
  await (async () => {
    sealingKey();
    await authConfig();
  })().catch((error: unknown) => {
    // A password or key the server must not run with is refused here, before anyone can sign in.
    if (error instanceof StartupSettingError) {
      console.error(`Refusing to start: ${error.message}`);
      process.exit(1);
    }
    console.error("Could not load the sign-in configuration yet:", error instanceof Error ? error.message : error);
  });
  // Fetches the resources deliveries point to, in the background, when an Accelo API is set.
  const { startFetchWorkerFromEnv } = await import("./lib/fetch-queue/worker");
  startFetchWorkerFromEnv();
  // Looks at the Accelo token now and hourly, so every page can say when it is about to expire.
  const { startConnectionCheckFromEnv } = await import("./lib/accelo/connection");
  startConnectionCheckFromEnv();
  // Forwards stored deliveries to the destinations set under Settings, from a durable queue.
  const { startForwardWorker } = await import("./lib/forwarding/worker");
  startForwardWorker();
  // Notices a subscription Accelo deleted on its own, at most every 5 minutes across instances.
  const { startSubscriptionWatchFromEnv } = await import("./lib/subscriptions/watch");
  startSubscriptionWatchFromEnv();
  // Evaluates the alert rules set under Settings → Alerts and sends what they owe their channels.
  const { startAlertWorker } = await import("./lib/alerts/worker");
  startAlertWorker();
  // Deletes deliveries older than RETENTION_DAYS, when it is set.
  const { startRetentionFromEnv } = await import("./lib/retention/worker");
  startRetentionFromEnv();
}
