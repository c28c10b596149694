import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { precompress, WEB_OUT_DIR, webSourcesHash, writeStamp } from './scripts/web-build'

const api = 'http://localhost:3000'
const repo = fileURLToPath(new URL('.', import.meta.url))

/**
 * After a production build: brotli and gzip twins of every text file (served as they are by
 * the server), then the stamp of the sources the build was made from — hashed when the build
 * started, so a file edited during the build makes the next `npm start` build again.
 */
function shipReady(): Plugin {
  let sources = ''
  let outDir = ''
  return {
    name: 'corkboard-ship-ready',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    buildStart() {
      sources = webSourcesHash(repo)
    },
    // only once the files are written: a failed build leaves no stamp
    async writeBundle() {
      await precompress(outDir)
      writeStamp(outDir, sources)
    },
  }
}

export default defineConfig({
  root: 'web',
  plugins: [react(), shipReady()],
  build: {
    outDir: join(repo, WEB_OUT_DIR),
    emptyOutDir: true,
    // compressing at brotli's best quality takes most of a build, by design: no need to warn
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: {
      '/v5': { target: api, ws: true },
      '/media': api,
      '/docs': api,
      '/healthz': api,
    },
  },
})
