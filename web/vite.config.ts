import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app's own folder, whatever directory the build is started from. */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const server = 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        // The date pickers stay out of them, in the composer's lazily loaded chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/](?!@mantine[\\/]dates|dayjs)/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/l': server,
    },
  },
});
