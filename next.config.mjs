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
};

export default nextConfig;
