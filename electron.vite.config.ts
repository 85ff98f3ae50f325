import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const alias = { '@contract': resolve(__dirname, 'src-main/contract') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      lib: { entry: { index: resolve(__dirname, 'src-main/shell/main.ts') } },
      // electron-store is ESM-only: bundle it into the CJS main bundle instead of require()-ing it
      externalizeDeps: { exclude: ['electron-store'] }
    }
  },
  preload: {
    resolve: { alias },
    // a sandboxed preload must be one self-contained CJS file
    build: { lib: { entry: resolve(__dirname, 'src-preload/index.ts') }, externalizeDeps: false }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias },
    build: { minify: true, chunkSizeWarningLimit: 2048, rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') } },
    plugins: [react()]
  }
})
