import type { LaunchOptions } from "@playwright/test";

/** The system Chromium (README: `apt-get install chromium`), quiet: no sandbox, GPU or background traffic. */
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
