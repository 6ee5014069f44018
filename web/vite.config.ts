/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The build lands inside the Python package, so `modelreg serve` (and the wheel) ship the UI.
const api = process.env.MODELREG_URL ?? "http://127.0.0.1:8740";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../src/modelreg/webui/static",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // Inline nothing: the Content-Security-Policy allows scripts, styles and images from 'self' only.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { "/api": api, "/healthz": api, "/readyz": api },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
