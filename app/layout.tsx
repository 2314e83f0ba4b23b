import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy's nonce (proxy.ts) is new each
// time, and a page prerendered at build time would carry scripts without it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Accelo Webhook Monitor",
  description: "Every Accelo webhook delivery: what arrived, whether it was genuine, what changed.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
