/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets tests and benchmarks build into a folder of their own beside a developer's .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM modules are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
  ],
  poweredByHeader: false,
  // npm test runs `tsc --noEmit` over the whole project just before it builds; it sets this so
  // the build does not check the same files a second time.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
};

export default nextConfig;
