/** @type {import('next').NextConfig} */
const nextConfig = {
  // Compression would buffer text/event-stream responses of the gateway route handler
  // (DESIGN.md §4); a reverse proxy in front can compress the console's assets instead.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // Native addons and Prisma's wasm runtime are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "ioredis", "@node-rs/argon2"],
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
